package io.gradgraph.nn;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Bindings;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;

/**
 * The course's gradient check: compares the gradients autodiff derived with central differences
 * of the cost, over all parameters flattened into one vector θ = (W1, b1, W2, b2, …), each
 * row-major:
 *
 * <pre>
 * gradapprox[i] = (J(θ + ε·e_i) − J(θ − ε·e_i)) / (2ε)            ε = 1e-7
 * difference    = ‖grad − gradapprox‖₂ / (‖grad‖₂ + ‖gradapprox‖₂)     passes when &lt; 2e-7
 * </pre>
 *
 * <pre>{@code
 * GradientCheck.Report report = GradientCheck.builder().l2(0.7).build().check(net, x, y);
 * System.out.println(report);   // difference, verdict, and the worst entries by parameter and index
 * assert report.passed();
 * }</pre>
 *
 * <p>For a {@link Loss.PerExample} loss (the built-in ones), {@code J(θ + ε·e_i) − J(θ − ε·e_i)}
 * is computed as the sum of the per-example loss differences (over m), which is the same number mathematically but avoids the rounding of two
 * sums of m losses of order 1: that rounding would add about 10⁻⁸ to every entry of gradapprox.
 *
 * <p>Dropout draws random masks, so the cost is not a function of the parameters alone and a
 * check with dropout active is refused; {@link Builder#fixedDropout} checks the cost for given,
 * fixed masks instead. The network's parameters are perturbed in place and restored.
 */
public final class GradientCheck {
    /** The course's ε. */
    public static final double DEFAULT_EPSILON = 1e-7;
    /** The course's threshold: a difference above it signals a wrong gradient. */
    public static final double DEFAULT_THRESHOLD = 2e-7;

    private final double epsilon;
    private final double threshold;
    private final double l2;
    private final double keepProb;
    private final List<DMatrixRMaj> masks;
    private final int worst;

    private GradientCheck(Builder b) {
        this.epsilon = b.epsilon;
        this.threshold = b.threshold;
        this.l2 = b.l2;
        this.keepProb = b.keepProb;
        this.masks = b.masks;
        this.worst = b.worst;
    }

