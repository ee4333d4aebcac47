package io.gradgraph.testing;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Bindings;
import io.gradgraph.core.Executable;
import io.gradgraph.core.GraphException;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;

/**
 * Checks autodiff's gradients of any node against central differences, in float64, and reports the
 * worst entries. Immutable; each {@code with…} method returns a changed copy.
 *
 * <pre>{@code
 * Gradcheck.full().assertMatches(J, bindings, W1, b1);              // every entry, 2 runs each
 * Gradcheck.projected().assertMatches(J, bindings, W1, b1);         // 3 random directions, 6 runs
 * Gradcheck.full().assertSecondOrderMatches(J, bindings, W1, b1);   // Hessian-vector products
 * }</pre>
 *
 * <p><b>What is compared.</b> The output may have any shape: a non-scalar output {@code Y} is
 * checked through {@code Σ Y ∗ R} with fixed random weights {@code R} (an input named
 * {@code gradcheck.weights.<id>} added to the graph). The nodes to differentiate with respect to
 * must be inputs or parameters. For each of them the error is the course's
 * {@code ‖g − g̃‖ / max(‖g‖ + ‖g̃‖, floor)}, where {@code g̃} is the central difference
 * {@code (f(x + h) − f(x − h)) / 2h}; the check passes when every error is at most the tolerance.
 * Defaults: {@code h = 1e-6}, tolerance {@code 1e-6} ({@code 1e-5} for second order), floor
 * {@code 1e-2} (below that norm the check is absolute).
 *
 * <p><b>Modes.</b> {@link #full()} perturbs every entry. {@link #projected()} compares directional
 * derivatives along random directions, which costs 2 runs per direction whatever the size; when a
 * direction fails, the report names entries from a full check.
 *
 * <p><b>Nothing passes trivially.</b> A node whose analytic and numeric gradients are both exactly
 * zero fails the check ("nothing was checked"), unless {@link #allowingZeroGradients()}. A NaN or
 * infinite value anywhere fails. An entry whose one-sided slopes {@code (f(x) − f(x − h))/h} and
 * {@code (f(x + h) − f(x))/h} differ by more than its error is reported as lying within h of a
 * kink, where central differences mean nothing.
 *
 * <p>The caller's bindings are not modified: the check works on a copy. It does add nodes to the
 * graph (the gradients, and the weights or directions above), as {@link Graph#gradients} does.
 */
public final class Gradcheck {
    /** The default number of random directions of {@link #projected()}. */
    public static final int DEFAULT_DIRECTIONS = 3;
    private static final int WORST = 5;

    private final boolean projected;
    private final int directions;
    private final long seed;
    private final double step;
    private final double tolerance;
    private final double secondOrderTolerance;
    private final double floor;
    private final Backend backend;
    private final boolean allowZero;

    private Gradcheck(boolean projected, int directions, long seed, double step, double tolerance,
            double secondOrderTolerance, double floor, Backend backend, boolean allowZero) {
        this.projected = projected;
        this.directions = directions;
        this.seed = seed;
        this.step = step;
        this.tolerance = tolerance;
        this.secondOrderTolerance = secondOrderTolerance;
        this.floor = floor;
        this.backend = backend;
        this.allowZero = allowZero;
    }

    /** Every entry of every gradient, by central differences: 2 runs of the output per entry. */
    public static Gradcheck full() {
        return new Gradcheck(false, DEFAULT_DIRECTIONS, 1, 1e-6, 1e-6, 1e-5, 1e-2, Backend.interpreter(), false);
    }

    /** Directional derivatives along {@value #DEFAULT_DIRECTIONS} random directions: 2 runs each. */
    public static Gradcheck projected() {
        return new Gradcheck(true, DEFAULT_DIRECTIONS, 1, 1e-6, 1e-6, 1e-5, 1e-2, Backend.interpreter(), false);
    }

