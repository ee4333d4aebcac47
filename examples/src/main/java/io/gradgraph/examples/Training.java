package io.gradgraph.examples;

import io.gradgraph.core.Backend;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.NonFiniteCostException;
import io.gradgraph.nn.TrainingConfig;
import io.gradgraph.nn.data.Dataset;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** Runs {@code fit} with a progress report and keeps every iteration's cost for the learning curve. */
final class Training {
    private Training() {
    }

    /**
     * A finished run: what {@code fit} returned, every iteration's cost, how long it took, and how
     * much of that passed before the first cost came back (a compiled backend generates and compiles
     * the training step's Java then).
     */
    record Run(String unit, int[] iterations, double[] costs, double seconds, double secondsToFirstCost) {
    }

    /**
     * Trains {@code network} on {@code data} with {@code config}; the cost lines it prints go above
     * the progress bar on a terminal, or straight to the output when it is piped.
     */
    static Run fit(Console console, String task, Network network, Dataset data, TrainingConfig.Builder config) {
        return fit(console, task, config, c -> network.fit(data, c).unit());
    }

    /** As above, with {@code trainer} running the training and returning the unit of its costs. */
    static Run fit(Console console, String task, TrainingConfig.Builder config,
            Function<TrainingConfig, String> trainer) {
        int total = config.build().iterations();
        Curve curve = new Curve();
        long start = System.nanoTime();
        String unit;
        try (Progress progress = Progress.start(console, task, total)) {
            config.printTo(progress.lines()).callback((i, cost) -> {
                curve.add(i, cost);
                progress.update(i, cost);
            });
            unit = trainer.apply(config.build());
        } catch (NonFiniteCostException e) {
            String reason = e.reason();
            throw new Main.UsageException((reason.endsWith(".") ? reason.substring(0, reason.length() - 1) : reason)
                    + "; lower --lr or check the data");
        }
        long end = System.nanoTime();
        long first = curve.size > 0 ? curve.firstAt : end;
        return new Run(unit, Arrays.copyOf(curve.iterations, curve.size), Arrays.copyOf(curve.costs, curve.size),
                (end - start) / 1e9, (first - start) / 1e9);
    }

    /**
     * The closing "Trained in …" line. When generated code took noticeably long before the first
     * cost (javac on a first run; later runs load the class from the compile cache, and the first
     * steps run before the JIT has compiled the kernels), it says how much, so the time is not read
     * as the training speed.
     */
    static String trainedIn(Run run, Backend backend) {
        String line = "Trained in " + seconds(run.seconds());
        return backend.name().equals("compiled") && run.secondsToFirstCost() >= 0.2
                ? line + " (" + seconds(run.secondsToFirstCost())
                        + " of it before the first cost: generating the step's Java, compiling it or loading it from"
                        + " the compile cache, and the first step)"
                : line;
    }

    /** Every iteration's cost, in arrays grown as training goes rather than sized for the whole run up front. */
    private static final class Curve {
        int[] iterations = new int[1024];
        double[] costs = new double[1024];
        int size;
        /** {@link System#nanoTime()} when the first cost came back. */
        long firstAt;

        void add(int iteration, double cost) {
            if (size == 0) {
                firstAt = System.nanoTime();
            }
            if (size == costs.length) {
                iterations = Arrays.copyOf(iterations, 2 * size);
                costs = Arrays.copyOf(costs, 2 * size);
            }
            iterations[size] = iteration;
            costs[size++] = cost;
        }
    }

    /**
     * Python's {@code str(x)} of a float, so that accuracies print as the course's notebooks print
     * them ({@code 99.04306220095694}, {@code 70.0}): the shortest decimal that reads back as
     * {@code x}, with at least one digit after the point. (Java's {@code Double.toString} before
     * Java 19 sometimes printed more digits than needed.)
     */
    static String pythonFloat(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return Double.isNaN(x) ? "nan" : (x > 0 ? "inf" : "-inf");
        }
        if (x == 0) {
            return 1 / x < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(x);
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal shortest = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (shortest.doubleValue() == x) {
                String plain = shortest.stripTrailingZeros().toPlainString();
                return plain.contains(".") ? plain : plain + ".0";
            }
        }
        return exact.toPlainString();
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
