/** Graphs, shapes, symbolic reverse-mode autodiff, simplification, evaluation and equation printing. */
package io.gradgraph.core;
