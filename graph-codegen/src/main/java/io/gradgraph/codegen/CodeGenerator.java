package io.gradgraph.codegen;

import com.palantir.javapoet.JavaFile;
import io.gradgraph.core.GraphException;
import io.gradgraph.core.Node;
import java.util.List;
import javax.lang.model.SourceVersion;

/**
 * Generates one Java class computing a graph's outputs with fused loops and the matmul kernel.
 *
 * <pre>{@code
 * Graph g = new Graph();
 * Node X = g.input("X", Shape.of(2, "m"));
 * Node Y = g.input("Y", Shape.of(1, "m"));
 * Node W = g.parameter("W", 1, 2);
 * Node b = g.parameter("b", 1, 1);
 * Node J = g.mean(g.binaryCrossEntropy(g.sigmoid(g.add(g.matmul(W, X), b)), Y)).named("J");
 * Gradients grads = g.gradients(J, W, b);
 * String source = CodeGenerator.source("com.example", "LogisticStep", List.of(J, grads.of(W), grads.of(b)));
 * // public void run(int m, double[] X, double[] Y, double[] W, double[] b, double[] J, double[] dW, double[] db)
 * }</pre>
 *
 * <p>The class has a method {@code run(int m, double[] X, …, double[] J, double[] dW1, …)} taking the
 * symbolic sizes, then the inputs and parameters in creation order, then one array per output, all
 * row-major; it needs nothing but graph-core at run time. Chains of elementwise and broadcast ops
 * become one loop, sums accumulate in the loop that produces their input, a product's bias and
 * activation run in the loop right after the kernel call, and transposes are index changes. Each loop
 * is preceded by comments with the equations it computes. The same graph always gives the same source.
 *
 * <p>Every op must have a {@link io.gradgraph.core.Lowering} other than {@code Call}: a source
 * generated ahead of time cannot call an op instance ({@link CompiledGraph} can).
 *
 * <p>Results are bit-identical to the {@link io.gradgraph.core.Interpreter}: the same elementwise
 * expressions ({@link io.gradgraph.core.Elementwise#java}), sums added in the same order, and the same
 * kernel for products.
 */
public final class CodeGenerator {
    private CodeGenerator() {
    }

    /** The generated class as a JavaPoet file (write it with {@link JavaFile#writeTo}). */
    public static JavaFile generate(String packageName, String className, List<Node> outputs) {
        if (!SourceVersion.isName(className) || className.contains(".")) {
            throw new GraphException("code generation: '" + className + "' is not a valid simple class name");
        }
        if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
            throw new GraphException("code generation: '" + packageName + "' is not a valid package name");
        }
        Plan plan = FusionPlanner.plan(outputs);
        if (!plan.calls().isEmpty()) {
            Node n = plan.calls().get(0);
            throw new GraphException("code generation: op '" + n.op().name() + "' at " + n.label()
                    + " has no lowering (Op.lowering()), so generated code can only call it at run time:"
                    + " use CompiledGraph.compile, or give the op a lowering");
        }
        return JavaEmitter.emit(plan, packageName, className);
    }

    /** The generated source text. */
    public static String source(String packageName, String className, List<Node> outputs) {
        return generate(packageName, className, outputs).toString();
    }
}
