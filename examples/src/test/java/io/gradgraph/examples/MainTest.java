package io.gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void equationsDemoPrintsTheSixDerivedEquations() {
        assertEquals(0, run("equations"));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("""
                  dZ2 = A2 − Y
                  dW2 = (1/m) dZ2·A1ᵀ
                  db2 = (1/m) Σ_cols dZ2
                  dZ1 = W2ᵀ·dZ2 ∗ (1 − A1²)
                  dW1 = (1/m) dZ1·Xᵀ
                  db1 = (1/m) Σ_cols dZ1
                """), printed);
    }

    @Test
    void unknownCommandIsOneLineAndExitCode2() {
        assertEquals(2, run("frobnicate"));
        assertEquals("unknown command 'frobnicate'; run with --help for the list\n",
                err.toString(StandardCharsets.UTF_8));
    }
}
