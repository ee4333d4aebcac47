/** GradGraph examples. */
package io.gradgraph.examples;
