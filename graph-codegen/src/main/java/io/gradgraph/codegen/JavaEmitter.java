package io.gradgraph.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.gradgraph.codegen.Plan.Kind;
import io.gradgraph.codegen.Plan.Read;
import io.gradgraph.codegen.Plan.Step;
import io.gradgraph.codegen.Plan.Storage;
import io.gradgraph.core.Dim;
import io.gradgraph.core.Elementwise;
import io.gradgraph.core.Lowering;
import io.gradgraph.core.Node;
import io.gradgraph.core.Notation;
import io.gradgraph.core.PrintContext;
import io.gradgraph.core.Printed;
import io.gradgraph.core.Reduction;
import io.gradgraph.core.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes a {@link Plan} as one Java class with JavaPoet: a {@code run} method taking the sizes, the
 * inputs and the output arrays, which calls the matmul kernel and one private method per fused loop.
 * Each loop is preceded by comments giving the equations it computes. Everything is derived from the
 * plan in order, so the same graph gives the same bytes.
 */
final class JavaEmitter {
    private static final TypeName DOUBLES = ArrayTypeName.of(TypeName.DOUBLE);
    private static final TypeName STRINGS = ParameterizedTypeName.get(ClassName.get(List.class),
            ClassName.get(String.class));

    /** Constant matrices are array initializers, which must fit in the 64 KiB of a class initializer. */
    static final int MAX_CONSTANT = 4096;

    /**
     * Elements per chunk of a loop that calls PortableMath's tanh, exp or log1p: the loop computes
     * the chunk's arguments into scratch arrays, calls the array versions on them (vectorized with the
     * Vector API), then does the rest of its work reading the results.
     */
    static final int CHUNK = 256;

    /** The field holding the op instances of {@link Step.Call} steps, handed to the constructor. */
    static final String OPS = "ops";

    private final Plan plan;
    private final String packageName;
    private final String className;
    private final NameAllocator names = new NameAllocator();
    /** Node → its name in comments (given names, or t1, t2, … in order of definition). */
    private final Map<Node, String> display = new HashMap<>();
    private final Map<String, String> sizeNames = new HashMap<>();
    private final Map<Node, String> arrayNames = new HashMap<>();
    private final Map<Node, String> scalarFields = new HashMap<>();
    private final List<String> tempNames = new ArrayList<>();
    /** Scratch arrays for the arguments of PortableMath calls staged in chunks (see {@link #CHUNK}). */
    private final List<String> stagedNames = new ArrayList<>();
    private final List<String> outputNames = new ArrayList<>();
    private final Set<Node> planned;

    private JavaEmitter(Plan plan, String packageName, String className) {
        this.plan = plan;
        this.packageName = packageName;
        this.className = className;
        this.planned = plan.kinds().keySet();
    }

    static JavaFile emit(Plan plan, String packageName, String className) {
        return new JavaEmitter(plan, packageName, className).emit();
    }

    // ---------------------------------------------------------------- names

    private void allocateNames() {
        // the generated code's own names, and the packages and classes it refers to, which a variable
        // of the same name would shadow
        for (String reserved : List.of("i", "j", "k", "from", "count", "run", "requireSize", "requireLength",
                "SIZES", "INPUTS", "OUTPUTS", "sizes", "inputs", "outputs", OPS, "io", "java", "org", "Math", "Double", "System", "String", "List", "Object",
                "IllegalArgumentException", "Op", className)) {
            names.newName(reserved, "reserved:" + reserved);
        }
        int staged = plan.steps().stream().filter(Step.Loop.class::isInstance)
                .mapToInt(l -> ((Step.Loop) l).members().stream().mapToInt(this::mathCalls).sum())
                .max().orElse(0);
        for (int x = 0; x < staged; x++) {
            stagedNames.add(names.newName("math" + x, "math:" + x));
        }
        for (String s : plan.sizes()) {
            sizeNames.put(s, names.newName(identifier(s), "size:" + s));
        }
        for (Node in : plan.inputs()) {
            arrayNames.put(in, names.newName(identifier(boundId(in)), in));
        }
        for (int i = 0; i < plan.constants().size(); i++) {
            arrayNames.put(plan.constants().get(i), names.newName("C" + i, plan.constants().get(i)));
        }
        int unnamed = 0;
        Set<String> shown = new HashSet<>();
        for (Step step : plan.steps()) {
            for (Node n : defined(step)) {
                if (!display.containsKey(n)) {
                    String hint = n.hint().filter(h -> !shown.contains(h)).orElse(null);
                    if (n.name().isPresent()) {
                        display.put(n, n.name().get());
                    } else {
                        display.put(n, hint != null ? hint : "t" + ++unnamed);
                    }
                    shown.add(display.get(n));
                }
            }
        }
        for (int i = 0; i < plan.outputs().size(); i++) {
            Node out = plan.outputs().get(i);
            String suggestion = out.name().orElse("out" + i);
            if (plan.lowerings().get(out) instanceof Lowering.Bound) {
                suggestion = suggestion + "_out";
            } else if (out.name().isEmpty()) {
                display.put(out, suggestion);
            }
            outputNames.add(names.newName(identifier(suggestion), "output:" + i));
        }
        for (int t = 0; t < plan.temps().size(); t++) {
            tempNames.add(names.newName("tmp" + t, "temp:" + t));
        }
        for (Map.Entry<Node, Storage> e : plan.storage().entrySet()) {
            if (e.getValue() instanceof Storage.Scalar) {
                scalarFields.put(e.getKey(), names.newName(identifier(display.get(e.getKey())),
                        "scalar:" + e.getKey().id()));
            }
        }
    }

    /** The values a step computes and names: stored loop members, or the product. */
    private static List<Node> defined(Step step) {
        if (step instanceof Step.Loop loop) {
            return loop.stored();
        }
        if (step instanceof Step.Product p) {
            return List.of(p.node());
        }
        if (step instanceof Step.Call c) {
            return List.of(c.node());
        }
        return List.of();
    }

    /** The name an input or parameter is bound by. */
    private String boundId(Node in) {
        return ((Lowering.Bound) plan.lowerings().get(in)).id();
    }

    /** The array holding a value, by the name the code uses for it. */
    private String array(Node n) {
        Storage s = plan.storage().get(n);
        if (s instanceof Storage.Input || s instanceof Storage.Constant) {
            return arrayNames.get(n);
        }
        if (s instanceof Storage.Output o) {
            return outputNames.get(o.index());
        }
        if (s instanceof Storage.Temp t) {
            return tempNames.get(t.index());
        }
        throw new IllegalStateException(n + " has no array");
    }

    private String dim(Dim d) {
        return d instanceof Dim.Fixed f ? Integer.toString(f.size()) : sizeNames.get(((Dim.Symbol) d).name());
    }

    private String size(Shape s) {
        return Sizes.of(s).java(sizeNames::get);
    }

    /**
     * Text from node names made safe inside comments: no line break (JavaPoet also breaks lines at
     * U+2028, U+2029, U+0085, \u000B and \f, where the rest of a {@code //} comment would become code),
     * no control, format, private-use, unassigned or lone surrogate code point (each becomes
     * {@code ?}), no end of comment, and no backslash that javac would read as a unicode escape.
     */
    static String comment(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n' || c == '\r' || c == '\t') {
                out.append(' ');
            } else if (unsafe(c)) {
                out.append('?');
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString().replace("*/", "* /");
    }

