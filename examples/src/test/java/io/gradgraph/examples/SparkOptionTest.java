package io.gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deep --spark local[2]} prints what the local run prints (Spark is on the test class path). */
class SparkOptionTest {

    @Test
    void deepOnSparkPrintsTheLocalOutput(@TempDir Path dir) {
        String[] args = {"deep", "--iterations", "4", "--print-every", "1", "--layers", "768,5,1", "--compiled",
            "--out", dir.toString()};
        Cli.Result local = Cli.run(args);
        assertEquals(0, local.code(), local.err());
        String[] spark = java.util.Arrays.copyOf(args, args.length + 2);
        spark[args.length] = "--spark";
        spark[args.length + 1] = "local[2]";
        Cli.Result onSpark = Cli.run(spark);
        assertEquals(0, onSpark.code(), onSpark.err());
        assertTrue(local.out().contains("Cost after iteration 3: "), local.out());
        assertEquals(local.withoutTimings().out(), onSpark.withoutTimings().out());
    }
}