    /** A check with the course's ε and threshold, no L2 and no dropout. */
    public static GradientCheck standard() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One parameter entry: its analytic and numeric gradient. */
    public record Entry(String parameter, int row, int col, double gradient, double approximation) {
        public double error() {
            return Math.abs(gradient - approximation);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s[%d,%d]: autodiff %.10e, central difference %.10e, |error| %.3e",
                    parameter, row, col, gradient, approximation, error());
        }
    }

    /**
     * The outcome: the course's relative difference over all parameters, the same per parameter,
     * the two norms, and the entries with the largest absolute errors. Where the true gradient is
     * (close to) zero, e.g. at a minimum, the relative difference measures only rounding noise and
     * is close to 1 however right the gradient is: look at the norms and the worst entries then.
     *
     * <p>{@code kinks} are the entries (largest error first, at most as many as {@code worst})
     * where the cost is not differentiable: its one-sided differences (J(θ+ε) − J(θ))/ε and
     * (J(θ) − J(θ−ε))/ε disagree, as at a ReLU input exactly at 0. Central differences cannot check
     * them; {@code differenceAwayFromKinks} is the difference over all other entries.
     */
    public record Report(double difference, double threshold, double epsilon, int entries,
            double gradientNorm, double approximationNorm, Map<String, Double> perParameter, List<Entry> worst,
            List<Entry> kinks, int kinkCount, double differenceAwayFromKinks) {
        public Report {
            perParameter = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perParameter));
            worst = List.copyOf(worst);
            kinks = List.copyOf(kinks);
        }

        public boolean passed() {
            return difference < threshold;
        }

        /** True when the check failed only because of entries at a kink: the other entries pass. */
        public boolean failedOnlyAtKinks() {
            return !passed() && kinkCount > 0 && differenceAwayFromKinks < threshold;
        }

        private String verdict() {
            if (passed()) {
                return "Gradient check passed";
            }
            if (kinkCount == 0) {
                return "Gradient check FAILED: there is a mistake in the gradients";
            }
            String at = kinks.stream().map(e -> e.parameter() + "[" + e.row() + "," + e.col() + "]")
                    .collect(java.util.stream.Collectors.joining(", "))
                    + (kinkCount > kinks.size() ? " and " + (kinkCount - kinks.size()) + " more" : "");
            return "Gradient check FAILED at a kink: the cost is not differentiable at " + kinkCount + " entr"
                    + (kinkCount == 1 ? "y" : "ies") + " (" + at + "; its one-sided differences disagree, e.g. a ReLU"
                    + " input exactly at 0), where central differences cannot check the gradient; "
                    + (failedOnlyAtKinks()
                            ? String.format(Locale.ROOT, "the other entries agree (difference %.3e without them)",
                                    differenceAwayFromKinks)
                            : String.format(Locale.ROOT, "the other entries do not agree either (difference %.3e"
                                    + " without them): there is also a mistake in the gradients", differenceAwayFromKinks));
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            s.append(verdict())
                    .append(String.format(Locale.ROOT, ": difference = %.3e (threshold %.1e, ε = %.1e, %d entries,"
                            + " ‖grad‖ = %.3e, ‖gradapprox‖ = %.3e)%n",
                            difference, threshold, epsilon, entries, gradientNorm, approximationNorm));
            perParameter.forEach((name, d) -> s.append(String.format(Locale.ROOT, "  %-6s difference %.3e%n", name, d)));
            if (!worst.isEmpty()) {
                s.append("  worst entries:").append(System.lineSeparator());
                worst.forEach(e -> s.append("    ").append(e).append(System.lineSeparator()));
            }
            return s.toString().stripTrailing();
        }
    }

    /**
     * Checks the gradients of {@code network}'s cost on {@code (x, y)} at its current parameters.
     *
     * @throws IllegalArgumentException if the data do not fit the network, or fixed masks do not
     *     fit the activations the model drops and {@code m}
     * @throws IllegalStateException if the network is training
     */
    public Report check(Network network, DMatrixRMaj x, DMatrixRMaj y) {
        Objects.requireNonNull(network, "network");
        network.checkData(x, y);
        DMatrixRMaj labels = network.encodeLabels(y);
        boolean dropout = masks != null;
        if (dropout) {
            List<Node> points = network.graph(false, true).masks;
            if (masks.size() != points.size()) {
                throw new IllegalArgumentException("fixed dropout needs one mask per activation the model drops ("
                        + points.size() + "), got " + masks.size());
            }
            Map<String, Integer> sizes = Map.of(ModelGraph.M.toString(), x.numCols);
            for (int l = 0; l < points.size(); l++) {
                DMatrixRMaj d = masks.get(l);
                int rows = points.get(l).shape().rows().resolve(sizes);
                int cols = points.get(l).shape().cols().resolve(sizes);
                if (d.numRows != rows || d.numCols != cols) {
                    throw new IllegalArgumentException("mask D" + (l + 1) + " must be " + rows + "×" + cols
                            + " (its activation's shape with m = " + x.numCols + "), got " + d.numRows + "×"
                            + d.numCols);
                }
            }
            dropout = !points.isEmpty();
        }
        boolean withDropout = dropout;
        return network.exclusively("gradient-check", () -> check(network, x, labels, withDropout));
    }

    private Report check(Network network, DMatrixRMaj x, DMatrixRMaj y, boolean dropout) {
        ModelGraph mg = network.graph(l2 > 0, dropout);
        Backend backend = network.backend();
        Bindings bindings = network.bindParameters().set(mg.x, x).set(mg.y, y);
        if (mg.kind.l2()) {
            bindings.set(ModelGraph.LAMBDA, Network.scalar(l2));
        }
        if (dropout) {
            bindings.set(ModelGraph.KEEP_PROB, Network.scalar(keepProb));
            for (int l = 0; l < masks.size(); l++) {
                bindings.set(mg.masks.get(l), masks.get(l));
            }
        }

        Results analytic = mg.training(backend).run(bindings);
        LinkedHashMap<String, DMatrixRMaj> gradients = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(mg.parameters.keySet());
        for (int k = 0; k < names.size(); k++) {
            gradients.put(names.get(k), analytic.get(mg.gradientNodes.get(k)).copy());
        }

        Executable parts = mg.checking(backend);
        Results base = parts.run(bindings); // J(θ), for the one-sided differences that reveal a kink
        DMatrixRMaj plusLosses = new DMatrixRMaj(1, 1);
        List<Entry> all = new ArrayList<>();
        List<Entry> kinks = new ArrayList<>();
        double smoothDiff2 = 0;
        double smoothGrad2 = 0;
        double smoothApprox2 = 0;
        Map<String, Double> perParameter = new LinkedHashMap<>();
        double diff2 = 0;
        double grad2 = 0;
        double approx2 = 0;
        for (String name : names) {
            DMatrixRMaj theta = network.live().get(name);
            DMatrixRMaj grad = gradients.get(name);
            double pd2 = 0;
            double pg2 = 0;
            double pa2 = 0;
            for (int i = 0; i < theta.getNumElements(); i++) {
                double saved = theta.data[i];
                double approx;
                double right;
                double left;
                try {
                    theta.data[i] = saved + epsilon;
                    Results plus = parts.run(bindings);
                    plusLosses.setTo(plus.get(mg.losses != null ? mg.losses : mg.crossEntropy));
                    double plusPenalty = mg.penalty == null ? 0 : plus.scalar(mg.penalty);
                    theta.data[i] = saved - epsilon;
                    Results minus = parts.run(bindings);
                    approx = costDifference(plusLosses, plusPenalty, minus, mg) / (2 * epsilon);
                    right = costDifference(plusLosses, plusPenalty, base, mg) / epsilon;
                    left = costDifference(base.get(mg.losses), mg.penalty == null ? 0 : base.scalar(mg.penalty), minus,
                            mg) / epsilon;
                } finally {
                    theta.data[i] = saved;
                }
                double g = grad.data[i];
                Entry e = new Entry(name, i / theta.numCols, i % theta.numCols, g, approx);
                all.add(e);
                double d = g - approx;
                if (isKink(left, right)) {
                    kinks.add(e);
                } else {
                    smoothDiff2 += d * d;
                    smoothGrad2 += g * g;
                    smoothApprox2 += approx * approx;
                }
                pd2 += d * d;
                pg2 += g * g;
                pa2 += approx * approx;
            }
            perParameter.put(name, ratio(pd2, pg2, pa2));
            diff2 += pd2;
            grad2 += pg2;
            approx2 += pa2;
        }
        all.sort(Comparator.comparingDouble(Entry::error).reversed());
        List<Entry> worstEntries = all.subList(0, Math.min(worst, all.size()));
        kinks.sort(Comparator.comparingDouble(Entry::error).reversed());
        return new Report(ratio(diff2, grad2, approx2), threshold, epsilon, all.size(), Math.sqrt(grad2),
                Math.sqrt(approx2), perParameter, worstEntries, kinks.subList(0, Math.min(worst, kinks.size())),
                kinks.size(), ratio(smoothDiff2, smoothGrad2, smoothApprox2));
    }

    /**
     * One-sided differences that disagree by more than curvature can explain. For a smooth cost
     * they differ by about ε·J'' (10⁻⁷·J'') plus rounding (about 10⁻⁹); across a kink by the jump
     * of the slope, independent of ε.
     */
    private static boolean isKink(double left, double right) {
        double gap = Math.abs(right - left);
        return gap > 1e-5 && gap > 1e-3 * (Math.abs(left) + Math.abs(right));
    }

    /**
     * {@code J(θ + ε) − J(θ − ε)} with {@code J = (1/m) Σ loss + L2}. Summing the per-example
     * differences instead of subtracting the two sums avoids the rounding of sums of m losses of
     * order 1, which would otherwise dominate: about 10⁻¹⁵ in J, that is 10⁻⁸ per gradient entry
     * after dividing by 2ε, against 10⁻¹⁰ this way. Mathematically it is the course's
     * {@code (J_plus − J_minus) / (2ε)}.
     */
    private static double costDifference(DMatrixRMaj plusLosses, double plusPenalty, Results minus, ModelGraph mg) {
        double difference;
        if (mg.losses != null) {
            DMatrixRMaj minusLosses = minus.get(mg.losses);
            double sum = 0;
            for (int k = 0, n = plusLosses.getNumElements(); k < n; k++) {
                sum += plusLosses.data[k] - minusLosses.data[k];
            }
            difference = sum / minusLosses.numCols;
        } else {
            difference = plusLosses.data[0] - minus.scalar(mg.crossEntropy);
        }
        if (mg.penalty != null) {
            difference += plusPenalty - minus.scalar(mg.penalty);
        }
        return difference;
    }

    /** {@code ‖g − g̃‖ / (‖g‖ + ‖g̃‖)}, 0 when both are zero. */
    private static double ratio(double diff2, double grad2, double approx2) {
        double denominator = Math.sqrt(grad2) + Math.sqrt(approx2);
        return denominator == 0 ? 0 : Math.sqrt(diff2) / denominator;
    }

    /** Options of a {@link GradientCheck}. */
    public static final class Builder {
        private double epsilon = DEFAULT_EPSILON;
        private double threshold = DEFAULT_THRESHOLD;
        private double l2;
        private double keepProb = 1;
        private List<DMatrixRMaj> masks;
        private int worst = 5;

        private Builder() {
        }

        /** The step of the central differences (default 1e-7). */
        public Builder epsilon(double epsilon) {
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
            }
            this.epsilon = epsilon;
            return this;
        }

        /** The largest difference that passes (default 2e-7). */
        public Builder threshold(double threshold) {
            if (!(threshold > 0)) {
                throw new IllegalArgumentException("threshold must be > 0, got " + threshold);
            }
            this.threshold = threshold;
            return this;
        }

        /** Checks the cost with the L2 term λ/(2m)·Σ‖W‖². */
        public Builder l2(double lambda) {
            this.l2 = TrainingConfig.Builder.checkLambda(lambda);
            return this;
        }

        /**
         * Checks the cost a training run with {@code config} minimizes (its L2 term).
         *
         * @throws IllegalStateException if the configuration uses dropout: its masks are random, so
         *     J is not a function of the parameters and central differences are meaningless; use
         *     {@link #fixedDropout} to check with given masks
         */
        public Builder config(TrainingConfig config) {
            Objects.requireNonNull(config, "config");
            if (config.usesDropout()) {
                throw new IllegalStateException("cannot gradient-check with dropout active (keep_prob = "
                        + config.keepProb() + "): each run draws new masks, so the cost changes between the two"
                        + " evaluations of a central difference. Check without dropout (keep_prob = 1), or with"
                        + " fixed masks via GradientCheck.builder().fixedDropout(keepProb, masks)");
            }
            return l2(config.l2());
        }

        /**
         * Checks the cost with inverted dropout under these fixed masks, one 0/1 matrix
         * {@code n[l] × m} per hidden layer; they are not copied.
         */
        public Builder fixedDropout(double keepProb, List<DMatrixRMaj> masks) {
            if (!(keepProb > 0 && keepProb <= 1)) {
                throw new IllegalArgumentException("keep_prob must be in (0, 1], got " + keepProb);
            }
            this.keepProb = keepProb;
            this.masks = List.copyOf(Objects.requireNonNull(masks, "masks"));
            return this;
        }

        /** How many of the worst entries the report lists (default 5). */
        public Builder worstEntries(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("count must be ≥ 0, got " + count);
            }
            this.worst = count;
            return this;
        }

        public GradientCheck build() {
            return new GradientCheck(this);
        }
    }
}