    /** The number of random directions of a projected check (at least 1). */
    public Gradcheck withDirections(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a projected check needs at least 1 direction, got " + count);
        }
        return new Gradcheck(projected, count, seed, step, tolerance, secondOrderTolerance, floor, backend, allowZero);
    }

    /** The seed of the random directions and weights (default 1): checks are repeatable. */
    public Gradcheck withSeed(long newSeed) {
        return new Gradcheck(projected, directions, newSeed, step, tolerance, secondOrderTolerance, floor, backend,
                allowZero);
    }

    /** The finite-difference step h (default 1e-6). */
    public Gradcheck withStep(double h) {
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("the step must be positive and finite, got " + h);
        }
        return new Gradcheck(projected, directions, seed, h, tolerance, secondOrderTolerance, floor, backend, allowZero);
    }

    /** The largest relative error that passes (default 1e-6), and for second order (default 1e-5). */
    public Gradcheck withTolerance(double firstOrder, double secondOrder) {
        if (!(firstOrder > 0) || !(secondOrder > 0)) {
            throw new IllegalArgumentException("tolerances must be positive, got " + firstOrder + " and " + secondOrder);
        }
        return new Gradcheck(projected, directions, seed, step, firstOrder, secondOrder, floor, backend, allowZero);
    }

    /** The smallest denominator of the relative error (default 1e-2); 0 makes it purely relative. */
    public Gradcheck withFloor(double newFloor) {
        if (!(newFloor >= 0)) {
            throw new IllegalArgumentException("the floor must be at least 0, got " + newFloor);
        }
        return new Gradcheck(projected, directions, seed, step, tolerance, secondOrderTolerance, newFloor, backend,
                allowZero);
    }

    /** Runs the output and its gradients on this backend (default: the interpreter). */
    public Gradcheck withBackend(Backend newBackend) {
        return new Gradcheck(projected, directions, seed, step, tolerance, secondOrderTolerance, floor, newBackend,
                allowZero);
    }

    /** Lets gradients that are exactly zero both ways pass (by default they fail: nothing was checked). */
    public Gradcheck allowingZeroGradients() {
        return new Gradcheck(projected, directions, seed, step, tolerance, secondOrderTolerance, floor, backend, true);
    }

    // ------------------------------------------------------------------------------- first order

    public Report check(Node output, Bindings bindings, Node... wrt) {
        return check(output, bindings, List.of(wrt));
    }

    /** The gradients of {@code output} with respect to each of {@code wrt} against central differences. */
    public Report check(Node output, Bindings bindings, List<Node> wrt) {
        Setup s = new Setup(output, bindings, wrt);
        Map<Node, DMatrixRMaj> analytic = copy(backend.compile(s.grads.nodes()).run(s.work), s.grads.nodes());
        Executable costRun = backend.compile(List.of(s.cost));
        double base = costRun.run(s.work).scalar(s.cost);
        List<String> problems = new ArrayList<>();
        if (!Double.isFinite(base)) {
            problems.add("the output is " + base + " at this point");
            return new Report("first order", false, Double.NaN, tolerance, List.of(), List.of(), problems, 1);
        }
        if (projected) {
            Report directional = projectedCheck(s, analytic, costRun, base);
            if (directional.passed()) {
                return directional;
            }
            Report entries = fullCheck(s, analytic, costRun, base, "projected (" + directions
                    + " directions) failed; entries from a full check");
            List<String> all = new ArrayList<>(directional.problems());
            all.addAll(entries.problems());
            return new Report(entries.mode(), false, Math.max(directional.error(), entries.error()), tolerance,
                    entries.worst(), entries.kinks(), all, directional.evaluations() + entries.evaluations());
        }
        return fullCheck(s, analytic, costRun, base, "full");
    }

    /** As {@link #check}, throwing an {@link AssertionError} with the report when the check fails. */
    public Report assertMatches(Node output, Bindings bindings, Node... wrt) {
        return check(output, bindings, wrt).assertPassed();
    }

    public Report assertMatches(Node output, Bindings bindings, List<Node> wrt) {
        return check(output, bindings, wrt).assertPassed();
    }

    private Report fullCheck(Setup s, Map<Node, DMatrixRMaj> analytic, Executable costRun, double base, String mode) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        double worstError = 0;
        int runs = 1;
        for (Node p : s.wrt) {
            DMatrixRMaj value = s.work.get(NumericGradients.boundId(p));
            DMatrixRMaj a = analytic.get(s.grads.of(p));
            DMatrixRMaj numeric = new DMatrixRMaj(value.numRows, value.numCols);
            for (int i = 0; i < value.getNumElements(); i++) {
                double saved = value.data[i];
                value.data[i] = saved + step;
                double plus = costRun.run(s.work).scalar(s.cost);
                value.data[i] = saved - step;
                double minus = costRun.run(s.work).scalar(s.cost);
                value.data[i] = saved;
                runs += 2;
                numeric.data[i] = (plus - minus) / (2 * step);
                entries.add(new Entry(p.label() + "[" + i / value.numCols + "," + i % value.numCols + "]",
                        a.data[i], numeric.data[i], (base - minus) / step, (plus - base) / step, false));
            }
            worstError = Math.max(worstError, judge(p.label(), a, numeric, tolerance, problems));
        }
        return report(mode, worstError, tolerance, entries, problems, runs);
    }

    private Report projectedCheck(Setup s, Map<Node, DMatrixRMaj> analytic, Executable costRun, double base) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Random random = new Random(seed);
        double worstError = 0;
        int runs = 1;
        for (int d = 0; d < directions; d++) {
            Map<Node, DMatrixRMaj> v = new LinkedHashMap<>();
            double a = 0;
            for (Node p : s.wrt) {
                DMatrixRMaj value = s.work.get(NumericGradients.boundId(p));
                DMatrixRMaj dir = gaussian(random, value.numRows, value.numCols);
                v.put(p, dir);
                DMatrixRMaj g = analytic.get(s.grads.of(p));
                for (int i = 0; i < dir.data.length; i++) {
                    a += g.data[i] * dir.data[i];
                }
            }
            double plus = perturbed(s, v, step, () -> costRun.run(s.work).scalar(s.cost));
            double minus = perturbed(s, v, -step, () -> costRun.run(s.work).scalar(s.cost));
            runs += 2;
            double n = (plus - minus) / (2 * step);
            Entry e = new Entry("direction " + (d + 1), a, n, (base - minus) / step, (plus - base) / step, false);
            entries.add(e);
            double error = Math.abs(a - n) / Math.max(Math.abs(a) + Math.abs(n), floor);
            if (!(error <= tolerance)) {
                problems.add("along direction " + (d + 1) + ": relative error " + error + " > " + tolerance);
            }
            worstError = Math.max(worstError, Double.isNaN(error) ? Double.POSITIVE_INFINITY : error);
        }
        // a node whose gradient is zero everywhere would vanish in the directional sums: check it alone
        for (Node p : s.wrt) {
            if (allZero(analytic.get(s.grads.of(p)))) {
                DMatrixRMaj numeric = NumericGradients.centralDifference(costRun, s.cost, s.work, p, step);
                runs += 2 * numeric.getNumElements();
                worstError = Math.max(worstError, judge(p.label(), analytic.get(s.grads.of(p)), numeric, tolerance,
                        problems));
            }
        }
        return report("projected (" + directions + " directions)", worstError, tolerance, entries, problems,
                runs);
    }

    // ------------------------------------------------------------------------------- second order

    public Report checkSecondOrder(Node output, Bindings bindings, Node... wrt) {
        return checkSecondOrder(output, bindings, List.of(wrt));
    }

    /**
     * Hessian-vector products against differences of gradients: with a random direction v over
     * all of {@code wrt}, the gradient of {@code Σ_p Σ (∂f/∂p ∗ v_p)} (autodiff applied to
     * autodiff's gradient graph) must match {@code (∇f(x + h v) − ∇f(x − h v)) / 2h}.
     */
    public Report checkSecondOrder(Node output, Bindings bindings, List<Node> wrt) {
        Setup s = new Setup(output, bindings, wrt);
        Graph g = s.cost.graph();
        Random random = new Random(seed);
        Map<Node, DMatrixRMaj> v = new LinkedHashMap<>();
        Node directional = null;
        for (Node p : s.wrt) {
            String name = "gradcheck.direction." + p.id();
            Node vp = g.node(name).orElseGet(() -> g.input(name, p.shape()));
            DMatrixRMaj value = s.work.get(NumericGradients.boundId(p));
            DMatrixRMaj dir = gaussian(random, value.numRows, value.numCols);
            s.work.set(name, dir);
            v.put(p, dir);
            Node term = g.sum(g.mul(s.grads.of(p), vp));
            directional = directional == null ? term : g.add(directional, term);
        }
        Gradients hessianTimesV = g.gradients(directional, s.wrt);
        Map<Node, DMatrixRMaj> analytic = copy(backend.compile(hessianTimesV.nodes()).run(s.work),
                hessianTimesV.nodes());
        Executable gradRun = backend.compile(s.grads.nodes());
        Map<Node, DMatrixRMaj> base = copy(gradRun.run(s.work), s.grads.nodes());
        Map<Node, DMatrixRMaj> plus = perturbed(s, v, step, () -> copy(gradRun.run(s.work), s.grads.nodes()));
        Map<Node, DMatrixRMaj> minus = perturbed(s, v, -step, () -> copy(gradRun.run(s.work), s.grads.nodes()));
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        double worstError = 0;
        for (Node p : s.wrt) {
            Node grad = s.grads.of(p);
            DMatrixRMaj a = analytic.get(hessianTimesV.of(p));
            DMatrixRMaj numeric = new DMatrixRMaj(a.numRows, a.numCols);
            for (int i = 0; i < a.getNumElements(); i++) {
                double gp = plus.get(grad).data[i];
                double gm = minus.get(grad).data[i];
                double g0 = base.get(grad).data[i];
                numeric.data[i] = (gp - gm) / (2 * step);
                entries.add(new Entry("(Hv)_" + p.label() + "[" + i / a.numCols + "," + i % a.numCols + "]",
                        a.data[i], numeric.data[i], (g0 - gm) / step, (gp - g0) / step, false));
            }
            worstError = Math.max(worstError, judge("(Hv)_" + p.label(), a, numeric, secondOrderTolerance, problems));
        }
        return report("second order", worstError, secondOrderTolerance, entries, problems, 4);
    }

    /** As {@link #checkSecondOrder}, throwing an {@link AssertionError} with the report when it fails. */
    public Report assertSecondOrderMatches(Node output, Bindings bindings, Node... wrt) {
        return checkSecondOrder(output, bindings, wrt).assertPassed();
    }

    public Report assertSecondOrderMatches(Node output, Bindings bindings, List<Node> wrt) {
        return checkSecondOrder(output, bindings, wrt).assertPassed();
    }

    // ------------------------------------------------------------------------------- shared

    /** The scalar cost, the gradients and a private copy of the bindings. */
    private final class Setup {
        final Node cost;
        final List<Node> wrt;
        final Bindings work = new Bindings();
        final Gradients grads;

        Setup(Node output, Bindings bindings, List<Node> requested) {
            if (requested.isEmpty()) {
                throw new IllegalArgumentException("a gradient check needs at least one node to differentiate with"
                        + " respect to");
            }
            wrt = List.copyOf(new LinkedHashSet<>(requested));
            bindings.values().forEach((name, value) -> work.set(name, value.copy()));
            bindings.sizes().forEach(work::size);
            for (Node p : wrt) {
                String id = NumericGradients.boundId(p);
                if (p.graph() != output.graph()) {
                    throw new GraphException(p.label() + " belongs to another graph than " + output.label());
                }
                if (!work.has(id)) {
                    throw new GraphException("no value bound to " + p.label() + "; bound: " + work.values().keySet());
                }
            }
            cost = output.shape().isScalar() ? output : weighted(output);
            grads = output.graph().gradients(cost, wrt);
        }

        /** Σ output ∗ R for fixed random R, so every entry of a non-scalar output counts. */
        private Node weighted(Node output) {
            Graph g = output.graph();
            String name = "gradcheck.weights." + output.id();
            Node weights = g.node(name).orElseGet(() -> g.input(name, output.shape()));
            DMatrixRMaj shape = backend.compile(List.of(output)).run(work).get(output);
            Random random = new Random(seed ^ output.id());
            DMatrixRMaj r = new DMatrixRMaj(shape.numRows, shape.numCols);
            for (int i = 0; i < r.data.length; i++) {
                r.data[i] = (random.nextBoolean() ? 1 : -1) * (0.5 + random.nextDouble());
            }
            work.set(name, r);
            return g.sum(g.mul(output, weights));
        }
    }

    /** Runs {@code body} with every node of {@code v} moved by {@code h·v}, then restores the values. */
    private static <T> T perturbed(Setup s, Map<Node, DMatrixRMaj> v, double h, java.util.function.Supplier<T> body) {
        Map<DMatrixRMaj, double[]> saved = new LinkedHashMap<>();
        for (Map.Entry<Node, DMatrixRMaj> e : v.entrySet()) {
            DMatrixRMaj value = s.work.get(NumericGradients.boundId(e.getKey()));
            saved.put(value, value.data.clone());
            for (int i = 0; i < value.getNumElements(); i++) {
                value.data[i] += h * e.getValue().data[i];
            }
        }
        try {
            return body.get();
        } finally {
            saved.forEach((value, data) -> System.arraycopy(data, 0, value.data, 0, data.length));
        }
    }

    /** Adds this node's problems and returns its error (infinite for NaN). */
    private double judge(String what, DMatrixRMaj analytic, DMatrixRMaj numeric, double limit, List<String> problems) {
        if (!finite(analytic) || !finite(numeric)) {
            problems.add(what + ": " + (!finite(analytic) ? "the analytic gradient" : "the central difference")
                    + " holds NaN or infinity");
            return Double.POSITIVE_INFINITY;
        }
        if (allZero(analytic) && allZero(numeric)) {
            if (!allowZero) {
                problems.add(what + ": analytic and numeric values are all exactly 0, so nothing was checked (the"
                        + " output does not depend on it at this point); use allowingZeroGradients() if expected");
            }
            return 0;
        }
        double error = NumericGradients.relativeError(analytic, numeric, floor);
        if (!(error <= limit)) {
            problems.add(what + ": relative error " + error + " > " + limit);
        }
        return error;
    }

    private Report report(String mode, double error, double limit, List<Entry> entries, List<String> problems, int runs) {
        List<Entry> judged = entries.stream().map(e -> new Entry(e.what(), e.analytic(), e.numeric(), e.left(),
                e.right(), !(e.difference() <= limit * Math.max(Math.abs(e.analytic()) + Math.abs(e.numeric()), floor))))
                .toList();
        List<Entry> worst = judged.stream()
                .sorted(Comparator.comparingDouble((Entry e) -> Double.isNaN(e.difference()) ? Double.POSITIVE_INFINITY
                        : e.difference()).reversed())
                .limit(WORST).toList();
        List<Entry> kinks = judged.stream().filter(Entry::atKink).toList();
        return new Report(mode, problems.isEmpty(), error, limit, worst, kinks, List.copyOf(problems), runs);
    }

    private static Map<Node, DMatrixRMaj> copy(Results results, List<Node> nodes) {
        Map<Node, DMatrixRMaj> copy = new LinkedHashMap<>();
        for (Node n : nodes) {
            copy.put(n, results.get(n).copy());
        }
        return copy;
    }

    private static DMatrixRMaj gaussian(Random random, int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextGaussian();
        }
        return m;
    }

    private static boolean allZero(DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) {
            if (m.data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) {
            if (!Double.isFinite(m.data[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * One compared value: a gradient entry such as {@code W1[2,0]}, or a random direction. The
     * one-sided slopes {@code left = (f(x) − f(x − h))/h} and {@code right = (f(x + h) − f(x))/h}
     * tell a kink (they differ by at least the error) from a wrong gradient.
     *
     * @param failed true when this value alone is off by more than the tolerance allows
     */
    public record Entry(String what, double analytic, double numeric, double left, double right, boolean failed) {
        /** |analytic − numeric|. */
        public double difference() {
            return Math.abs(analytic - numeric);
        }

        /** A failed value whose one-sided slopes differ by at least its error: a kink lies within h. */
        public boolean atKink() {
            return failed && Math.abs(right - left) >= difference();
        }

        @Override
        public String toString() {
            return what + ": analytic " + analytic + ", numeric " + numeric + ", difference " + difference()
                    + (atKink() ? " (one-sided slopes " + left + " and " + right + ": a kink lies within h)" : "");
        }
    }

    /**
     * The outcome of a check: whether it passed, the largest error, the worst entries and every
     * failing entry that lies at a kink, what went wrong, and how many runs it took.
     */
    public record Report(String mode, boolean passed, double error, double tolerance, List<Entry> worst,
            List<Entry> kinks, List<String> problems, int evaluations) {

        /** True when some failing entry lies within h of a kink (move the point, e.g. with an assumption). */
        public boolean atKink() {
            return !kinks.isEmpty();
        }

        /** Returns this report when it passed, or throws an {@link AssertionError} with it. */
        public Report assertPassed() {
            if (!passed) {
                throw new AssertionError(toString());
            }
            return this;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            b.append("gradient check (").append(mode).append(") ").append(passed ? "passed" : "FAILED")
                    .append(": largest relative error ").append(error).append(", tolerance ").append(tolerance)
                    .append(", ").append(evaluations).append(" runs");
            problems.forEach(p -> b.append("\n  ").append(p));
            if (!kinks.isEmpty()) {
                b.append("\n  ").append(kinks.size()).append(" failing entr").append(kinks.size() == 1 ? "y lies" : "ies lie")
                        .append(" within h of a kink, where central differences mean nothing: ")
                        .append(kinks.stream().limit(WORST).map(Entry::what).toList());
            }
            if (!worst.isEmpty()) {
                b.append("\n  worst entries:");
                worst.forEach(e -> b.append("\n    ").append(e));
            }
            return b.toString();
        }
    }
}
