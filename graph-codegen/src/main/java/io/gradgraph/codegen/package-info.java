/** GradGraph codegen. */
package io.gradgraph.codegen;