    /** Code points that must not appear literally in generated source. */
    private static boolean unsafe(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }

    /**
     * {@code text} as a Java string literal with every character that is unsafe in source escaped
     * (quotes, backslashes, controls and the code points of {@link #unsafe}, as {@code \}{@code uXXXX}
     * per UTF-16 unit, which javac reads inside the literal); other characters stay as they are.
     */
    static String stringLiteral(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int x = 0; x < text.length(); x++) {
            char c = text.charAt(x);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n"); // a unicode escape of a line break would end the literal
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || c == 0x7F || unsafe(c) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /**
     * A Java identifier suggested by a name: ASCII letters, digits and underscores, everything else
     * an underscore, never starting with a digit. Names never become code in any other way, and a
     * name that is a class the generated code refers to is reserved (see {@link #allocateNames}).
     */
    static String identifier(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int x = 0; x < name.length(); x++) {
            char c = name.charAt(x);
            boolean ascii = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9';
            out.append(ascii ? c : '_');
        }
        if (out.length() == 0 || Character.isDigit(out.charAt(0))) {
            out.insert(0, '_');
        }
        return out.toString();
    }

    /** {@link #comment} for Javadoc, which is HTML. */
    static String javadoc(String text) {
        return comment(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;");
    }

    private static String literal(double v) {
        if (Double.isNaN(v)) {
            return "Double.NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        String s = Double.toString(v);
        return s.startsWith("-") ? "(" + s + ")" : s;
    }

    // ---------------------------------------------------------------- class

    private JavaFile emit() {
        allocateNames();
        TypeSpec.Builder type = TypeSpec.classBuilder(className)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc(classJavadoc());
        type.addField(constantList("SIZES", "Symbolic sizes, in the order {@code run} takes them.",
                plan.sizes()));
        type.addField(constantList("INPUTS", "Inputs and parameters, in the order {@code run} takes them.",
                plan.inputs().stream().map(this::boundId).toList()));
        type.addField(constantList("OUTPUTS", "Outputs, in the order {@code run} takes their arrays.",
                plan.outputs().stream().map(n -> n.name().orElse(display.getOrDefault(n, n.label()))).toList()));
        for (int i = 0; i < plan.constants().size(); i++) {
            Node c = plan.constants().get(i);
            double[] values = ((Lowering.Matrix) plan.lowerings().get(c)).values();
            if (values.length > MAX_CONSTANT) {
                throw new io.gradgraph.core.GraphException("code generation: constant " + c.label() + " has "
                        + values.length + " values; generated classes hold at most " + MAX_CONSTANT
                        + " (bind larger matrices as inputs)");
            }
            String init = java.util.Arrays.stream(values).mapToObj(JavaEmitter::literal)
                    .collect(Collectors.joining(",$W"));
            type.addField(FieldSpec.builder(DOUBLES, arrayNames.get(c), Modifier.PRIVATE, Modifier.STATIC,
                    Modifier.FINAL).initializer("{" + init + "}").build());
        }
        for (int t = 0; t < plan.temps().size(); t++) {
            String holds = plan.temps().get(t).stream().map(display::get).collect(Collectors.joining(", "));
            type.addField(FieldSpec.builder(DOUBLES, tempNames.get(t), Modifier.PRIVATE)
                    .addJavadoc("Scratch for $L.", javadoc(holds))
                    .initializer("new double[0]").build());
        }
        for (String staged : stagedNames) {
            type.addField(FieldSpec.builder(DOUBLES, staged, Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Arguments, then values, of a PortableMath function for a chunk of elements.")
                    .initializer("new double[$L]", CHUNK).build());
        }
        for (Node n : plan.storage().keySet()) {
            if (scalarFields.containsKey(n)) {
                type.addField(FieldSpec.builder(TypeName.DOUBLE, scalarFields.get(n), Modifier.PRIVATE).build());
            }
        }
        if (!plan.calls().isEmpty()) {
            TypeName ops = ArrayTypeName.of(ClassName.get("io.gradgraph.core", "Op"));
            type.addField(FieldSpec.builder(ops, OPS, Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("The ops without a lowering, called at run time: $L.", javadoc(plan.calls().stream()
                            .map(n -> n.op().name()).collect(Collectors.joining(", "))))
                    .build());
            type.addMethod(MethodSpec.constructorBuilder()
                    .addModifiers(Modifier.PUBLIC)
                    .addJavadoc("Takes the op of each node computed by calling it, in the order of the plan.\n")
                    .addParameter(ops, OPS)
                    .addStatement("this.$L = $L.clone()", OPS, OPS)
                    .build());
        }

        List<MethodSpec> loops = new ArrayList<>();
        addRunMethods(type, loops);
        loops.forEach(type::addMethod);
        type.addMethod(MethodSpec.methodBuilder("requireSize")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(String.class, "name")
                .addParameter(int.class, "size")
                .beginControlFlow("if (size < 1)")
                .addStatement("throw new $T($S + name + $S + size)", IllegalArgumentException.class, "size ",
                        " must be at least 1, got ")
                .endControlFlow()
                .build());
        type.addMethod(MethodSpec.methodBuilder("requireLength")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(DOUBLES, "values")
                .addParameter(int.class, "length")
                .addParameter(String.class, "what")
                .beginControlFlow("if (values == null)")
                .addStatement("throw new $T(what + $S)", IllegalArgumentException.class, " is null")
                .endControlFlow()
                .beginControlFlow("if (values.length < length)")
                .addStatement("throw new $T(what + $S + length + $S + values.length)",
                        IllegalArgumentException.class, ": expected at least ", " values, got ")
                .endControlFlow()
                .build());
        return JavaFile.builder(packageName, type.build())
                .addFileComment("Generated by GradGraph (io.gradgraph:graph-codegen). Do not edit.")
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    private static FieldSpec constantList(String name, String doc, List<String> values) {
        CodeBlock.Builder init = CodeBlock.builder().add("$T.of(", List.class);
        for (int i = 0; i < values.size(); i++) {
            init.add(i == 0 ? "$L" : ", $L", stringLiteral(values.get(i)));
        }
        return FieldSpec.builder(STRINGS, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L", doc)
                .initializer(init.add(")").build())
                .build();
    }

    private CodeBlock classJavadoc() {
        CodeBlock.Builder doc = CodeBlock.builder();
        doc.add("Computes a GradGraph graph with fused loops; generated, do not edit.\n\n");
        doc.add("<pre>\n");
        if (!plan.sizes().isEmpty()) {
            doc.add("sizes:   $L\n", javadoc(String.join(", ", plan.sizes())));
        }
        doc.add("inputs:  $L\n", javadoc(plan.inputs().stream()
                .map(n -> boundId(n) + " (" + n.shape() + ")").collect(Collectors.joining(", "))));
        doc.add("outputs: $L\n", java.util.stream.IntStream.range(0, plan.outputs().size())
                .mapToObj(i -> outputNames.get(i) + " (" + plan.outputs().get(i).shape() + ")")
                .collect(Collectors.joining(", ")));
        doc.add("</pre>\n\n");
        doc.add("<p>All arrays are row-major. An instance keeps scratch buffers between calls (allocated on the\n");
        doc.add("first call and grown when a size grows, so later calls allocate nothing) and is not\n");
        doc.add("thread-safe. Output arrays must not alias each other or the inputs.\n");
        return doc.build();
    }

    // ---------------------------------------------------------------- run

    /**
     * Steps per generated method at most, and checks: {@code run} and its parts stay far below
     * HotSpot's 8,000-byte {@code HugeMethodLimit} and the 64 KiB method limit.
     */
    static final int MAX_STEPS_PER_METHOD = 64;
    /** Parameter slots of a Java method at most (255, one taken by {@code this}). */
    static final int MAX_PARAMETERS = 254;

    /** The code of one step and the arrays (by variable name) it uses. */
    private record StepCode(CodeBlock code, Set<String> arrays) {
    }

    /**
     * Adds {@code run} and the methods it calls to {@code type}, and the loop methods to {@code helpers}.
     * A small graph's {@code run} takes one argument per size, input and output and does everything;
     * {@code run(int[], double[][], double[][])} forwards to it. A large graph's steps and checks go
     * in parts of {@link #MAX_STEPS_PER_METHOD} called by {@code run(int[], double[][], double[][])},
     * each taking the arrays it uses from those arguments; the named {@code run} (when its parameters
     * fit in a Java method) wraps its arguments into arrays for it.
     */
    private void addRunMethods(TypeSpec.Builder type, List<MethodSpec> helpers) {
        List<StepCode> steps = new ArrayList<>();
        int[] loopNumber = {0};
        for (Step step : plan.steps()) {
            steps.add(stepCode(step, loopNumber, helpers));
        }
        int slots = plan.sizes().size() + plan.inputs().size() + plan.outputs().size();
        boolean small = slots <= MAX_PARAMETERS && steps.size() <= MAX_STEPS_PER_METHOD
                && slots + plan.temps().size() <= MAX_STEPS_PER_METHOD;
        List<CodeBlock> checks = checks(!small);
        if (small) {
            MethodSpec.Builder run = namedRun();
            checks.forEach(run::addCode);
            for (String t : tempNames) {
                run.addStatement("double[] $L = this.$L", t, t);
            }
            steps.forEach(step -> run.addCode(step.code()));
            type.addMethod(run.build());
            type.addMethod(positionalRunMethod());
            return;
        }
        MethodSpec.Builder run = MethodSpec.methodBuilder("run")
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Computes every output from the sizes, inputs and outputs in the order of {@link #SIZES},\n"
                        + "{@link #INPUTS} and {@link #OUTPUTS}. Arrays may be longer than needed.\n")
                .addParameter(int[].class, "sizes")
                .addParameter(double[][].class, "inputs")
                .addParameter(double[][].class, "outputs");
        List<MethodSpec> parts = new ArrayList<>();
        for (int from = 0; from < checks.size(); from += MAX_STEPS_PER_METHOD) {
            MethodSpec.Builder part = part("check" + parts.size(), Set.of());
            checks.subList(from, Math.min(checks.size(), from + MAX_STEPS_PER_METHOD)).forEach(part::addCode);
            parts.add(part.build());
        }
        for (int from = 0; from < steps.size(); from += MAX_STEPS_PER_METHOD) {
            List<StepCode> some = steps.subList(from, Math.min(steps.size(), from + MAX_STEPS_PER_METHOD));
            Set<String> arrays = new LinkedHashSet<>();
            some.forEach(step -> arrays.addAll(step.arrays()));
            MethodSpec.Builder part = part("steps" + parts.size(), arrays);
            some.forEach(step -> part.addCode(step.code()));
            parts.add(part.build());
        }
        for (MethodSpec part : parts) {
            run.addStatement("$L(sizes, inputs, outputs)", part.name());
        }
        type.addMethod(run.build());
        if (slots <= MAX_PARAMETERS) {
            MethodSpec.Builder named = namedRun();
            named.addJavadoc("Allocates the arrays of {@code run(int[], double[][], double[][])}, which it calls.\n");
            List<String> sizes = plan.sizes().stream().map(sizeNames::get).toList();
            List<String> inputs = plan.inputs().stream().map(arrayNames::get).toList();
            named.addStatement("run(new int[] {$L},$Wnew double[][] {$L},$Wnew double[][] {$L})",
                    String.join(", ", sizes), String.join(", ", inputs), String.join(", ", outputNames));
            type.addMethod(named.build());
        }
        parts.forEach(type::addMethod);
    }

    private MethodSpec.Builder namedRun() {
        MethodSpec.Builder run = MethodSpec.methodBuilder("run")
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Computes every output from the sizes and inputs. Arrays may be longer than needed.\n");
        for (String s : plan.sizes()) {
            run.addParameter(int.class, sizeNames.get(s));
        }
        for (Node in : plan.inputs()) {
            run.addParameter(DOUBLES, arrayNames.get(in));
        }
        for (String out : outputNames) {
            run.addParameter(DOUBLES, out);
        }
        return run;
    }

    /**
     * A part of a large graph's {@code run}: the sizes as locals, and the arrays it uses taken from
     * the arguments (inputs and outputs) or the fields (scratch).
     */
    private MethodSpec.Builder part(String name, Set<String> arrays) {
        MethodSpec.Builder part = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .addParameter(int[].class, "sizes")
                .addParameter(double[][].class, "inputs")
                .addParameter(double[][].class, "outputs");
        for (int i = 0; i < plan.sizes().size(); i++) {
            part.addStatement("int $L = sizes[$L]", sizeNames.get(plan.sizes().get(i)), i);
        }
        for (int i = 0; i < plan.inputs().size(); i++) {
            String array = arrayNames.get(plan.inputs().get(i));
            if (arrays.contains(array)) {
                part.addStatement("double[] $L = inputs[$L]", array, i);
            }
        }
        for (int i = 0; i < outputNames.size(); i++) {
            if (arrays.contains(outputNames.get(i))) {
                part.addStatement("double[] $L = outputs[$L]", outputNames.get(i), i);
            }
        }
        for (String t : tempNames) {
            if (arrays.contains(t)) {
                part.addStatement("double[] $L = this.$L", t, t);
            }
        }
        return part;
    }

    /**
     * The checks of the sizes and array lengths, and the growth of scratch arrays, one block each;
     * arrays by their parameter names, or as elements of {@code inputs} and {@code outputs}.
     */
    private List<CodeBlock> checks(boolean positional) {
        List<CodeBlock> checks = new ArrayList<>();
        for (String s : plan.sizes()) {
            checks.add(CodeBlock.builder().addStatement("requireSize($L, $L)", stringLiteral(s), sizeNames.get(s)).build());
        }
        for (int i = 0; i < plan.inputs().size(); i++) {
            Node in = plan.inputs().get(i);
            checks.add(CodeBlock.builder().addStatement("requireLength($L, $L, $L)",
                    positional ? "inputs[" + i + "]" : arrayNames.get(in),
                    size(in.shape()), stringLiteral("input " + boundId(in) + " (" + in.shape() + ")")).build());
        }
        for (int i = 0; i < outputNames.size(); i++) {
            Node out = plan.outputs().get(i);
            checks.add(CodeBlock.builder().addStatement("requireLength($L, $L, $L)",
                    positional ? "outputs[" + i + "]" : outputNames.get(i),
                    size(out.shape()), stringLiteral("output " + outputNames.get(i) + " (" + out.shape() + ")"))
                    .build());
        }
        for (int t = 0; t < plan.temps().size(); t++) {
            String need = Sizes.max(plan.temps().get(t).stream().map(n -> Sizes.of(n.shape())).toList(),
                    sizeNames::get);
            checks.add(CodeBlock.builder().beginControlFlow("if (this.$L.length < $L)", tempNames.get(t), need)
                    .addStatement("this.$L = new double[$L]", tempNames.get(t), need)
                    .endControlFlow().build());
        }
        return checks;
    }

    private StepCode stepCode(Step step, int[] loopNumber, List<MethodSpec> helpers) {
        CodeBlock.Builder code = CodeBlock.builder();
        Set<String> arrays = new HashSet<>();
        if (step instanceof Step.Product p) {
            emitProduct(code, p);
            arrays.addAll(List.of(array(p.a().base()), array(p.b().base()), array(p.node())));
        } else if (step instanceof Step.Call c) {
            emitCall(code, c);
            c.inputs().forEach(a -> arrays.add(array(a.base())));
            arrays.add(array(c.node()));
        } else if (step instanceof Step.Loop loop) {
            MethodSpec method = loopMethod(loop, "loop" + ++loopNumber[0]);
            helpers.add(method);
            code.add("// $L\n", comment(storedSummary(loop)));
            code.addStatement("$L($L)", method.name(), method.parameters().stream().map(ParameterSpec::name)
                    .collect(Collectors.joining(", ")));
            method.parameters().forEach(parameter -> arrays.add(parameter.name()));
        } else if (step instanceof Step.Copy copy) {
            Node n = copy.output();
            String out = outputNames.get(plan.outputs().indexOf(n));
            code.add("// $L = $L\n", out, comment(print(n, null).text()));
            code.addStatement("$T.arraycopy($L, 0, $L, 0, $L)", System.class, array(n), out, size(n.shape()));
            arrays.addAll(List.of(array(n), out));
        }
        return new StepCode(code.build(), arrays);
    }

    private MethodSpec positionalRunMethod() {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < plan.sizes().size(); i++) {
            args.add("sizes[" + i + "]");
        }
        for (int i = 0; i < plan.inputs().size(); i++) {
            args.add("inputs[" + i + "]");
        }
        for (int i = 0; i < plan.outputs().size(); i++) {
            args.add("outputs[" + i + "]");
        }
        return MethodSpec.methodBuilder("run")
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("{@link #run} with the sizes, inputs and outputs in the order of {@link #SIZES},\n"
                        + "{@link #INPUTS} and {@link #OUTPUTS}.\n")
                .addParameter(int[].class, "sizes")
                .addParameter(double[][].class, "inputs")
                .addParameter(double[][].class, "outputs")
                .addStatement("run(" + String.join(",$W", args) + ")")
                .build();
    }

    private String storedSummary(Step.Loop loop) {
        List<String> parts = new ArrayList<>();
        for (Node n : loop.stored()) {
            Storage s = plan.storage().get(n);
            String where = s instanceof Storage.Temp t ? " (in " + tempNames.get(t.index()) + ")"
                    : s instanceof Storage.Output o && !outputNames.get(o.index()).equals(display.get(n))
                            ? " (in " + outputNames.get(o.index()) + ")" : "";
            parts.add(display.get(n) + where);
        }
        return String.join(", ", parts);
    }

    private void emitProduct(CodeBlock.Builder run, Step.Product p) {
        Node n = p.node();
        String where = plan.storage().get(n) instanceof Storage.Output o
                && outputNames.get(o.index()).equals(display.get(n)) ? "" : " (in " + array(n) + ")";
        run.add("// $L\n", comment(display.get(n) + " = " + print(n, null).text() + where));
        boolean transA = !p.a().identity();
        boolean transB = !p.b().identity();
        Lowering.Product product = (Lowering.Product) plan.lowerings().get(n);
        run.addStatement("$L", product.java().java(dim(n.shape().rows()), dim(n.shape().cols()),
                dim(p.a().shape().cols()), array(p.a().base()), transA, array(p.b().base()), transB, array(n)));
    }

    /**
     * {@code node = op.evaluate(inputs)}: the op instance handed to the constructor computes into the
     * node's array, with inputs and output wrapped as matrices of their run-time shapes.
     */
    private void emitCall(CodeBlock.Builder run, Step.Call c) {
        Node n = c.node();
        run.add("// $L\n", comment(display.get(n) + " = " + print(n, null).text() + " (calls op "
                + n.op().name() + ")"));
        List<String> inputs = new ArrayList<>();
        for (Access a : c.inputs()) {
            inputs.add(wrap(a.base().shape(), array(a.base())));
        }
        StringBuilder sizes = new StringBuilder();
        for (String s : plan.sizes()) {
            sizes.append(sizes.length() == 0 ? "" : ", ").append("java.util.Map.entry(").append(stringLiteral(s))
                    .append(", ").append(sizeNames.get(s)).append(")");
        }
        run.addStatement("this.$L[$L].evaluate(java.util.List.of($L), $L, java.util.Map.ofEntries($L))", OPS,
                plan.calls().indexOf(n), String.join(", ", inputs), wrap(n.shape(), array(n)), sizes);
    }

    private String wrap(Shape shape, String array) {
        return "org.ejml.data.DMatrixRMaj.wrap(" + dim(shape.rows()) + ", " + dim(shape.cols()) + ", " + array + ")";
    }

    // ---------------------------------------------------------------- loops

    /** The body of one loop method, built line by line, recording what it uses. */
    private final class LoopWriter {
        final Step.Loop loop;
        final Set<Node> members;
        final NameAllocator locals = names.clone();
        final Map<Node, String> localOf = new HashMap<>();
        final Map<Node, String> inverseOf = new HashMap<>();
        final Set<String> usedSizes = new LinkedHashSet<>();
        final Set<String> usedArrays = new HashSet<>();
        final boolean rowsLoop;
        final boolean colsLoop;
        final boolean perRowEpilogue;
        final boolean flat;
        /** The row, column and element index of the code being written ("0" when there is no loop). */
        String i;
        String j;
        String k;
        boolean usesK;
        int unnamed;
        int sums;
        /** How PortableMath calls are written: inline, or staged by {@link #stager}. */
        Elementwise.MathCalls calls = Elementwise.MathCalls.INLINE;
        Stager stager;
        /**
         * The pieces ({@link Local}, {@link Element}, {@link Staged}) that text being built stands for,
         * marked in it as {@code \0n\0} (see {@link #hole}), so that expressions written by the ops'
         * lowerings, which take and return text, come back as pieces ({@link #pieces}).
         */
        final List<Object> holes = new ArrayList<>();

        LoopWriter(Step.Loop loop) {
            this.loop = loop;
            this.members = new HashSet<>(loop.members());
            rowsLoop = !loop.space().rows().isOne();
            colsLoop = !loop.space().cols().isOne();
            perRowEpilogue = !loop.epilogue().isEmpty() && !loop.epilogue().get(0).shape().isScalar();
            boolean canFlatten = rowsLoop && colsLoop && !perRowEpilogue;
            for (Node m : loop.members()) {
                if (loop.epilogue().contains(m)) {
                    continue;
                }
                if (plan.lowerings().get(m) instanceof Lowering.Reduce sum && sum.axis() != -1) {
                    canFlatten = false;
                }
                for (Read r : plan.reads().getOrDefault(m, List.of())) {
                    if (readsArray(r) && !r.access().identity() && !r.access().base().shape().isScalar()) {
                        canFlatten = false;
                    }
                }
            }
            flat = canFlatten;
            i = rowsLoop && !flat ? "i" : "0";
            j = colsLoop && !flat ? "j" : "0";
            k = flat || rowsLoop && colsLoop ? "k" : rowsLoop ? "i" : colsLoop ? "j" : "0";
        }

        /** Switches to the indices of the epilogue: one element per row, or a single element. */
        void enterEpilogue() {
            Node first = loop.epilogue().get(0);
            if (first.shape().isScalar()) {
                i = "0";
                j = "0";
                k = "0";
            } else {
                boolean column = !first.shape().rows().isOne();
                i = column ? "i" : "0";
                j = column ? "0" : "i";
                k = "i";
            }
        }

        /** True when the read goes to memory (not a constant, a scalar field or a value of this loop). */
        boolean readsArray(Read r) {
            Node base = r.access().base();
            return plan.kinds().get(base) != Kind.INLINE && !members.contains(base)
                    && !(plan.storage().get(base) instanceof Storage.Scalar);
        }

        /** A mark in text standing for {@code piece}. */
        String hole(Object piece) {
            holes.add(piece);
            return "\0" + (holes.size() - 1) + "\0";
        }

        /** A local or loop variable read or written ({@code "0"} stays a literal). */
        String ref(String variable) {
            return variable.equals("0") ? variable : hole(new Local(variable));
        }

        String element(String array, String index) {
            return hole(new Element(array, pieces(index)));
        }

        /** Text with marks as its pieces: strings, and the pieces the marks stand for. */
        List<Object> pieces(String text) {
            List<Object> out = new ArrayList<>();
            int at = 0;
            for (int open = text.indexOf('\0'); open >= 0; open = text.indexOf('\0', at)) {
                int close = text.indexOf('\0', open + 1);
                if (open > at) {
                    out.add(text.substring(at, open));
                }
                out.add(holes.get(Integer.parseInt(text, open + 1, close, 10)));
                at = close + 1;
            }
            if (at < text.length()) {
                out.add(text.substring(at));
            }
            return out;
        }

        Statement declare(String type, String name, String value) {
            return new Statement(type, name, null, pieces(value));
        }

        Statement assign(String target, String value) {
            return new Statement(null, null, pieces(target), pieces(value));
        }

        /** A statement written whole (a reduction's update). */
        Statement statement(String text) {
            return new Statement(null, null, null, pieces(text));
        }

        String arrayName(Node n) {
            String name = array(n);
            usedArrays.add(name);
            return name;
        }

        String dimName(Dim d) {
            if (d instanceof Dim.Symbol s) {
                usedSizes.add(s.name());
            }
            return dim(d);
        }

        String local(Node n) {
            if (scalarFields.containsKey(n) && isReduction(n)) {
                return scalarFields.get(n); // the accumulator shadows its field
            }
            return localOf.computeIfAbsent(n, x -> {
                String suggestion = x.name().map(s -> Character.toLowerCase(s.charAt(0)) + s.substring(1))
                        .orElseGet(() -> display.containsKey(x) ? display.get(x)
                                : isReduction(x) ? "sum" + ++sums : "v" + ++unnamed);
                return locals.newName(identifier(suggestion), "local:" + x.id());
            });
        }

        /** A Java atom for one read: a literal, a local, a field or an array element. */
        String atom(Read r) {
            Node base = r.access().base();
            Lowering lowering = plan.lowerings().get(base);
            if (lowering instanceof Lowering.Fill f) {
                return literal(f.value());
            }
            if (lowering instanceof Lowering.InverseSize inverse) {
                return inverseOf.computeIfAbsent(base, x -> locals.newName(identifier("inv_"
                        + inverse.dims().stream().map(Dim::toString)
                                .collect(Collectors.joining("_"))), "inverse:" + x.id()));
            }
            if (members.contains(base)) {
                return ref(local(base));
            }
            if (scalarFields.containsKey(base)) {
                return scalarFields.get(base);
            }
            String array = arrayName(base);
            if (base.shape().isScalar()) {
                return element(array, "0");
            }
            return element(array, index(r.access()));
        }

        String index(Access a) {
            if (a.identity()) {
                usesK = usesK || k.equals("k");
                return ref(k);
            }
            List<String> terms = new ArrayList<>();
            term(terms, i, a.rowStride(), a.base());
            term(terms, j, a.colStride(), a.base());
            return terms.isEmpty() ? "0" : String.join(" + ", terms);
        }

        private void term(List<String> terms, String var, Access.Stride stride, Node base) {
            if (stride == Access.Stride.ZERO || var.equals("0")) {
                return;
            }
            if (stride == Access.Stride.ONE || base.shape().cols().isOne()) {
                terms.add(ref(var));
            } else {
                terms.add(ref(var) + " * " + dimName(base.shape().cols()));
            }
        }

        /** The Java expression computing one (non-sum) member from its reads. */
        String expression(Node m) {
            List<Read> reads = plan.reads().getOrDefault(m, List.of());
            Lowering lowering = plan.lowerings().get(m);
            if (lowering instanceof Lowering.Pointwise e) {
                return e.expression().java(calls, reads.stream().map(this::atom).toArray(String[]::new));
            }
            if (lowering instanceof Lowering.Fill f) {
                return literal(f.value());
            }
            if (lowering instanceof Lowering.InverseSize) {
                return atom(new Read(m, Access.of(m)));
            }
            return atom(reads.get(0)); // a materialized transpose or broadcast
        }

        /** Where a stored member's element goes. */
        String store(Node m) {
            if (m.shape().isScalar()) {
                return scalarFields.containsKey(m) ? "this." + scalarFields.get(m) : element(arrayName(m), "0");
            }
            if (k.equals("k")) {
                usesK = true;
            }
            return element(arrayName(m), ref(k));
        }

        /**
         * Statements computing {@code nodes} in order for one element (a sum's statements come from
         * {@code sums}): values go to locals and stores come last, since a store may overwrite in
         * place an element that is read here; only after the last read of memory may a value be
         * stored directly.
         */
        List<Statement> elementwise(List<Node> nodes, Set<Node> readHere,
                java.util.function.Function<Node, List<Statement>> sums) {
            int lastRead = -1;
            for (int x = 0; x < nodes.size(); x++) {
                if (plan.reads().getOrDefault(nodes.get(x), List.of()).stream().anyMatch(this::readsArray)) {
                    lastRead = x;
                }
            }
            List<Statement> lines = new ArrayList<>();
            List<Statement> deferred = new ArrayList<>();
            for (int x = 0; x < nodes.size(); x++) {
                Node m = nodes.get(x);
                if (isReduction(m)) {
                    lines.addAll(sums.apply(m));
                    continue;
                }
                if (stager != null) {
                    stager.line = lines.size();
                }
                boolean stored = loop.stored().contains(m);
                String expr = expression(m);
                if (stored && !readHere.contains(m) && x >= lastRead) {
                    lines.add(assign(store(m), expr));
                } else {
                    lines.add(declare("double", local(m), expr));
                    if (stored) {
                        deferred.add(assign(store(m), ref(local(m))));
                    }
                }
            }
            lines.addAll(deferred);
            return lines;
        }
    }

    private MethodSpec loopMethod(Step.Loop loop, String name) {
        LoopWriter w = new LoopWriter(loop);
        Set<Node> readInLoop = new HashSet<>();
        for (Node m : loop.members()) {
            for (Read r : plan.reads().getOrDefault(m, List.of())) {
                if (w.members.contains(r.access().base())) {
                    readInLoop.add(r.access().base());
                }
            }
        }
        List<Node> main = loop.members().stream().filter(m -> !loop.epilogue().contains(m)).toList();

        List<Statement> before = new ArrayList<>();   // before all loops
        List<Statement> rowStart = new ArrayList<>(); // at the start of each row
        List<Statement> rowEnd = new ArrayList<>();   // at the end of each row
        List<Statement> after = new ArrayList<>();    // after all loops

        if ((w.flat || w.colsLoop) && main.stream().anyMatch(m -> mathCalls(m) > 0)) {
            w.stager = new Stager(w, w.flat ? "k" : "j");
            w.calls = w.stager;
        }
        List<Statement> body = w.elementwise(main, readInLoop,
                m -> sumUpdate(w, m, (Lowering.Reduce) plan.lowerings().get(m), before, rowStart, rowEnd, after));
        w.calls = Elementwise.MathCalls.INLINE; // epilogues run once per row: no chunks
        if (!loop.epilogue().isEmpty()) {
            w.enterEpilogue();
            List<Statement> epilogue = w.elementwise(loop.epilogue(), readInLoop, m -> {
                throw new IllegalStateException("a sum in an epilogue");
            });
            (w.perRowEpilogue ? rowEnd : after).addAll(epilogue);
        }

        MethodSpec.Builder method = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE);
        for (Node m : loop.stored()) {
            method.addComment("$L", comment(display.get(m) + " = " + print(m, loop).text()));
        }
        CodeBlock.Builder code = CodeBlock.builder();
        for (Map.Entry<Node, String> e : sortedById(w.inverseOf)) {
            List<Dim> dims = ((Lowering.InverseSize) plan.lowerings().get(e.getKey())).dims();
            code.addStatement("double $L = $L", e.getValue(), inverse(w, dims));
        }
        before.forEach(s -> code.addStatement("$L", s.code()));
        String rows = w.dimName(loop.space().rows());
        String cols = w.dimName(loop.space().cols());
        if (w.flat) {
            w.usedSizes.addAll(Sizes.of(loop.space()).symbols());
            elementLoop(code, w, "k", size(loop.space()), body, List.of());
        } else {
            List<Statement> index = w.usesK && w.rowsLoop && w.colsLoop
                    ? List.of(w.declare("int", "k", w.ref("i") + " * " + cols + " + " + w.ref("j"))) : List.of();
            boolean interleave = w.rowsLoop && w.colsLoop && w.stager == null && !rowStart.isEmpty()
                    && !(loop.space().rows() instanceof Dim.Fixed f && f.size() < ROWS_AT_ONCE)
                    && main.stream().allMatch(m -> !(plan.lowerings().get(m) instanceof Lowering.Reduce sum)
                            || sum.axis() == 1);
            if (interleave) {
                interleavedRows(code, rows, cols, index, body, rowStart, rowEnd);
            }
            if (w.rowsLoop) {
                code.beginControlFlow(interleave ? "for (; i < $L; i++)" : "for (int i = 0; i < $L; i++)", rows);
            }
            rowStart.forEach(s -> code.addStatement("$L", s.code()));
            if (w.colsLoop) {
                elementLoop(code, w, "j", cols, body, index);
            } else {
                index.forEach(s -> code.addStatement("$L", s.code()));
                body.forEach(s -> code.addStatement("$L", s.code()));
            }
            rowEnd.forEach(s -> code.addStatement("$L", s.code()));
            if (w.rowsLoop) {
                code.endControlFlow();
            }
        }
        after.forEach(s -> code.addStatement("$L", s.code()));

        for (String s : plan.sizes()) {
            if (w.usedSizes.contains(s)) {
                method.addParameter(int.class, sizeNames.get(s));
            }
        }
        for (Node in : plan.inputs()) {
            addArrayParameter(method, w, arrayNames.get(in));
        }
        for (String t : tempNames) {
            addArrayParameter(method, w, t);
        }
        for (String out : outputNames) {
            addArrayParameter(method, w, out);
        }
        return method.addCode(code.build()).build();
    }

    /** Rows a per-row loop with row sums takes at a time ({@link #interleavedRows}). */
    static final int ROWS_AT_ONCE = 4;

    /**
     * The rows of a loop whose sums are all along rows (axis 1), {@link #ROWS_AT_ONCE} at a time:
     * each column's body runs for the rows in turn, with the locals (and the element index k) renamed
     * per row, so the rows' sums are independent chains the processor overlaps, where one row at a
     * time waits for each add. Each sum still adds its row's elements in order, each element's
     * statements run in their order, and the rows touch only their own elements, so the bits do not
     * change. Declares {@code i}; the caller's loop over the remaining rows continues from it.
     */
    private static void interleavedRows(CodeBlock.Builder code, String rows, String cols, List<Statement> index,
            List<Statement> body, List<Statement> rowStart, List<Statement> rowEnd) {
        Set<String> locals = new HashSet<>();
        for (List<Statement> statements : List.of(rowStart, index, body, rowEnd)) {
            for (Statement s : statements) {
                if (s.declares() != null) {
                    locals.add(s.declares());
                }
            }
        }
        code.addStatement("int i = 0");
        code.beginControlFlow("for (; i + $L <= $L; i += $L)", ROWS_AT_ONCE, rows, ROWS_AT_ONCE);
        for (int r = 0; r < ROWS_AT_ONCE; r++) {
            forRow(code, rowStart, locals, r);
        }
        code.beginControlFlow("for (int j = 0; j < $L; j++)", cols);
        for (int r = 0; r < ROWS_AT_ONCE; r++) {
            forRow(code, index, locals, r);
            forRow(code, body, locals, r);
        }
        code.endControlFlow();
        for (int r = 0; r < ROWS_AT_ONCE; r++) {
            forRow(code, rowEnd, locals, r);
        }
        code.endControlFlow();
    }

    /** The statements for row {@code i + r}: i as {@code (i + r)} (r &gt; 0), each of {@code locals} x as x$r. */
    private static void forRow(CodeBlock.Builder code, List<Statement> statements, Set<String> locals, int r) {
        java.util.function.UnaryOperator<String> rename = name -> name.equals("i") ? r == 0 ? name
                : "(i + " + r + ")" : locals.contains(name) ? name + "$" + r : name;
        statements.forEach(s -> code.addStatement("$L", s.code(rename)));
    }

    /**
     * The loop over one row's (or all) elements: {@code for (int var = 0; var < size; var++)} with
     * {@code index} then {@code body}; or, when the body calls PortableMath through the loop's
     * {@link Stager}, chunks of {@link #CHUNK}: per level of nesting of the calls (see
     * {@link #levels}), a loop computing their arguments (with the body's declarations they need)
     * into their scratch arrays, then the array versions in place; then the body, reading the values.
     * The body's statements run in their order for each element, as unchunked, so sums add in the
     * same order and the bits do not change.
     */
    private void elementLoop(CodeBlock.Builder code, LoopWriter w, String var, String size, List<Statement> body,
            List<Statement> index) {
        Stager stager = w.stager;
        if (stager == null) {
            code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", var, var, size, var);
            index.forEach(s -> code.addStatement("$L", s.code()));
            body.forEach(s -> code.addStatement("$L", s.code()));
            code.endControlFlow();
            return;
        }
        code.beginControlFlow("for (int from = 0; from < $L; from += $L)", size, CHUNK);
        code.addStatement("int count = Math.min($L, $L - from)", CHUNK, size);
        if (inPlace(code, var, size, body, index, stager.staged)) {
            code.endControlFlow();
            return;
        }
        Map<Staged, Integer> levelOf = levels(stager.staged, body);
        int levels = levelOf.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        for (int level = 0; level < levels; level++) {
            int at = level;
            List<Staged> calls = stager.staged.stream().filter(c -> levelOf.get(c) == at).toList();
            chunkLoop(code, var, argumentLines(index, body, calls, c -> List.of(c.element())));
            for (Staged c : calls) {
                code.addStatement("$L$L($L, 0, count)", Elementwise.PORTABLE_MATH, c.function(), c.array());
            }
        }
        List<Statement> rest = new ArrayList<>(index);
        rest.addAll(body);
        chunkLoop(code, var, withoutUnused(rest));
        code.endControlFlow();
    }

    /** {@code for (int var = from; var < from + count; var++) { statements }}: one pass over a chunk. */
    private static void chunkLoop(CodeBlock.Builder code, String var, List<Statement> statements) {
        code.beginControlFlow("for (int $L = from; $L < from + count; $L++)", var, var, var);
        statements.forEach(s -> code.addStatement("$L", s.code()));
        code.endControlFlow();
    }

    /**
     * The statements of a pass computing the arguments of {@code calls} (made on body statements up
     * to the last of theirs): each call's argument assigned to {@code target} of it, in place of the
     * statement making the call, with the body's declarations before that statement that they need.
     */
    private static List<Statement> argumentLines(List<Statement> index, List<Statement> body, List<Staged> calls,
            java.util.function.Function<Staged, List<Object>> target) {
        int last = calls.stream().mapToInt(Staged::line).max().orElse(-1);
        List<Statement> arguments = new ArrayList<>(index);
        for (int x = 0; x <= last; x++) {
            for (Staged c : calls) {
                if (c.line() == x) {
                    arguments.add(new Statement(null, null, target.apply(c), c.argument()));
                }
            }
            if (x < last && body.get(x).declares() != null) {
                arguments.add(body.get(x));
            }
        }
        return withoutUnused(arguments);
    }

    /**
     * Writes a chunk's statements for the common case {@code A[k] = tanh(…)} — the loop's only call,
     * whose value is only stored at the loop's element, into an array the rest of the body does not
     * read or write — staged in place: the argument is computed into A itself, the array version
     * runs on A's range, and no copy back is needed. Besides saving the copy, a loop that reads and
     * writes one array at the same index vectorizes, where a copy between two arrays at different
     * offsets does not (the JIT cannot rule out that they are the same array). Returns false, having
     * written nothing, when the case does not apply.
     */
    private static boolean inPlace(CodeBlock.Builder code, String var, String size, List<Statement> body,
            List<Statement> index, List<Staged> staged) {
        if (staged.size() != 1) {
            return false;
        }
        Staged c = staged.get(0);
        // the index, when there is one, is k = i * size + var (see loopMethod)
        String element = index.isEmpty() ? var : "k";
        String start = index.isEmpty() ? "from" : "i * " + size + " + from";
        Statement call = body.get(c.line());
        if (call.declares() != null || call.target() == null || call.target().size() != 1
                || !(call.target().get(0) instanceof Element store) || !store.at(element)
                || !call.value().equals(List.of(c))) {
            return false;
        }
        String array = store.array();
        List<Statement> rest = new ArrayList<>(index);
        for (int x = 0; x < body.size(); x++) {
            if (x != c.line()) {
                if (body.get(x).value().contains(c)) {
                    return false; // a staged value is never a target
                }
                rest.add(body.get(x));
            }
        }
        rest = withoutUnused(rest);
        if (rest.stream().anyMatch(r -> r.accesses(array, null))) {
            return false;
        }
        List<Statement> arguments = argumentLines(index, body, staged, x -> call.target());
        if (arguments.stream().anyMatch(a -> a.accesses(array, element))) {
            return false; // reads another element of the array it writes
        }
        chunkLoop(code, var, arguments);
        code.addStatement("$L$L($L, $L, count)", Elementwise.PORTABLE_MATH, c.function(), array, start);
        if (!rest.isEmpty()) { // withoutUnused dropped the index when nothing else is left
            chunkLoop(code, var, rest);
        }
        return true;
    }

    /**
     * Each call's nesting level: 0 when its argument uses no staged value, else one more than the
     * deepest call whose value it uses, directly or through the body's locals.
     */
    private static Map<Staged, Integer> levels(List<Staged> staged, List<Statement> body) {
        Map<String, Set<Staged>> through = new HashMap<>(); // body local → the staged values its value uses
        for (Statement s : body) {
            if (s.declares() != null) {
                through.put(s.declares(), uses(s.value(), through));
            }
        }
        Map<Staged, Integer> levelOf = new HashMap<>();
        for (Staged c : staged) {
            Set<Staged> used = uses(c.argument(), through);
            int level = 0;
            for (Staged d : staged) {
                if (levelOf.containsKey(d) && used.contains(d)) {
                    level = Math.max(level, levelOf.get(d) + 1);
                }
            }
            levelOf.put(c, level);
        }
        return levelOf;
    }

    /** The staged values {@code pieces} use, themselves or through the locals of {@code through}. */
    private static Set<Staged> uses(List<Object> pieces, Map<String, Set<Staged>> through) {
        Set<Staged> used = new HashSet<>();
        for (Object p : pieces) {
            if (p instanceof Staged s) {
                used.add(s);
            } else if (p instanceof Local l) {
                used.addAll(through.getOrDefault(l.name(), Set.of()));
            }
        }
        return used;
    }

    /** The statements without declarations ({@code double x = …}, {@code int k = …}) nothing later reads. */
    private static List<Statement> withoutUnused(List<Statement> statements) {
        List<Statement> kept = new ArrayList<>();
        Set<String> read = new HashSet<>();
        for (int x = statements.size() - 1; x >= 0; x--) {
            Statement s = statements.get(x);
            if (s.declares() != null && !read.contains(s.declares())) {
                continue;
            }
            s.reads(read);
            kept.add(s);
        }
        java.util.Collections.reverse(kept);
        return kept;
    }

    /** How many PortableMath calls a node's Java expression makes. */
    private int mathCalls(Node n) {
        return plan.lowerings().get(n) instanceof Lowering.Pointwise p ? FusionPlanner.mathCalls(p) : 0;
    }

    /** A local or loop variable in a statement. */
    private record Local(String name) {
    }

    /** An array element in a statement, {@code array[index]}. */
    private record Element(String array, List<Object> index) {
        /** Whether the index is just {@code variable}. */
        boolean at(String variable) {
            return index.equals(List.of(new Local(variable)));
        }
    }

    /**
     * One statement of a loop body, as the emitter builds it: the local it declares (with its type),
     * or the target it assigns (a local, an {@link Element} or a field), or neither (a statement
     * written whole), and its value. Target and value are pieces: text, {@link Local}, {@link Element}
     * and {@link Staged}, which the analyses read and {@link #code} writes.
     */
    private record Statement(String type, String declares, List<Object> target, List<Object> value) {
        String code() {
            return code(java.util.function.UnaryOperator.identity());
        }

        /** The Java statement, each local and loop variable written as {@code names} gives it. */
        String code(java.util.function.UnaryOperator<String> names) {
            StringBuilder out = new StringBuilder();
            if (declares != null) {
                out.append(type).append(' ').append(names.apply(declares)).append(" = ");
            } else if (target != null) {
                write(out, target, names).append(" = ");
            }
            return write(out, value, names).toString();
        }

        private static StringBuilder write(StringBuilder out, List<Object> pieces,
                java.util.function.UnaryOperator<String> names) {
            for (Object p : pieces) {
                if (p instanceof Local l) {
                    out.append(names.apply(l.name()));
                } else if (p instanceof Element e) {
                    write(out.append(e.array()).append('['), e.index(), names).append(']');
                } else if (p instanceof Staged s) {
                    out.append(s.element());
                } else {
                    out.append((String) p);
                }
            }
            return out;
        }

        /** Adds the locals and loop variables the statement reads (or updates) to {@code names}. */
        void reads(Set<String> names) {
            reads(target, names);
            reads(value, names);
        }

        private static void reads(List<Object> pieces, Set<String> names) {
            if (pieces == null) {
                return;
            }
            for (Object p : pieces) {
                if (p instanceof Local l) {
                    names.add(l.name());
                } else if (p instanceof Element e) {
                    reads(e.index(), names);
                }
            }
        }

        /** Whether it reads or writes an element of {@code array} (other than {@code array[except]}). */
        boolean accesses(String array, String except) {
            for (List<Object> pieces : java.util.Arrays.asList(target, value)) {
                if (pieces != null && pieces.stream().anyMatch(p -> p instanceof Element e && e.array().equals(array)
                        && (except == null || !e.at(except)))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * One staged PortableMath call: its argument, its scratch array and the element standing for its
     * value, and the body statement making it.
     */
    private record Staged(String function, List<Object> argument, String array, String element, int line) {
    }

    /**
     * Writes each PortableMath call of a loop body as a read of a scratch array (the value for this
     * element of the chunk), and records the call.
     */
    private final class Stager implements Elementwise.MathCalls {
        final LoopWriter w;
        final String var;
        final List<Staged> staged = new ArrayList<>();
        /** The index in the body of the statement being written. */
        int line;

        Stager(LoopWriter w, String var) {
            this.w = w;
            this.var = var;
        }

        @Override
        public String call(String function, String argument) {
            String array = stagedNames.get(staged.size());
            Staged s = new Staged(function, w.pieces(argument), array, array + "[" + var + " - from]", line);
            staged.add(s);
            return w.hole(s);
        }
    }

    private static void addArrayParameter(MethodSpec.Builder method, LoopWriter w, String name) {
        if (w.usedArrays.contains(name)) {
            method.addParameter(DOUBLES, name);
        }
    }

    private static <V> List<Map.Entry<Node, V>> sortedById(Map<Node, V> map) {
        List<Map.Entry<Node, V>> entries = new ArrayList<>(map.entrySet());
        entries.sort(java.util.Comparator.comparingInt(e -> e.getKey().id()));
        return entries;
    }

    /** {@code 1/(d1·d2·…)} computed exactly as {@link io.gradgraph.core.Leaf.InverseSize#value} does. */
    private String inverse(LoopWriter w, List<Dim> dims) {
        if (dims.isEmpty()) {
            return "1.0";
        }
        if (dims.size() == 1) {
            Dim d = dims.get(0);
            return "1.0 / " + (d instanceof Dim.Fixed f ? f.size() + ".0" : w.dimName(d));
        }
        StringBuilder product = new StringBuilder("(double) ").append(w.dimName(dims.get(0)));
        for (int x = 1; x < dims.size(); x++) {
            product.append(" * ").append(w.dimName(dims.get(x)));
        }
        return "1.0 / (" + product + ")";
    }

    /**
     * A sum accumulates in the loop producing its input, in the interpreter's order: sequentially from
     * 0.0 along each row (axis 1) or over everything in row-major order (all), and down each column
     * starting from the first row's element (axis 0). Returns the statements for the loop body and
     * adds the declarations and stores around the loops.
     */
    private List<Statement> sumUpdate(LoopWriter w, Node m, Lowering.Reduce sum, List<Statement> before,
            List<Statement> rowStart, List<Statement> rowEnd, List<Statement> after) {
        String v = w.atom(plan.reads().get(m).get(0));
        boolean stored = w.loop.stored().contains(m);
        String name = w.local(m);
        String acc = w.ref(name);
        String scalarTarget = !stored || !m.shape().isScalar() ? null
                : scalarFields.containsKey(m) ? "this." + scalarFields.get(m) : w.element(w.arrayName(m), "0");
        Reduction reduction = sum.reduction();
        String identity = literal(reduction.identity());
        String i = w.ref(w.i);
        List<Statement> body = new ArrayList<>();
        if (sum.axis() == 0 && !m.shape().isScalar()) {
            String target = w.element(w.arrayName(m), w.ref(w.j));
            body.add(w.assign(target, w.i.equals("0") ? v
                    : i + " == 0 ? " + v + " : " + reduction.java(target, v)));
        } else if (sum.axis() == 0) {
            before.add(w.declare("double", name, identity));
            body.add(w.assign(acc, w.i.equals("0") ? v : i + " == 0 ? " + v + " : " + reduction.java(acc, v)));
            addIf(w, after, scalarTarget, acc);
        } else if (sum.axis() == 1 && !m.shape().isScalar()) {
            rowStart.add(w.declare("double", name, identity));
            body.add(w.statement(reduction.javaUpdate(acc, v)));
            if (stored) {
                rowEnd.add(w.assign(w.element(w.arrayName(m), i), acc));
            }
        } else {
            before.add(w.declare("double", name, identity));
            body.add(w.statement(reduction.javaUpdate(acc, v)));
            addIf(w, after, scalarTarget, acc);
        }
        return body;
    }

    private static void addIf(LoopWriter w, List<Statement> statements, String target, String value) {
        if (target != null) {
            statements.add(w.assign(target, value));
        }
    }

    private boolean isReduction(Node n) {
        return plan.lowerings().get(n) instanceof Lowering.Reduce;
    }

    // ---------------------------------------------------------------- equations in comments

    /** Inline expressions in comments nest at most this deep (then {@code …}): no deep recursion, short lines. */
    static final int MAX_COMMENT_DEPTH = 24;
    private int printDepth;

    /** A node as the comments show it: inline when it has no name of its own in this loop. */
    private Printed reference(Node x, Step.Loop loop) {
        Lowering lowering = x.op().lowering();
        boolean inline = x.inputs().isEmpty() && !(lowering instanceof Lowering.Bound)
                || plan.kinds().get(x) == Kind.VIEW
                || !planned.contains(x) && x.name().isEmpty()
                || loop != null && loop.members().contains(x) && !loop.stored().contains(x);
        if (inline) {
            if (printDepth >= MAX_COMMENT_DEPTH) {
                return Printed.atom("…");
            }
            printDepth++;
            try {
                return print(x, loop);
            } finally {
                printDepth--;
            }
        }
        if (lowering instanceof Lowering.Bound b) {
            return Printed.atom(b.id());
        }
        return Printed.atom(display.getOrDefault(x, x.label()));
    }

    /** The right-hand side of a node's equation. */
    private Printed print(Node n, Step.Loop loop) {
        return n.op().print(new PrintContext() {
            public Node node() {
                return n;
            }

            public Notation notation() {
                return Notation.TEXT;
            }

            public Printed arg(int index) {
                return reference(n.input(index), loop);
            }

            public Printed print(Node other) {
                return reference(other, loop);
            }
        });
    }
}
