package io.gradgraph.core;

import io.gradgraph.kernel.PortableMath;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Elementwise ops, each with its scalar function, its derivative as graph nodes, its Java expression
 * for the code generator and its printed forms, side by side. Binary ops broadcast numpy-style:
 * (n,1), (1,m) and (1,1) against (n,m).
 */
public sealed interface Elementwise extends Op {

    /**
     * The Java expression computing one element from the argument expressions, with each call of
     * {@link PortableMath}'s tanh, exp or log1p written by {@code calls} ({@link MathCalls#INLINE}: a
     * call per element; the code generator stages them, to call the array versions on a chunk of
     * elements at a time).
     */
    String java(MathCalls calls, String... args);

    @Override
    default Lowering lowering() {
        return new Lowering.Pointwise(this::java);
    }

    /**
     * How generated code calls {@link PortableMath}, which the interpreter's {@code apply} calls too,
     * so that both compute the same bits on every JDK.
     */
    String PORTABLE_MATH = "io.gradgraph.kernel.PortableMath.";

    /** Writes a call of a {@link PortableMath} function ({@code "tanh"}, {@code "exp"}, {@code "log1p"}). */
    @FunctionalInterface
    interface MathCalls {
        /** A call per element: {@code io.gradgraph.kernel.PortableMath.exp(x)}. */
        MathCalls INLINE = (function, argument) -> PORTABLE_MATH + function + "(" + argument + ")";

        /** The expression standing for {@code function(argument)}. */
        String call(String function, String argument);
    }

    // ---------------------------------------------------------------- unary

    /** An elementwise function of one argument. */
    sealed interface Unary extends Elementwise {
        double apply(double x);

        @Override
        default Shape shape(List<Node> inputs) {
            return inputs.get(0).shape();
        }

        @Override
        default void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out) {
            applyAll(inputs.get(0).data, out.data, out.getNumElements());
        }

        /**
         * {@code y[i] = apply(x[i])} for i &lt; n (y is not x). Each op overrides it with the same
         * loop (or {@link PortableMath}'s array functions, which give the same bits): in the op's own
         * method {@code apply} is statically bound and inlined, where this shared loop would make a
         * megamorphic call per element.
         */
        default void applyAll(double[] x, double[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = apply(x[i]);
            }
        }

