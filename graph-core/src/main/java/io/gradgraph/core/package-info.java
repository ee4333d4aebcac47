/**
 * Graphs, shapes, symbolic reverse-mode autodiff, simplification, evaluation and equation printing.
 *
 * <p>Start with {@link io.gradgraph.core.Graph}: it creates inputs, parameters and every op's node
 * (simplifying as it builds), with {@link io.gradgraph.core.Shape}s whose sizes may be symbolic (the
 * batch size {@code m}); {@link io.gradgraph.core.Graph#gradients} adds the backward pass to the same
 * graph as new nodes ({@link io.gradgraph.core.Gradients}). {@link io.gradgraph.core.EquationPrinter}
 * prints either pass in the course's notation, as text or LaTeX.
 *
 * <p>To run outputs, {@link io.gradgraph.core.Interpreter} (or any {@link io.gradgraph.core.Backend},
 * such as the generated code of {@code graph-codegen}) makes an {@link io.gradgraph.core.Executable},
 * safe to share between threads, that runs on {@link io.gradgraph.core.Bindings} and returns
 * {@link io.gradgraph.core.Results}; a {@link io.gradgraph.core.Workspace} reuses its buffers in a
 * loop that must not allocate. Bad graphs and bindings throw {@link io.gradgraph.core.GraphException}
 * naming the node, op and shapes.
 *
 * <p>Each op is one {@link io.gradgraph.core.Op} holding its shape rule, evaluation, gradient
 * (vector-Jacobian product as graph nodes), printed form and {@link io.gradgraph.core.Lowering} for
 * generated code; the built-in ones are {@link io.gradgraph.core.Leaf},
 * {@link io.gradgraph.core.Elementwise}, {@link io.gradgraph.core.Structural} (with the
 * {@link io.gradgraph.core.Reduction}s sum, max and min) and {@link io.gradgraph.core.Categorical}
 * (softmax, log-sum-exp, the softmax cross-entropy) ops. A user's op implements {@code Op} the same
 * way and gets autodiff, printing and generated code (see {@code docs/ops.md} and
 * {@code docs/architecture.md}).
 */
package io.gradgraph.core;
