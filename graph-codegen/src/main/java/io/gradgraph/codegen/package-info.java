/**
 * GradGraph's code generator: fused Java generated from any graph, at run time or at build time.
 *
 * <ul>
 *   <li>{@link io.gradgraph.codegen.CompiledGraph#compile} generates, compiles in memory and runs the
 *       code behind the same {@link io.gradgraph.core.Executable} contract as the interpreter;
 *       {@code Backend.compiled()} finds it through {@link io.gradgraph.codegen.CompiledBackend}, and
 *       {@code Backend.preferred()} (nn's default) picks it whenever this module is on the class path.
 *       Compiled classes are cached on disk (by default in {@code ~/.cache/gradgraph}; the
 *       {@code gradgraph.cache.dir} property moves it or, set to {@code off}, turns it off), so a
 *       model pays javac once.</li>
 *   <li>{@link io.gradgraph.codegen.CodeGenerator} returns the source of one class, for reading or for
 *       writing to disk; {@link io.gradgraph.codegen.GraphDefinition} and
 *       {@link io.gradgraph.codegen.GenerateSources} do that at build time (the
 *       {@code gradgraph-maven-plugin} runs them).</li>
 *   <li>{@link io.gradgraph.codegen.PortableGraph} is generated code as a serializable value, for
 *       another JVM (a Spark executor) to compile and run without the graph.</li>
 * </ul>
 *
 * <pre>{@code
 * Graph g = new Graph();
 * Node X = g.input("X", Shape.of(2, "m"));
 * Node Y = g.input("Y", Shape.of(1, "m"));
 * Node W = g.parameter("W", 1, 2);
 * Node b = g.parameter("b", 1, 1);
 * Node A = g.sigmoid(g.add(g.matmul(W, X), b)).named("A");
 * Node J = g.mean(g.binaryCrossEntropy(A, Y)).named("J");
 * Gradients grads = g.gradients(J, W, b);
 *
 * Executable step = CompiledGraph.compile(J, grads.of(W), grads.of(b));    // or Backend.compiled()
 * Results r = step.run(new Bindings().set("X", x).set("Y", y).set("W", w).set("b", b0));
 * System.out.println(((CompiledGraph) step).source());                     // the generated class
 * }</pre>
 *
 * <p>Internals: {@code FusionPlanner} groups nodes into loops and plans buffers,
 * {@code JavaEmitter} writes the class with JavaPoet, {@code InMemoryCompiler} compiles it with
 * {@code javax.tools} and {@code ClassCache} keeps the class files. See {@code docs/codegen.md}.
 */
package io.gradgraph.codegen;
