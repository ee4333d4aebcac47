/**
 * Graphs, shapes, symbolic reverse-mode autodiff, simplification, evaluation and equation printing.
 *
 * <p>Start with {@link io.gradgraph.core.Graph}: it creates inputs, parameters and every op's node
 * (simplifying as it builds), and {@link io.gradgraph.core.Graph#gradients} adds the backward pass to the
 * same graph. {@link io.gradgraph.core.EquationPrinter} prints either pass in the course's notation;
 * {@link io.gradgraph.core.Interpreter} (or any {@link io.gradgraph.core.Backend}) turns outputs into an
 * {@link io.gradgraph.core.Executable} that runs on {@link io.gradgraph.core.Bindings}. Each op is one
 * {@link io.gradgraph.core.Op} class holding its shape rule, evaluation, gradient and printed form.
 */
package io.gradgraph.core;
