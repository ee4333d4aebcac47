package io.gradgraph.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One training example: its features (n_x values) and its labels (n_y values, one for a binary
 * classifier). The element type of the {@code JavaRDD}s that {@link SparkTrainer} trains on.
 *
 * <pre>{@code
 * JavaRDD<Example> rdd = sc.textFile("points.txt").map(line -> Example.parse(line));
 * }</pre>
 */
public record Example(double[] features, double[] labels) implements Serializable {

    public Example {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
    }

    /** An example with one label. */
    public static Example of(double[] features, double label) {
        return new Example(features, new double[] {label});
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example e && Arrays.equals(features, e.features) && Arrays.equals(labels, e.labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(features) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "Example" + Arrays.toString(features) + " → " + Arrays.toString(labels);
    }
}
