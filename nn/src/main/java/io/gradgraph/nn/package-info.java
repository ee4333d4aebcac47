/**
 * Neural networks on GradGraph graphs: models, training, regularization and gradient checking.
 *
 * <p>Start with a model ({@link io.gradgraph.nn.LogisticRegression}, {@link
 * io.gradgraph.nn.ShallowNetwork}, {@link io.gradgraph.nn.DeepNetwork}) and its {@code fit} with a
 * {@link io.gradgraph.nn.TrainingConfig} (iterations or epochs, mini-batches, {@link
 * io.gradgraph.nn.Optimizer}, L2, dropout); {@link io.gradgraph.nn.GradientCheck} runs the course's
 * gradient check and {@link io.gradgraph.nn.NumpyRandom} reproduces numpy's random numbers. Data sets
 * are in {@link io.gradgraph.nn.data}, {@code .npy}/{@code .npz} files in {@link io.gradgraph.nn.io}.
 */
package io.gradgraph.nn;
