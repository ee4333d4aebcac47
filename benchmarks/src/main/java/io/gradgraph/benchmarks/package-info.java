/**
 * Benchmarks of the course's training workloads on the interpreter and on generated code:
 * {@link io.gradgraph.benchmarks.Compare} (run by {@code bash benchmarks/compare.sh}, side by side with
 * NumPy) and {@link io.gradgraph.benchmarks.StepBenchmark} (JMH). See docs/performance.md.
 */
package io.gradgraph.benchmarks;
