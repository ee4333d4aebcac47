package io.gradgraph.examples;

import io.gradgraph.codegen.CodeGenerator;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Node;
import io.gradgraph.nn.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code codegen}: the Java source graph-codegen generates for one training step of a model — the
 * cost, every parameter's gradient and the output, in fused loops — as {@code Backend.compiled()}
 * compiles it at run time and the Maven goal writes it at build time.
 */
@Command(name = "codegen", sortOptions = false, sortSynopsis = false,
        description = {"The Java that graph-codegen generates for a model's training step.",
            "One class computing the cost J, the gradients dW1, db1, … and the output A in fused loops,",
            "each commented with its equations (the planar network by default)."})
final class CodegenCommand implements Callable<Integer> {
    private final Console console;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME",
            description = "logistic, shallow or deep (default: ${DEFAULT-VALUE}: the planar network).")
    Models.Kind model = Models.Kind.shallow;

    @Option(names = "--layers", paramLabel = "N", split = ",", splitSynopsisLabel = ",",
            description = "Layer sizes (default: 4,1 for logistic, 2,4,1 for shallow, 4,5,3,1 for deep).")
    int[] layers;

    @Option(names = "--package", paramLabel = "NAME", description = "Package of the class (default: ${DEFAULT-VALUE}).")
    String packageName = "generated";

    @Option(names = "--class", paramLabel = "NAME",
            description = "Name of the class (default: LogisticRegressionStep, ShallowNetworkStep or DeepNetworkStep).")
    String className;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    CodegenCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        String name = className != null ? className : switch (model) {
            case logistic -> "LogisticRegressionStep";
            case shallow -> "ShallowNetworkStep";
            case deep -> "DeepNetworkStep";
        };
        check(SourceVersion.isName(packageName),
                "--package must be a Java package name, but was '" + packageName + "'");
        check(SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name),
                "--class must be a Java class name, but was '" + name + "'");
        Network network = Models.build(model, layers != null ? layers : Models.defaultLayers(model));
        Gradients gradients = network.gradients();
        List<Node> outputs = new ArrayList<>();
        outputs.add(gradients.cost());
        outputs.addAll(gradients.nodes());
        outputs.add(network.outputNode());
        console.out().print(CodeGenerator.source(packageName, name, outputs));
        return 0;
    }

    private void check(boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
