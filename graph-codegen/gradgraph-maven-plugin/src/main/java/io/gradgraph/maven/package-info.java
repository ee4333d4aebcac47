/**
 * The {@code gradgraph-maven-plugin}: its one goal, {@code generate} ({@link
 * io.gradgraph.maven.GenerateMojo}), compiles the project's {@code src/main/graphs} sources, runs each
 * {@link io.gradgraph.codegen.GraphDefinition} found there and writes the generated step classes to
 * {@code target/generated-sources/gradgraph}, which it adds to the compile sources. See docs/codegen.md.
 */
package io.gradgraph.maven;