        /** Prints as {@code f(x)}. */
        static Printed function(PrintContext ctx, String text, String latex) {
            Printed x = ctx.arg(0);
            return ctx.latex() ? Printed.atom(latex + "\\left(" + x.text() + "\\right)")
                    : Printed.atom(text + "(" + x.text() + ")");
        }
    }

    record Neg() implements Unary {
        public String name() { return "neg"; }
        public double apply(double x) { return -x; }
        public void applyAll(double[] x, double[] y, int n) { for (int i = 0; i < n; i++) { y[i] = apply(x[i]); } }
        public String java(MathCalls m, String... a) { return "-" + a[0]; }
        public Node vjp(Graph g, Node out, Node grad, int i) { return g.neg(grad); }
        public Printed print(PrintContext ctx) {
            java.util.Optional<ScalarConstant> folded = ScalarConstant.of(ctx.node());
            if (folded.isPresent()) {
                return folded.get().print(ctx.notation());
            }
            return new Printed(ctx.pick("−", "-") + ctx.arg(0).at(Printed.POSTFIX, ctx.notation()), Printed.PREFIX);
        }
    }

    /** {@link PortableMath#exp}. */
    record Exp() implements Unary {
        public String name() { return "exp"; }
        public double apply(double x) { return PortableMath.exp(x); }
        public void applyAll(double[] x, double[] y, int n) {
            System.arraycopy(x, 0, y, 0, n);
            PortableMath.exp(y, 0, n);
        }
        public String java(MathCalls m, String... a) { return m.call("exp", a[0]); }
        public Node vjp(Graph g, Node out, Node grad, int i) { return g.mul(grad, out); }
        public Printed print(PrintContext ctx) { return Unary.function(ctx, "exp", "\\exp"); }
    }

    record Log() implements Unary {
        public String name() { return "log"; }
        public double apply(double x) { return Math.log(x); }
        public void applyAll(double[] x, double[] y, int n) { for (int i = 0; i < n; i++) { y[i] = apply(x[i]); } }
        public String java(MathCalls m, String... a) { return "Math.log(" + a[0] + ")"; }
        public Node vjp(Graph g, Node out, Node grad, int i) { return g.div(grad, out.input(0)); }
        public Printed print(PrintContext ctx) { return Unary.function(ctx, "log", "\\log"); }
    }

    record Sqrt() implements Unary {
        public String name() { return "sqrt"; }
        public double apply(double x) { return Math.sqrt(x); }
        public void applyAll(double[] x, double[] y, int n) { for (int i = 0; i < n; i++) { y[i] = apply(x[i]); } }
        public String java(MathCalls m, String... a) { return "Math.sqrt(" + a[0] + ")"; }
        public Node vjp(Graph g, Node out, Node grad, int i) { return g.div(grad, g.mul(g.constant(2), out)); }
        public Printed print(PrintContext ctx) {
            return ctx.latex() ? Printed.atom("\\sqrt{" + ctx.arg(0).text() + "}")
                    : Printed.atom("√" + ctx.arg(0).at(Printed.ATOM, ctx.notation()));
        }
    }

    record Square() implements Unary {
        public String name() { return "square"; }
        public double apply(double x) { return x * x; }
        public void applyAll(double[] x, double[] y, int n) { for (int i = 0; i < n; i++) { y[i] = apply(x[i]); } }
        public String java(MathCalls m, String... a) { return a[0] + " * " + a[0]; }
        public Node vjp(Graph g, Node out, Node grad, int i) {
            return g.mul(grad, g.mul(g.constant(2), out.input(0)));
        }
        public Printed print(PrintContext ctx) {
            String base = ctx.arg(0).at(Printed.ATOM, ctx.notation());
            return new Printed(ctx.latex() ? "{" + base + "}^{2}" : base + "²", Printed.POSTFIX);
        }
    }

    /** {@code x^p} for a constant exponent p. */
    record Pow(double p) implements Unary {
        public Pow {
            if (!Double.isFinite(p)) {
                throw new GraphException("pow: the exponent must be a finite number, got " + p);
            }
        }
        public String name() { return "pow"; }
        public double apply(double x) { return Math.pow(x, p); }
        public void applyAll(double[] x, double[] y, int n) { for (int i = 0; i < n; i++) { y[i] = apply(x[i]); } }
        public String java(MathCalls m, String... a) { return "Math.pow(" + a[0] + ", " + Names.number(p) + (p == Math.rint(p) ? ".0" : "") + ")"; }
        public Node vjp(Graph g, Node out, Node grad, int i) {
            return g.mul(grad, g.mul(g.constant(p), g.pow(out.input(0), p - 1)));
        }
        public Printed print(PrintContext ctx) {
            String base = ctx.arg(0).at(Printed.ATOM, ctx.notation());
            return new Printed(ctx.latex() ? "{" + base + "}^{" + Names.number(p) + "}" : base + "^" + Names.number(p),
                    Printed.POSTFIX);
        }
    }

    /** {@link PortableMath#tanh}: faster than {@link Math#tanh} and the same on every JDK. */
    record Tanh() implements Unary {
        public String name() { return "tanh"; }
        public double apply(double x) { return PortableMath.tanh(x); }
        public void applyAll(double[] x, double[] y, int n) {
            System.arraycopy(x, 0, y, 0, n);
            PortableMath.tanh(y, 0, n);
        }
        public String java(MathCalls m, String... a) { return m.call("tanh", a[0]); }
        public Node vjp(Graph g, Node out, Node grad, int i) {
            return g.mul(grad, g.sub(g.constant(1), g.square(out)));
        }
        public Printed print(PrintContext ctx) { return Unary.function(ctx, "tanh", "\\tanh"); }
    }

    /**
     * The logistic function {@code 1 / (1 + e^{-x})}, computed as the course does (with
     * {@link PortableMath#exp}).
     */
    record Sigmoid() implements Unary {
        public String name() { return "sigmoid"; }
        public double apply(double x) { return 1 / (1 + PortableMath.exp(-x)); }
        public void applyAll(double[] x, double[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = -x[i];
            }
            PortableMath.exp(y, 0, n);
            for (int i = 0; i < n; i++) {
                y[i] = 1 / (1 + y[i]);
            }
        }
        public String java(MathCalls m, String... a) { return "1.0 / (1.0 + " + m.call("exp", "-" + a[0]) + ")"; }
        public Node vjp(Graph g, Node out, Node grad, int i) {
            return g.mul(grad, g.mul(out, g.sub(g.constant(1), out)));
        }
        public Printed print(PrintContext ctx) { return Unary.function(ctx, "σ", "\\sigma"); }
    }

    record Relu() implements Unary {
        public String name() { return "relu"; }
        public double apply(double x) { return x > 0 ? x : 0; }
        public void applyAll(double[] x, double[] y, int n) { for (int i = 0; i < n; i++) { y[i] = apply(x[i]); } }
        public String java(MathCalls m, String... a) { return "Math.max(" + a[0] + ", 0.0)"; }
        public Node vjp(Graph g, Node out, Node grad, int i) { return g.mul(grad, g.step(out.input(0))); }
        public Printed print(PrintContext ctx) { return Unary.function(ctx, "relu", "\\mathrm{ReLU}"); }
    }

    /** {@code x > 0 ? x : alpha·x}. */
    record LeakyRelu(double alpha) implements Unary {
        public LeakyRelu {
            if (!Double.isFinite(alpha)) {
                throw new GraphException("leaky-relu: the slope alpha must be a finite number, got " + alpha);
            }
        }
        public String name() { return "leaky-relu"; }
        public double apply(double x) { return x > 0 ? x : alpha * x; }
        public void applyAll(double[] x, double[] y, int n) { for (int i = 0; i < n; i++) { y[i] = apply(x[i]); } }
        public String java(MathCalls m, String... a) { return "(" + a[0] + " > 0 ? " + a[0] + " : " + alpha + " * " + a[0] + ")"; }
        public Node vjp(Graph g, Node out, Node grad, int i) {
            return g.mul(grad, g.apply(new Step(alpha), out.input(0)));
        }
        public Printed print(PrintContext ctx) {
            return Unary.function(ctx, "leakyrelu[" + Names.number(alpha) + "]",
                    "\\mathrm{LeakyReLU}_{" + Names.number(alpha) + "}");
        }
    }

    /**
     * The derivative of (leaky) ReLU: {@code x > 0 ? 1 : below}. Its own derivative is zero
     * (the kink at 0 is given the value {@code below}, as the course does).
     */
    record Step(double below) implements Unary {
        public String name() { return "step"; }
        public double apply(double x) { return x > 0 ? 1 : below; }
        public void applyAll(double[] x, double[] y, int n) { for (int i = 0; i < n; i++) { y[i] = apply(x[i]); } }
        public String java(MathCalls m, String... a) { return "(" + a[0] + " > 0 ? 1.0 : " + below + ")"; }
        public Node vjp(Graph g, Node out, Node grad, int i) { return g.zeros(out.shape()); }
        public Printed print(PrintContext ctx) {
            String x = ctx.arg(0).text();
            String cond = below == 0 ? ctx.pick("[" + x + " > 0]", "\\mathbb{1}\\left[" + x + " > 0\\right]")
                    : ctx.pick("[" + x + " > 0 ? 1 : " + Names.number(below) + "]",
                            "\\left(" + x + " > 0 \\,?\\, 1 : " + Names.number(below) + "\\right)");
            return Printed.atom(cond);
        }
    }

    /** {@code |x|}; its gradient is {@code sign(x)}, 0 at the kink (the mean of −1 and 1, as JAX). */
    record Abs() implements Unary {
        public String name() { return "abs"; }
        public double apply(double x) { return Math.abs(x); }
        public void applyAll(double[] x, double[] y, int n) { for (int i = 0; i < n; i++) { y[i] = apply(x[i]); } }
        public String java(MathCalls m, String... a) { return "Math.abs(" + a[0] + ")"; }
        public Node vjp(Graph g, Node out, Node grad, int i) { return g.mul(grad, g.sign(out.input(0))); }
        public Printed print(PrintContext ctx) {
            return Printed.atom(ctx.pick("|" + ctx.arg(0).text() + "|", "\\left|" + ctx.arg(0).text() + "\\right|"));
        }
    }

    /** {@link Math#signum}: −1, 0 or 1 (±0 and NaN are kept); the derivative of {@link Abs}. Its own is 0. */
    record Sign() implements Unary {
        public String name() { return "sign"; }
        public double apply(double x) { return Math.signum(x); }
        public void applyAll(double[] x, double[] y, int n) { for (int i = 0; i < n; i++) { y[i] = apply(x[i]); } }
        public String java(MathCalls m, String... a) { return "Math.signum(" + a[0] + ")"; }
        public Node vjp(Graph g, Node out, Node grad, int i) { return g.zeros(out.shape()); }
        public Printed print(PrintContext ctx) { return Unary.function(ctx, "sign", "\\operatorname{sign}"); }
    }

    /**
     * {@code log(1 + eˣ)}, computed stably as {@code max(x, 0) + log1p(e^{−|x|})} with
     * {@link PortableMath}; its gradient is {@code σ(x)}.
     */
    record Softplus() implements Unary {
        public String name() { return "softplus"; }
        public double apply(double x) { return Math.max(x, 0) + PortableMath.log1p(PortableMath.exp(-Math.abs(x))); }
        /** apply's bits, with exp and log1p on PortableMath's array functions (staged in y). */
        public void applyAll(double[] x, double[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = -Math.abs(x[i]);
            }
            PortableMath.exp(y, 0, n);
            PortableMath.log1p(y, 0, n);
            for (int i = 0; i < n; i++) {
                y[i] = Math.max(x[i], 0) + y[i];
            }
        }
        public String java(MathCalls m, String... a) {
            return "Math.max(" + a[0] + ", 0.0) + " + m.call("log1p", m.call("exp", "-Math.abs(" + a[0] + ")"));
        }
        public Node vjp(Graph g, Node out, Node grad, int i) { return g.mul(grad, g.sigmoid(out.input(0))); }
        public Printed print(PrintContext ctx) { return Unary.function(ctx, "softplus", "\\operatorname{softplus}"); }
    }

    /** {@link StrictMath#sin}: the same bits on every JDK, interpreted or compiled. */
    record Sin() implements Unary {
        public String name() { return "sin"; }
        public double apply(double x) { return StrictMath.sin(x); }
        public void applyAll(double[] x, double[] y, int n) { for (int i = 0; i < n; i++) { y[i] = apply(x[i]); } }
        public String java(MathCalls m, String... a) { return "java.lang.StrictMath.sin(" + a[0] + ")"; }
        public Node vjp(Graph g, Node out, Node grad, int i) { return g.mul(grad, g.cos(out.input(0))); }
        public Printed print(PrintContext ctx) { return Unary.function(ctx, "sin", "\\sin"); }
    }

    /** {@link StrictMath#cos}: the same bits on every JDK, interpreted or compiled. */
    record Cos() implements Unary {
        public String name() { return "cos"; }
        public double apply(double x) { return StrictMath.cos(x); }
        public void applyAll(double[] x, double[] y, int n) { for (int i = 0; i < n; i++) { y[i] = apply(x[i]); } }
        public String java(MathCalls m, String... a) { return "java.lang.StrictMath.cos(" + a[0] + ")"; }
        public Node vjp(Graph g, Node out, Node grad, int i) { return g.neg(g.mul(grad, g.sin(out.input(0)))); }
        public Printed print(PrintContext ctx) { return Unary.function(ctx, "cos", "\\cos"); }
    }

    /**
     * {@code min(max(x, lo), hi)} for constants {@code lo ≤ hi} (either may be infinite). Its
     * gradient is {@code G ∗ H(x − lo) ∗ H(hi − x)} with {@link Heaviside}'s {@code H(0) = ½}: at
     * a bound the gradient is split evenly between x and the bound, as JAX's clip does.
     */
    record Clip(double lo, double hi) implements Unary {
        public Clip {
            if (Double.isNaN(lo) || Double.isNaN(hi)) {
                throw new GraphException("clip: the bounds cannot be NaN, got [" + lo + ", " + hi + "]");
            }
            if (lo > hi) {
                throw new GraphException("clip: the lower bound " + lo + " is above the upper bound " + hi);
            }
        }
        public String name() { return "clip"; }
        public double apply(double x) { return Math.min(Math.max(x, lo), hi); }
        public void applyAll(double[] x, double[] y, int n) { for (int i = 0; i < n; i++) { y[i] = apply(x[i]); } }
        public String java(MathCalls m, String... a) {
            return "Math.min(Math.max(" + a[0] + ", " + literal(lo) + "), " + literal(hi) + ")";
        }
        public Node vjp(Graph g, Node out, Node grad, int i) {
            Node x = out.input(0);
            return g.mul(grad, g.mul(g.heaviside(x, g.constant(lo)), g.heaviside(g.constant(hi), x)));
        }
        public Printed print(PrintContext ctx) {
            String bounds = number(lo, ctx) + ", " + number(hi, ctx);
            return ctx.latex() ? Printed.atom("\\operatorname{clip}\\left(" + ctx.arg(0).text() + ", " + bounds + "\\right)")
                    : Printed.atom("clip(" + ctx.arg(0).text() + ", " + bounds + ")");
        }
        /** Equality on the bits, as {@link Leaf.Fill}: −0.0 and 0.0 bounds are different ops. */
        public boolean equals(Object o) {
            return o instanceof Clip c && Double.doubleToLongBits(c.lo) == Double.doubleToLongBits(lo)
                    && Double.doubleToLongBits(c.hi) == Double.doubleToLongBits(hi);
        }
        public int hashCode() { return Double.hashCode(lo) * 31 + Double.hashCode(hi); }
    }

    /**
     * The identity with a zero gradient (JAX's {@code stop_gradient}): the value flows forward,
     * nothing flows back through it.
     */
    record StopGradient() implements Unary {
        public String name() { return "stop-gradient"; }
        public double apply(double x) { return x; }
        public void applyAll(double[] x, double[] y, int n) { System.arraycopy(x, 0, y, 0, n); }
        public String java(MathCalls m, String... a) { return a[0]; }
        public Node vjp(Graph g, Node out, Node grad, int i) { return g.zeros(out.shape()); }
        public Printed print(PrintContext ctx) { return Unary.function(ctx, "stop", "\\operatorname{stop}"); }
    }

    /** A Java literal for a double constant in generated code (infinities included). */
    static String literal(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        return Double.toString(v);
    }

    /** A printed number, with the course's minus sign and ∞. */
    private static String number(double v, PrintContext ctx) {
        if (Double.isInfinite(v)) {
            return (v < 0 ? ctx.pick("−", "-") : "") + ctx.pick("∞", "\\infty");
        }
        String text = Names.number(v);
        return v < 0 ? ctx.pick("−", "-") + text.substring(1) : text;
    }

    // ---------------------------------------------------------------- binary

    /** An elementwise function of two arguments, with numpy broadcasting. */
    sealed interface Binary extends Elementwise {
        double apply(double a, double b);

        /** Printed symbol between the operands, e.g. " + "; null for ops that print as functions. */
        @Override
        default Shape shape(List<Node> inputs) {
            Node a = inputs.get(0);
            Node b = inputs.get(1);
            return Shape.broadcast(a.shape(), b.shape()).orElseThrow(() -> new GraphException(
                    name() + " " + a.label() + " (" + a.shape() + ") and " + b.label() + " (" + b.shape()
                            + "): shapes do not broadcast (each dimension must match or be 1)"));
        }

        @Override
        default void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out) {
            DMatrixRMaj a = inputs.get(0);
            DMatrixRMaj b = inputs.get(1);
            int rows = out.numRows;
            int cols = out.numCols;
            if (a.numRows == rows && a.numCols == cols && b.numRows == rows && b.numCols == cols) {
                applyAll(a.data, 0, 1, b.data, 0, 1, out.data, 0, rows * cols);
                return;
            }
            int aRowStep = a.numRows == 1 ? 0 : a.numCols;
            int aColStep = a.numCols == 1 ? 0 : 1;
            int bRowStep = b.numRows == 1 ? 0 : b.numCols;
            int bColStep = b.numCols == 1 ? 0 : 1;
            for (int i = 0; i < rows; i++) {
                applyAll(a.data, i * aRowStep, aColStep, b.data, i * bRowStep, bColStep, out.data, i * cols, cols);
            }
        }

        /**
         * {@code z[zo + j] = apply(x[xo + j·xs], y[yo + j·ys])} for j &lt; n (z is neither x nor y); a
         * step of 0 repeats an element (broadcasting). Each op overrides it with the same loop, as
         * {@link Unary#applyAll}: in the op's own method {@code apply} is inlined.
         */
        default void applyAll(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] z, int zo, int n) {
            for (int j = 0; j < n; j++) {
                z[zo + j] = apply(x[xo + j * xs], y[yo + j * ys]);
            }
        }

        /** Prints as {@code a op b} at the given precedence (left-associative). */
        static Printed infix(PrintContext ctx, String op, int precedence) {
            Notation n = ctx.notation();
            return new Printed(ctx.arg(0).at(precedence, n) + op + ctx.arg(1).at(precedence + 1, n), precedence);
        }
    }

    record Add() implements Binary {
        public String name() { return "add"; }
        public double apply(double a, double b) { return a + b; }
        public void applyAll(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] z, int zo, int n) {
            for (int j = 0; j < n; j++) {
                z[zo + j] = apply(x[xo + j * xs], y[yo + j * ys]);
            }
        }
        public String java(MathCalls m, String... a) { return a[0] + " + " + a[1]; }
        public Node vjp(Graph g, Node out, Node grad, int i) { return grad; }
        public Printed print(PrintContext ctx) {
            Notation n = ctx.notation();
            return new Printed(ctx.arg(0).at(Printed.SUM, n) + " + " + ctx.arg(1).at(Printed.SUM, n), Printed.SUM);
        }
    }

    record Sub() implements Binary {
        public String name() { return "sub"; }
        public double apply(double a, double b) { return a - b; }
        public void applyAll(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] z, int zo, int n) {
            for (int j = 0; j < n; j++) {
                z[zo + j] = apply(x[xo + j * xs], y[yo + j * ys]);
            }
        }
        public String java(MathCalls m, String... a) { return a[0] + " - " + a[1]; }
        public Node vjp(Graph g, Node out, Node grad, int i) { return i == 0 ? grad : g.neg(grad); }
        public Printed print(PrintContext ctx) { return Binary.infix(ctx, ctx.pick(" − ", " - "), Printed.SUM); }
    }

    /**
     * Elementwise product. A 1×1 left factor prints by juxtaposition, {@code (1/m) dZ·Aᵀ}, with its
     * constants folded ({@code (2/m)}, not {@code (1/m) 2}); others with the course's {@code ∗}.
     */
    record Mul() implements Binary {
        public String name() { return "mul"; }
        public double apply(double a, double b) { return a * b; }
        public void applyAll(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] z, int zo, int n) {
            for (int j = 0; j < n; j++) {
                z[zo + j] = apply(x[xo + j * xs], y[yo + j * ys]);
            }
        }
        public String java(MathCalls m, String... a) { return a[0] + " * " + a[1]; }
        public Node vjp(Graph g, Node out, Node grad, int i) { return g.mul(grad, out.input(1 - i)); }
        public Printed print(PrintContext ctx) {
            Notation n = ctx.notation();
            Node node = ctx.node();
            java.util.Optional<ScalarConstant> folded = ScalarConstant.of(node);
            if (folded.isPresent()) {
                return folded.get().print(n); // (1/m)·2 prints as (2/m)
            }
            if (node.input(0).shape().isScalar() || ScalarConstant.isConstant(node.input(0))) {
                return new Printed(ctx.arg(0).at(Printed.POSTFIX, n) + " " + ctx.arg(1).at(Printed.PRODUCT, n),
                        Printed.PRODUCT);
            }
            return Binary.infix(ctx, ctx.pick(" ∗ ", " \\ast "), Printed.PRODUCT);
        }
    }

    record Div() implements Binary {
        public String name() { return "div"; }
        public double apply(double a, double b) { return a / b; }
        public void applyAll(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] z, int zo, int n) {
            for (int j = 0; j < n; j++) {
                z[zo + j] = apply(x[xo + j * xs], y[yo + j * ys]);
            }
        }
        public String java(MathCalls m, String... a) { return a[0] + " / " + a[1]; }
        public Node vjp(Graph g, Node out, Node grad, int i) {
            return i == 0 ? g.div(grad, out.input(1)) : g.neg(g.mul(grad, g.div(out, out.input(1))));
        }
        public Printed print(PrintContext ctx) {
            if (ctx.latex()) {
                return Printed.atom("\\frac{" + ctx.arg(0).text() + "}{" + ctx.arg(1).text() + "}");
            }
            return Binary.infix(ctx, " / ", Printed.PRODUCT);
        }
    }

    /**
     * {@link Math#max} of a and b (NaN if either is). Its gradient goes to the larger argument; on a
     * tie it is split evenly, ½ to each, as JAX does ({@code G ∗ H(a − b)}, {@code G ∗ H(b − a)}).
     */
    record Maximum() implements Binary {
        public String name() { return "maximum"; }
        public double apply(double a, double b) { return Math.max(a, b); }
        public void applyAll(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] z, int zo, int n) {
            for (int j = 0; j < n; j++) {
                z[zo + j] = apply(x[xo + j * xs], y[yo + j * ys]);
            }
        }
        public String java(MathCalls m, String... a) { return "Math.max(" + a[0] + ", " + a[1] + ")"; }
        public Node vjp(Graph g, Node out, Node grad, int i) {
            Node a = out.input(i);
            Node b = out.input(1 - i);
            return g.mul(grad, g.heaviside(a, b));
        }
        public Printed print(PrintContext ctx) { return function2(ctx, "max", "\\max"); }
    }

    /** {@link Math#min} of a and b; the gradient goes to the smaller argument, split evenly on a tie. */
    record Minimum() implements Binary {
        public String name() { return "minimum"; }
        public double apply(double a, double b) { return Math.min(a, b); }
        public void applyAll(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] z, int zo, int n) {
            for (int j = 0; j < n; j++) {
                z[zo + j] = apply(x[xo + j * xs], y[yo + j * ys]);
            }
        }
        public String java(MathCalls m, String... a) { return "Math.min(" + a[0] + ", " + a[1] + ")"; }
        public Node vjp(Graph g, Node out, Node grad, int i) {
            Node a = out.input(i);
            Node b = out.input(1 - i);
            return g.mul(grad, g.heaviside(b, a));
        }
        public Printed print(PrintContext ctx) { return function2(ctx, "min", "\\min"); }
    }

    /**
     * The Heaviside step of {@code a − b} with {@code H(0) = ½}: 1 where a &gt; b, 0 where a &lt; b,
     * ½ on a tie, NaN if either is NaN. The derivative of {@link Maximum}, {@link Minimum} and
     * {@link Clip}; its own derivative is 0.
     */
    record Heaviside() implements Binary {
        public String name() { return "heaviside"; }
        public double apply(double a, double b) { return a > b ? 1 : a < b ? 0 : a == b ? 0.5 : Double.NaN; }
        public void applyAll(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] z, int zo, int n) {
            for (int j = 0; j < n; j++) {
                z[zo + j] = apply(x[xo + j * xs], y[yo + j * ys]);
            }
        }
        public String java(MathCalls m, String... a) {
            return "(" + a[0] + " > " + a[1] + " ? 1.0 : " + a[0] + " < " + a[1] + " ? 0.0 : " + a[0] + " == " + a[1]
                    + " ? 0.5 : Double.NaN)";
        }
        public Node vjp(Graph g, Node out, Node grad, int i) { return g.zeros(out.shape()); }
        public Printed print(PrintContext ctx) {
            Notation n = ctx.notation();
            String difference = ctx.arg(0).at(Printed.SUM, n) + ctx.pick(" − ", " - ") + ctx.arg(1).at(Printed.SUM + 1, n);
            return Printed.atom(ctx.pick("H(" + difference + ")", "H\\left(" + difference + "\\right)"));
        }
    }

    /**
     * {@code [a = b]}: 1 where a equals b, else 0 (NaN if either is NaN): the mask of the elements a
     * max or min reduction picked. Its derivative is 0.
     */
    record Equal() implements Binary {
        public String name() { return "equal"; }
        public double apply(double a, double b) { return a == b ? 1 : a < b || a > b ? 0 : Double.NaN; }
        public void applyAll(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] z, int zo, int n) {
            for (int j = 0; j < n; j++) {
                z[zo + j] = apply(x[xo + j * xs], y[yo + j * ys]);
            }
        }
        public String java(MathCalls m, String... a) {
            return "(" + a[0] + " == " + a[1] + " ? 1.0 : " + a[0] + " < " + a[1] + " || " + a[0] + " > " + a[1]
                    + " ? 0.0 : Double.NaN)";
        }
        public Node vjp(Graph g, Node out, Node grad, int i) { return g.zeros(out.shape()); }
        public Printed print(PrintContext ctx) {
            Notation n = ctx.notation();
            String equation = ctx.arg(0).at(Printed.SUM, n) + " = " + ctx.arg(1).at(Printed.SUM, n);
            return Printed.atom(ctx.pick("[" + equation + "]", "\\mathbb{1}\\left[" + equation + "\\right]"));
        }
    }

    /** Prints as {@code f(a, b)}. */
    private static Printed function2(PrintContext ctx, String text, String latex) {
        String args = ctx.arg(0).text() + ", " + ctx.arg(1).text();
        return ctx.latex() ? Printed.atom(latex + "\\left(" + args + "\\right)") : Printed.atom(text + "(" + args + ")");
    }

    /**
     * Binary cross-entropy of a probability {@code a} against a label {@code y}:
     * {@code −(y log a + (1 − y) log(1 − a))}. {@link Graph#binaryCrossEntropy} uses
     * {@link SigmoidCrossEntropy} instead when {@code a} is a sigmoid, which is stable and
     * differentiates to {@code A − Y}.
     */
    record BinaryCrossEntropy() implements Binary {
        public String name() { return "binary-cross-entropy"; }
        public double apply(double a, double y) { return -(y * Math.log(a) + (1 - y) * Math.log(1 - a)); }
        public void applyAll(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] z, int zo, int n) {
            for (int j = 0; j < n; j++) {
                z[zo + j] = apply(x[xo + j * xs], y[yo + j * ys]);
            }
        }
        public String java(MathCalls m, String... a) {
            return "-(" + a[1] + " * Math.log(" + a[0] + ") + (1.0 - " + a[1] + ") * Math.log(1.0 - " + a[0] + "))";
        }
        public Node vjp(Graph g, Node out, Node grad, int i) {
            Node a = out.input(0);
            Node y = out.input(1);
            Node one = g.constant(1);
            if (i == 0) {
                return g.mul(grad, g.div(g.sub(a, y), g.mul(a, g.sub(one, a))));
            }
            return g.mul(grad, g.sub(g.log(g.sub(one, a)), g.log(a)));
        }
        public Printed print(PrintContext ctx) { return crossEntropy(ctx, ctx.arg(0)); }

        static Printed crossEntropy(PrintContext ctx, Printed a) {
            Notation n = ctx.notation();
            String y = ctx.arg(1).at(Printed.POSTFIX, n);
            String yy = ctx.arg(1).at(Printed.SUM + 1, n);
            String aa = a.at(Printed.SUM + 1, n);
            String text = ctx.latex()
                    ? "-\\left(" + y + " \\log " + a.at(Printed.ATOM, n) + " + \\left(1 - " + yy + "\\right) \\log\\left(1 - " + aa + "\\right)\\right)"
                    : "−(" + y + " log " + a.at(Printed.ATOM, n) + " + (1 − " + yy + ") log(1 − " + aa + "))";
            return new Printed(text, Printed.PREFIX);
        }
    }

    /**
     * Binary cross-entropy of {@code σ(z)} against {@code y}, computed stably from the logit:
     * {@code max(z, 0) − z·y + log(1 + e^{−|z|})}. Its gradient with respect to z is
     * {@code σ(z) − y}, which reuses the forward {@code σ(z)} node: the course's {@code dZ = A − Y}.
     * The logarithm and exponential are {@link PortableMath#log1p} and {@link PortableMath#exp}.
     */
    record SigmoidCrossEntropy() implements Binary {
        public String name() { return "sigmoid-cross-entropy"; }
        public double apply(double z, double y) {
            return Math.max(z, 0) - z * y + PortableMath.log1p(PortableMath.exp(-Math.abs(z)));
        }
        /** apply's bits, with its exp and log1p on PortableMath's array functions (staged in z). */
        public void applyAll(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] z, int zo, int n) {
            for (int j = 0; j < n; j++) {
                z[zo + j] = -Math.abs(x[xo + j * xs]);
            }
            PortableMath.exp(z, zo, n);
            PortableMath.log1p(z, zo, n);
            for (int j = 0; j < n; j++) {
                double v = x[xo + j * xs];
                z[zo + j] = Math.max(v, 0) - v * y[yo + j * ys] + z[zo + j];
            }
        }
        public String java(MathCalls m, String... a) {
            return "Math.max(" + a[0] + ", 0.0) - " + a[0] + " * " + a[1] + " + "
                    + m.call("log1p", m.call("exp", "-Math.abs(" + a[0] + ")"));
        }
        public Node vjp(Graph g, Node out, Node grad, int i) {
            Node z = out.input(0);
            return i == 0 ? g.mul(grad, g.sub(g.sigmoid(z), out.input(1))) : g.mul(grad, g.neg(z));
        }
        public Printed print(PrintContext ctx) {
            Node z = ctx.node().input(0);
            Node a = ctx.node().graph().find(new Sigmoid(), z).orElse(null);
            Printed printedA = a != null ? ctx.print(a) : Unary.function(ctx, "σ", "\\sigma");
            return BinaryCrossEntropy.crossEntropy(ctx, printedA);
        }
    }
}
