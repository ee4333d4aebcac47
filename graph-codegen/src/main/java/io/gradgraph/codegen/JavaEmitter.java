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
import io.gradgraph.core.Leaf;
import io.gradgraph.core.Node;
import io.gradgraph.core.Notation;
import io.gradgraph.core.PrintContext;
import io.gradgraph.core.Printed;
import io.gradgraph.core.Shape;
import io.gradgraph.core.Structural;
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
    private static final ClassName MATMUL = ClassName.get("io.gradgraph.kernel", "MatMul");
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
        for (String reserved : List.of("i", "j", "k", "from", "count", "run", "requireSize", "requireLength",
                "SIZES", "INPUTS", "OUTPUTS", "sizes", "inputs", "outputs")) {
            names.newName(reserved, "reserved:" + reserved);
        }
        int staged = plan.steps().stream().filter(Step.Loop.class::isInstance)
                .mapToInt(l -> ((Step.Loop) l).members().stream().mapToInt(JavaEmitter::mathCalls).sum())
                .max().orElse(0);
        for (int x = 0; x < staged; x++) {
            stagedNames.add(names.newName("math" + x, "math:" + x));
        }
        for (String s : plan.sizes()) {
            sizeNames.put(s, names.newName(s, "size:" + s));
        }
        for (Node in : plan.inputs()) {
            arrayNames.put(in, names.newName(((Leaf.Bound) in.op()).id(), in));
        }
        for (int i = 0; i < plan.constants().size(); i++) {
            arrayNames.put(plan.constants().get(i), names.newName("C" + i, plan.constants().get(i)));
        }
        int unnamed = 0;
        for (Step step : plan.steps()) {
            for (Node n : defined(step)) {
                if (!display.containsKey(n)) {
                    String hint = n.hint().filter(h -> !display.containsValue(h)).orElse(null);
                    if (n.name().isPresent()) {
                        display.put(n, n.name().get());
                    } else {
                        display.put(n, hint != null ? hint : "t" + ++unnamed);
                    }
                }
            }
        }
        for (int i = 0; i < plan.outputs().size(); i++) {
            Node out = plan.outputs().get(i);
            String suggestion = out.name().orElse("out" + i);
            if (out.op() instanceof Leaf.Bound) {
                suggestion = suggestion + "_out";
            } else if (out.name().isEmpty()) {
                display.put(out, suggestion);
            }
            outputNames.add(names.newName(suggestion, "output:" + i));
        }
        for (int t = 0; t < plan.temps().size(); t++) {
            tempNames.add(names.newName("tmp" + t, "temp:" + t));
        }
        for (Map.Entry<Node, Storage> e : plan.storage().entrySet()) {
            if (e.getValue() instanceof Storage.Scalar) {
                scalarFields.put(e.getKey(), names.newName(display.get(e.getKey()), "scalar:" + e.getKey().id()));
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
        return List.of();
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
     * Text from node names made safe inside comments: no line breaks, no end of comment, and no
     * backslash that javac would read as a unicode escape.
     */
    static String comment(String text) {
        return text.replace("\\", "\\\\").replace("\r", " ").replace("\n", " ").replace("*/", "* /");
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
                plan.inputs().stream().map(n -> ((Leaf.Bound) n.op()).id()).toList()));
        type.addField(constantList("OUTPUTS", "Outputs, in the order {@code run} takes their arrays.",
                plan.outputs().stream().map(n -> n.name().orElse(display.getOrDefault(n, n.label()))).toList()));
        for (int i = 0; i < plan.constants().size(); i++) {
            Node c = plan.constants().get(i);
            double[] values = ((Leaf.Constant) c.op()).values();
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

        List<MethodSpec> loops = new ArrayList<>();
        type.addMethod(runMethod(loops));
        type.addMethod(positionalRunMethod());
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
            init.add(i == 0 ? "$S" : ", $S", values.get(i));
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
            doc.add("sizes:   $L\n", String.join(", ", plan.sizes()));
        }
        doc.add("inputs:  $L\n", javadoc(plan.inputs().stream()
                .map(n -> ((Leaf.Bound) n.op()).id() + " (" + n.shape() + ")").collect(Collectors.joining(", "))));
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

    private MethodSpec runMethod(List<MethodSpec> loops) {
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
        for (String s : plan.sizes()) {
            run.addStatement("requireSize($S, $L)", s, sizeNames.get(s));
        }
        for (Node in : plan.inputs()) {
            run.addStatement("requireLength($L, $L, $S)", arrayNames.get(in), size(in.shape()),
                    "input " + ((Leaf.Bound) in.op()).id() + " (" + in.shape() + ")");
        }
        for (int i = 0; i < outputNames.size(); i++) {
            Node out = plan.outputs().get(i);
            run.addStatement("requireLength($L, $L, $S)", outputNames.get(i), size(out.shape()),
                    "output " + outputNames.get(i) + " (" + out.shape() + ")");
        }
        for (int t = 0; t < plan.temps().size(); t++) {
            String need = Sizes.max(plan.temps().get(t).stream().map(n -> Sizes.of(n.shape())).toList(),
                    sizeNames::get);
            run.beginControlFlow("if (this.$L.length < $L)", tempNames.get(t), need)
                    .addStatement("this.$L = new double[$L]", tempNames.get(t), need)
                    .endControlFlow();
        }
        for (String t : tempNames) {
            run.addStatement("double[] $L = this.$L", t, t);
        }
        int loopNumber = 0;
        for (Step step : plan.steps()) {
            if (step instanceof Step.Product p) {
                emitProduct(run, p);
            } else if (step instanceof Step.Loop loop) {
                MethodSpec method = loopMethod(loop, "loop" + ++loopNumber);
                loops.add(method);
                run.addComment("$L", comment(storedSummary(loop)));
                run.addStatement("$L($L)", method.name(), method.parameters().stream().map(ParameterSpec::name)
                        .collect(Collectors.joining(", ")));
            } else if (step instanceof Step.Copy copy) {
                Node n = copy.output();
                run.addComment("$L = $L", outputNames.get(plan.outputs().indexOf(n)), comment(print(n, null).text()));
                run.addStatement("$T.arraycopy($L, 0, $L, 0, $L)", System.class, array(n),
                        outputNames.get(plan.outputs().indexOf(n)), size(n.shape()));
            }
        }
        return run.build();
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

    private void emitProduct(MethodSpec.Builder run, Step.Product p) {
        Node n = p.node();
        String where = plan.storage().get(n) instanceof Storage.Output o
                && outputNames.get(o.index()).equals(display.get(n)) ? "" : " (in " + array(n) + ")";
        run.addComment("$L", comment(display.get(n) + " = " + print(n, null).text() + where));
        boolean transA = !p.a().identity();
        boolean transB = !p.b().identity();
        run.addStatement("$T.multiply($L, $L, $L, $L, 0, $L, $L, 0, $L, $L, 0, false)", MATMUL,
                dim(n.shape().rows()), dim(n.shape().cols()), dim(p.a().shape().cols()),
                array(p.a().base()), transA, array(p.b().base()), transB, array(n));
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
                if (m.op() instanceof Structural.Sum sum && sum.axis() != -1) {
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
            if (scalarFields.containsKey(n) && n.op() instanceof Structural.Sum) {
                return scalarFields.get(n); // the accumulator shadows its field
            }
            return localOf.computeIfAbsent(n, x -> {
                String suggestion = x.name().map(s -> Character.toLowerCase(s.charAt(0)) + s.substring(1))
                        .orElseGet(() -> display.containsKey(x) ? display.get(x)
                                : x.op() instanceof Structural.Sum ? "sum" + ++sums : "v" + ++unnamed);
                return locals.newName(suggestion, "local:" + x.id());
            });
        }

        /** A Java atom for one read: a literal, a local, a field or an array element. */
        String atom(Read r) {
            Node base = r.access().base();
            if (base.op() instanceof Leaf.Fill f) {
                return literal(f.value());
            }
            if (base.op() instanceof Leaf.InverseSize) {
                return inverseOf.computeIfAbsent(base, x -> locals.newName("inv_"
                        + ((Leaf.InverseSize) x.op()).dims().stream().map(Dim::toString)
                                .collect(Collectors.joining("_")), "inverse:" + x.id()));
            }
            if (members.contains(base)) {
                return local(base);
            }
            if (scalarFields.containsKey(base)) {
                return scalarFields.get(base);
            }
            String array = arrayName(base);
            if (base.shape().isScalar()) {
                return array + "[0]";
            }
            return array + "[" + index(r.access()) + "]";
        }

        String index(Access a) {
            if (a.identity()) {
                usesK = usesK || k.equals("k");
                return k;
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
                terms.add(var);
            } else {
                terms.add(var + " * " + dimName(base.shape().cols()));
            }
        }

        /** The Java expression computing one (non-sum) member from its reads. */
        String expression(Node m) {
            List<Read> reads = plan.reads().getOrDefault(m, List.of());
            if (m.op() instanceof Elementwise e) {
                return e.java(calls, reads.stream().map(this::atom).toArray(String[]::new));
            }
            if (m.op() instanceof Leaf.Fill f) {
                return literal(f.value());
            }
            if (m.op() instanceof Leaf.InverseSize) {
                return atom(new Read(m, Access.of(m)));
            }
            return atom(reads.get(0)); // a materialized transpose or broadcast
        }

        /** Where a stored member's element goes. */
        String store(Node m) {
            if (m.shape().isScalar()) {
                return scalarFields.containsKey(m) ? "this." + scalarFields.get(m) : arrayName(m) + "[0]";
            }
            if (k.equals("k")) {
                usesK = true;
            }
            return arrayName(m) + "[" + k + "]";
        }

        /**
         * Statements computing {@code nodes} in order for one element (a sum's statements come from
         * {@code sums}): values go to locals and stores come last, since a store may overwrite in
         * place an element that is read here; only after the last read of memory may a value be
         * stored directly.
         */
        List<String> elementwise(List<Node> nodes, Set<Node> readHere,
                java.util.function.Function<Node, List<String>> sums) {
            int lastRead = -1;
            for (int x = 0; x < nodes.size(); x++) {
                if (plan.reads().getOrDefault(nodes.get(x), List.of()).stream().anyMatch(this::readsArray)) {
                    lastRead = x;
                }
            }
            List<String> lines = new ArrayList<>();
            List<String> deferred = new ArrayList<>();
            for (int x = 0; x < nodes.size(); x++) {
                Node m = nodes.get(x);
                if (m.op() instanceof Structural.Sum) {
                    lines.addAll(sums.apply(m));
                    continue;
                }
                if (stager != null) {
                    stager.line = lines.size();
                }
                boolean stored = loop.stored().contains(m);
                String expr = expression(m);
                if (stored && !readHere.contains(m) && x >= lastRead) {
                    lines.add(store(m) + " = " + expr);
                } else {
                    lines.add("double " + local(m) + " = " + expr);
                    if (stored) {
                        deferred.add(store(m) + " = " + local(m));
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

        List<String> before = new ArrayList<>();   // before all loops
        List<String> rowStart = new ArrayList<>(); // at the start of each row
        List<String> rowEnd = new ArrayList<>();   // at the end of each row
        List<String> after = new ArrayList<>();    // after all loops

        if ((w.flat || w.colsLoop) && main.stream().anyMatch(m -> mathCalls(m) > 0)) {
            w.stager = new Stager(w.flat ? "k" : "j");
            w.calls = w.stager;
        }
        List<String> body = w.elementwise(main, readInLoop,
                m -> sumUpdate(w, m, (Structural.Sum) m.op(), before, rowStart, rowEnd, after));
        w.calls = Elementwise.MathCalls.INLINE; // epilogues run once per row: no chunks
        if (!loop.epilogue().isEmpty()) {
            w.enterEpilogue();
            List<String> epilogue = w.elementwise(loop.epilogue(), readInLoop, m -> {
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
            List<Dim> dims = ((Leaf.InverseSize) e.getKey().op()).dims();
            code.addStatement("double $L = $L", e.getValue(), inverse(w, dims));
        }
        before.forEach(s -> code.addStatement("$L", s));
        String rows = w.dimName(loop.space().rows());
        String cols = w.dimName(loop.space().cols());
        if (w.flat) {
            w.usedSizes.addAll(Sizes.of(loop.space()).symbols());
            elementLoop(code, w, "k", size(loop.space()), body, List.of());
        } else {
            List<String> index = w.usesK && w.rowsLoop && w.colsLoop ? List.of("int k = i * " + cols + " + j")
                    : List.of();
            boolean interleave = w.rowsLoop && w.colsLoop && w.stager == null && !rowStart.isEmpty()
                    && !(loop.space().rows() instanceof Dim.Fixed f && f.size() < ROWS_AT_ONCE)
                    && main.stream().allMatch(m -> !(m.op() instanceof Structural.Sum sum) || sum.axis() == 1);
            if (interleave) {
                interleavedRows(code, rows, cols, index, body, rowStart, rowEnd);
            }
            if (w.rowsLoop) {
                code.beginControlFlow(interleave ? "for (; i < $L; i++)" : "for (int i = 0; i < $L; i++)", rows);
            }
            rowStart.forEach(s -> code.addStatement("$L", s));
            if (w.colsLoop) {
                elementLoop(code, w, "j", cols, body, index);
            } else {
                index.forEach(s -> code.addStatement("$L", s));
                body.forEach(s -> code.addStatement("$L", s));
            }
            rowEnd.forEach(s -> code.addStatement("$L", s));
            if (w.rowsLoop) {
                code.endControlFlow();
            }
        }
        after.forEach(s -> code.addStatement("$L", s));

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
    private static void interleavedRows(CodeBlock.Builder code, String rows, String cols, List<String> index,
            List<String> body, List<String> rowStart, List<String> rowEnd) {
        Set<String> locals = new LinkedHashSet<>();
        for (List<String> lines : List.of(rowStart, index, body, rowEnd)) {
            for (String line : lines) {
                java.util.regex.Matcher declaration = DECLARATION.matcher(line);
                if (declaration.lookingAt()) {
                    locals.add(declaration.group(1));
                }
            }
        }
        code.addStatement("int i = 0");
        code.beginControlFlow("for (; i + $L <= $L; i += $L)", ROWS_AT_ONCE, rows, ROWS_AT_ONCE);
        for (int r = 0; r < ROWS_AT_ONCE; r++) {
            forRow(rowStart, locals, r).forEach(line -> code.addStatement("$L", line));
        }
        code.beginControlFlow("for (int j = 0; j < $L; j++)", cols);
        for (int r = 0; r < ROWS_AT_ONCE; r++) {
            forRow(index, locals, r).forEach(line -> code.addStatement("$L", line));
            forRow(body, locals, r).forEach(line -> code.addStatement("$L", line));
        }
        code.endControlFlow();
        for (int r = 0; r < ROWS_AT_ONCE; r++) {
            forRow(rowEnd, locals, r).forEach(line -> code.addStatement("$L", line));
        }
        code.endControlFlow();
    }

    /** The lines for row {@code i + r}: i replaced by {@code (i + r)} (r &gt; 0), each local x by {@code x$r}. */
    private static List<String> forRow(List<String> lines, Set<String> locals, int r) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String renamed = r == 0 ? line : line.replaceAll("\\bi\\b", "(i + " + r + ")");
            for (String local : locals) {
                renamed = renamed.replaceAll("\\b" + java.util.regex.Pattern.quote(local) + "\\b",
                        java.util.regex.Matcher.quoteReplacement(local + "$" + r));
            }
            out.add(renamed);
        }
        return out;
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
    private void elementLoop(CodeBlock.Builder code, LoopWriter w, String var, String size, List<String> body,
            List<String> index) {
        Stager stager = w.stager;
        if (stager == null) {
            code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", var, var, size, var);
            index.forEach(s -> code.addStatement("$L", s));
            body.forEach(s -> code.addStatement("$L", s));
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
            chunkLoop(code, var, argumentLines(index, body, calls, Staged::element));
            for (Staged c : calls) {
                code.addStatement("$L$L($L, 0, count)", Elementwise.PORTABLE_MATH, c.function(), c.array());
            }
        }
        List<String> rest = new ArrayList<>(index);
        rest.addAll(body);
        chunkLoop(code, var, withoutUnused(rest));
        code.endControlFlow();
    }

    /** {@code for (int var = from; var < from + count; var++) { statements }}: one pass over a chunk. */
    private static void chunkLoop(CodeBlock.Builder code, String var, List<String> statements) {
        code.beginControlFlow("for (int $L = from; $L < from + count; $L++)", var, var, var);
        statements.forEach(s -> code.addStatement("$L", s));
        code.endControlFlow();
    }

    /**
     * The statements of a pass computing the arguments of {@code calls} (made on body lines up to
     * the last of theirs): each call's argument assigned to {@code target} of it, in place of the line
     * making the call, with the body's declarations before that line that they need.
     */
    private static List<String> argumentLines(List<String> index, List<String> body, List<Staged> calls,
            java.util.function.Function<Staged, String> target) {
        int last = calls.stream().mapToInt(Staged::line).max().orElse(-1);
        List<String> arguments = new ArrayList<>(index);
        for (int x = 0; x <= last; x++) {
            for (Staged c : calls) {
                if (c.line() == x) {
                    arguments.add(target.apply(c) + " = " + c.argument());
                }
            }
            if (x < last && body.get(x).startsWith("double ")) {
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
    private static boolean inPlace(CodeBlock.Builder code, String var, String size, List<String> body,
            List<String> index, List<Staged> staged) {
        if (staged.size() != 1) {
            return false;
        }
        Staged c = staged.get(0);
        String element = index.isEmpty() ? var : "k";
        String start;
        if (index.isEmpty()) {
            start = "from";
        } else if (index.equals(List.of("int k = i * " + size + " + " + var))) {
            start = "i * " + size + " + from";
        } else {
            return false;
        }
        java.util.regex.Matcher store = java.util.regex.Pattern.compile(
                "(\\w+)\\[" + element + "\\] = " + java.util.regex.Pattern.quote(c.element())).matcher(body.get(c.line()));
        if (!store.matches()) {
            return false;
        }
        String array = store.group(1);
        java.util.regex.Pattern anyElement = java.util.regex.Pattern.compile("\\b" + array + "\\[");
        List<String> rest = new ArrayList<>(index);
        for (int x = 0; x < body.size(); x++) {
            if (x != c.line()) {
                if (body.get(x).contains(c.element())) {
                    return false;
                }
                rest.add(body.get(x));
            }
        }
        rest = withoutUnused(rest);
        if (rest.stream().anyMatch(r -> anyElement.matcher(r).find())) {
            return false;
        }
        String sameElement = array + "[" + element + "]";
        List<String> arguments = argumentLines(index, body, staged, call -> sameElement);
        for (String a : arguments) {
            if (anyElement.matcher(a.replace(sameElement, "")).find()) {
                return false; // reads another element of the array it writes
            }
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
    private static Map<Staged, Integer> levels(List<Staged> staged, List<String> body) {
        Map<Staged, Integer> levelOf = new HashMap<>();
        for (Staged c : staged) {
            int level = 0;
            for (Staged d : staged) {
                if (levelOf.containsKey(d) && uses(c.argument(), d.element(), body, c.line())) {
                    level = Math.max(level, levelOf.get(d) + 1);
                }
            }
            levelOf.put(c, level);
        }
        return levelOf;
    }

    /** Whether {@code text} reads {@code element}, itself or through locals declared in body[0, before). */
    private static boolean uses(String text, String element, List<String> body, int before) {
        if (text.contains(element)) {
            return true;
        }
        for (int x = before - 1; x >= 0; x--) {
            java.util.regex.Matcher declaration = DECLARATION.matcher(body.get(x));
            if (declaration.lookingAt()
                    && java.util.regex.Pattern.compile("\\b" + declaration.group(1) + "\\b").matcher(text).find()
                    && uses(body.get(x).substring(declaration.end()), element, body, x)) {
                return true;
            }
        }
        return false;
    }

    /** The statements without declarations ({@code double x = …}, {@code int k = …}) nothing later reads. */
    private static List<String> withoutUnused(List<String> statements) {
        List<String> kept = new ArrayList<>();
        for (int x = statements.size() - 1; x >= 0; x--) {
            java.util.regex.Matcher declaration = DECLARATION.matcher(statements.get(x));
            if (declaration.lookingAt()) {
                java.util.regex.Pattern use = java.util.regex.Pattern.compile("\\b" + declaration.group(1) + "\\b");
                if (kept.stream().noneMatch(later -> use.matcher(later).find())) {
                    continue;
                }
            }
            kept.add(0, statements.get(x));
        }
        return kept;
    }

    private static final java.util.regex.Pattern DECLARATION = java.util.regex.Pattern.compile("(?:double|int) (\\w+) = ");

    /** How many PortableMath calls a node's Java expression makes. */
    private static int mathCalls(Node n) {
        if (!(n.op() instanceof Elementwise e)) {
            return 0;
        }
        int[] count = {0};
        e.java((function, argument) -> {
            count[0]++;
            return argument;
        }, "x", "y");
        return count[0];
    }

    /** One staged PortableMath call: its scratch array and element, and the body line making it. */
    private record Staged(String function, String argument, String array, String element, int line) {
    }

    /**
     * Writes each PortableMath call of a loop body as a read of a scratch array (the value for this
     * element of the chunk), and records the call.
     */
    private final class Stager implements Elementwise.MathCalls {
        final String var;
        final List<Staged> staged = new ArrayList<>();
        /** The index in the body of the line being written. */
        int line;

        Stager(String var) {
            this.var = var;
        }

        @Override
        public String call(String function, String argument) {
            String array = stagedNames.get(staged.size());
            String element = array + "[" + var + " - from]";
            staged.add(new Staged(function, argument, array, element, line));
            return element;
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

    /** {@code 1/(d1·d2·…)} computed exactly as {@link Leaf.InverseSize#value} does. */
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
    private List<String> sumUpdate(LoopWriter w, Node m, Structural.Sum sum, List<String> before,
            List<String> rowStart, List<String> rowEnd, List<String> after) {
        String v = w.atom(plan.reads().get(m).get(0));
        boolean stored = loop(m).stored().contains(m);
        String acc = w.local(m);
        String scalarTarget = !stored || !m.shape().isScalar() ? null
                : scalarFields.containsKey(m) ? "this." + scalarFields.get(m) : w.arrayName(m) + "[0]";
        List<String> body = new ArrayList<>();
        if (sum.axis() == 0 && !m.shape().isScalar()) {
            String target = w.arrayName(m) + "[" + w.j + "]";
            body.add(target + " = " + (w.i.equals("0") ? v : w.i + " == 0 ? " + v + " : " + target + " + " + v));
        } else if (sum.axis() == 0) {
            before.add("double " + acc + " = 0.0");
            body.add(acc + " = " + (w.i.equals("0") ? v : w.i + " == 0 ? " + v + " : " + acc + " + " + v));
            addIf(after, scalarTarget, acc);
        } else if (sum.axis() == 1 && !m.shape().isScalar()) {
            rowStart.add("double " + acc + " = 0.0");
            body.add(acc + " += " + v);
            if (stored) {
                rowEnd.add(w.arrayName(m) + "[" + w.i + "] = " + acc);
            }
        } else {
            before.add("double " + acc + " = 0.0");
            body.add(acc + " += " + v);
            addIf(after, scalarTarget, acc);
        }
        return body;
    }

    private static void addIf(List<String> lines, String target, String value) {
        if (target != null) {
            lines.add(target + " = " + value);
        }
    }

    private Step.Loop loop(Node member) {
        for (Step s : plan.steps()) {
            if (s instanceof Step.Loop l && l.members().contains(member)) {
                return l;
            }
        }
        throw new IllegalStateException(member + " is in no loop");
    }

    // ---------------------------------------------------------------- equations in comments

    /** A node as the comments show it: inline when it has no name of its own in this loop. */
    private Printed reference(Node x, Step.Loop loop) {
        boolean inline = x.op() instanceof Leaf && !(x.op() instanceof Leaf.Bound)
                || plan.kinds().get(x) == Kind.VIEW
                || !planned.contains(x) && x.name().isEmpty()
                || loop != null && loop.members().contains(x) && !loop.stored().contains(x);
        if (inline) {
            return print(x, loop);
        }
        if (x.op() instanceof Leaf.Bound b) {
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
