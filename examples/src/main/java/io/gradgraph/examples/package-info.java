/**
 * The command line (not published): {@link io.gradgraph.examples.Main} dispatches to one command per
 * program ({@code planar}, {@code logistic}, {@code deep}, {@code gradcheck}, {@code codegen},
 * {@code equations}), each an ordinary user of graph-core, graph-codegen and nn; {@code Plots} draws
 * the PNG figures. See docs/cli.md.
 */
package io.gradgraph.examples;
