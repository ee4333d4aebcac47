/**
 * A testing kit for graphs, to put on a test class path: gradient checks, second-order checks,
 * interpreter agreement and a backend contract, with jqwik arbitraries to drive them.
 *
 * <p>{@link io.gradgraph.testing.Gradcheck} compares autodiff's gradients of any node with central
 * differences (every entry, or random projections) and its Hessian-vector products with differences
 * of gradients, reporting the worst entries. {@link io.gradgraph.testing.Agreement} checks an
 * {@link io.gradgraph.core.Executable} against the interpreter bit for bit, and
 * {@link io.gradgraph.testing.BackendContract} is the test class any {@link io.gradgraph.core.Backend}
 * can extend. {@link io.gradgraph.testing.GraphArbitraries}, {@link io.gradgraph.testing.Domain} and
 * {@link io.gradgraph.testing.RandomGraphs} generate shapes, values away from kinks and random graphs
 * over the {@link io.gradgraph.testing.OpCatalogue}, the one list of every op the project's own tests
 * derive from. A complete suite for a user's model is in {@code docs/testing.md}.
 */
package io.gradgraph.testing;
