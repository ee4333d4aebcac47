package io.gradgraph.nn;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The costs recorded while training: every {@link TrainingConfig#costEvery()} iterations (or
 * epochs) from 0, every printed one, and the cost of the last iteration.
 *
 * <pre>{@code
 * History h = net.fit(train, config);
 * h.entries().forEach(e -> System.out.println(h.format(e)));   // Cost after iteration 0: 0.693048
 * double last = h.finalCost();
 * }</pre>
 */
public final class History {
    /** The cost of the (0-based) iteration or epoch, computed before that iteration's update. */
    public record Entry(int iteration, double cost) {
    }

    private final String unit;
    private final List<Entry> entries;
    private final double finalCost;
    private final int iterations;

    History(String unit, List<Entry> entries, double finalCost, int iterations) {
        this.unit = unit;
        this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
        this.finalCost = finalCost;
        this.iterations = iterations;
    }

    /** {@code "iteration"} for full-batch training, {@code "epoch"} with mini-batches. */
    public String unit() {
        return unit;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The recorded costs, in order. */
    public double[] costs() {
        return entries.stream().mapToDouble(Entry::cost).toArray();
    }

    /** The recorded cost of this iteration. */
    public double cost(int iteration) {
        for (Entry e : entries) {
            if (e.iteration() == iteration) {
                return e.cost();
            }
        }
        throw new IllegalArgumentException("no cost was recorded for " + unit + " " + iteration + "; recorded: "
                + entries.stream().map(Entry::iteration).toList());
    }

    /** The cost of the last iteration (epoch) run, NaN when none ran. */
    public double finalCost() {
        return finalCost;
    }

    /** How many iterations (epochs) ran. */
    public int iterations() {
        return iterations;
    }

    /** The course's line, {@code "Cost after iteration %i: %f"}. */
    public String format(Entry entry) {
        return format(unit, entry.iteration(), entry.cost());
    }

    /** One {@link #format(Entry)} line per recorded entry. */
    public List<String> lines() {
        return entries.stream().map(this::format).toList();
    }

    @Override
    public String toString() {
        return String.join(System.lineSeparator(), lines());
    }

    static String format(String unit, int iteration, double cost) {
        return "Cost after " + unit + " " + iteration + ": " + sixDecimals(cost);
    }

    /**
     * Python's {@code "%f" % x}: the exact binary value rounded half-even to 6 decimals. (Java's
     * {@code %f} rounds the shortest decimal representation half-up, which differs on ties.)
     */
    static String sixDecimals(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(x).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        return (x < 0 || (x == 0 && 1 / x < 0)) && !s.startsWith("-") ? "-" + s : s;
    }
}
