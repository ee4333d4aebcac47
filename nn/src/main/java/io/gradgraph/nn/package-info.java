/**
 * Neural networks on GradGraph graphs: models, training, regularization and gradient checking.
 *
 * <p>Start with a built-in model ({@link io.gradgraph.nn.LogisticRegression}, {@link
 * io.gradgraph.nn.ShallowNetwork}, {@link io.gradgraph.nn.DeepNetwork}, whose
 * {@link io.gradgraph.nn.OutputLayer} may be a softmax over classes), or describe your own with
 * {@link io.gradgraph.nn.Model#builder}: parameters, a forward pass built on a
 * {@link io.gradgraph.nn.ModelContext}, a {@link io.gradgraph.nn.Loss} and a
 * {@link io.gradgraph.nn.Prediction} rule; the built-in models are made the same way. A
 * {@link io.gradgraph.nn.Network} holds a model's parameter values and trains it: {@code fit} with a
 * {@link io.gradgraph.nn.TrainingConfig} (iterations or epochs, mini-batches, an
 * {@link io.gradgraph.nn.Optimizer}, L2, dropout) returns the {@link io.gradgraph.nn.History} of its
 * costs and stops with a {@link io.gradgraph.nn.NonFiniteCostException} when the cost stops being
 * finite; {@code predict}, {@code accuracy}, {@code evaluate} (with a {@link io.gradgraph.nn.Metric}),
 * {@code save} and {@code load} use the trained values. {@link io.gradgraph.nn.GradientCheck} runs the
 * course's gradient check, and {@link io.gradgraph.nn.NumpyRandom} reproduces numpy's random numbers.
 * Data sets are in {@link io.gradgraph.nn.data}, {@code .npy}/{@code .npz} files in
 * {@link io.gradgraph.nn.io}.
 */
package io.gradgraph.nn;
