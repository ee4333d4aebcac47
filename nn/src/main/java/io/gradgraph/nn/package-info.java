/** GradGraph nn. */
package io.gradgraph.nn;
