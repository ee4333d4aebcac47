package io.gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void equationsDemoPrintsTheSixDerivedEquations() {
        Cli.Result r = Cli.run("equations");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("""
                  dZ2 = A2 − Y
                  dW2 = (1/m) dZ2·A1ᵀ
                  db2 = (1/m) Σ_cols dZ2
                  dZ1 = W2ᵀ·dZ2 ∗ (1 − A1²)
                  dW1 = (1/m) dZ1·Xᵀ
                  db1 = (1/m) Σ_cols dZ1
                """), r.out());
        assertEquals("", r.err());
    }

    @Test
    void withoutACommandRunsEquations() {
        assertEquals(Cli.run("equations"), Cli.run());
    }

    @Test
    void equationsInLatex() {
        Cli.Result r = Cli.run("equations", "--latex");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("\n  dZ^{[2]} = A^{[2]} - Y \\\\\n"), r.out());
    }

    @Test
    void helpListsEveryCommandAndItsOptions() {
        Cli.Result r = Cli.run("--help");
        assertEquals(0, r.code());
        for (String command : new String[] {"equations", "planar", "logistic", "deep", "gradcheck", "codegen"}) {
            assertTrue(r.out().contains("\n  " + command + " "), command + " in\n" + r.out());
            assertTrue(r.out().contains("gradgraph-examples " + command + " [-h]"), command + " synopsis in\n" + r.out());
        }
        for (String option : new String[] {"--hidden=N", "--iterations=N", "--lr=ALPHA", "--seed=N", "--rng=NAME",
            "--out=DIR", "--train=FILE", "--test=FILE", "--layers=N[,N...]", "--epochs=N", "--print-every=N",
            "--init=NAME", "--optimizer=NAME", "--batch=N", "--l2=LAMBDA", "--keep-prob=P", "--interpreter", "--spark=MASTER",
            "--model=NAME"}) {
            assertTrue(r.out().contains(option), option + " in\n" + r.out());
        }
        assertEquals(r, Cli.run("help"));
    }

    @Test
    void commandHelpShowsTheCourseDefaults() {
        Cli.Result logistic = Cli.run("logistic", "--help");
        assertEquals(0, logistic.code());
        assertTrue(logistic.out().replaceAll("\\s+", " ").contains("--iterations=N Gradient steps on all examples"
                + " (default: 2000)"), logistic.out());
        assertTrue(logistic.out().contains("Learning rate α (default: 0.005)"), logistic.out());
        Cli.Result deep = Cli.run("deep", "--help");
        assertTrue(deep.out().contains("(default: 2500)"), deep.out());
        assertTrue(deep.out().contains("Learning rate α (default: 0.0075)"), deep.out());
        assertTrue(deep.out().contains("(default:\n                            course)")
                || deep.out().replaceAll("\\s+", " ").contains("(default: course)"), deep.out());
        assertEquals(Cli.run("help", "planar"), Cli.run("planar", "--help"));
    }

    @Test
    void unknownCommandIsOneLineAndExitCode2() {
        Cli.Result r = Cli.run("frobnicate");
        assertEquals(2, r.code());
        assertEquals("unknown command 'frobnicate'; run with --help for the list\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void badOptionsAreOneLineAndExitCode2() {
        String[][] cases = {
            {"planar --foo", "planar: Unknown option: '--foo'; run 'planar --help' for the options"},
            {"planar --lr abc", "planar: Invalid value for option '--lr': 'abc' is not a double;"
                    + " run 'planar --help' for the options"},
            {"planar --hidden 0", "planar: --hidden must be at least 1, but was 0; run 'planar --help' for the options"},
            {"planar --rng mersenne", "planar: Invalid value for option '--rng': expected one of [numpy, java]"
                    + " (case-insensitive) but was 'mersenne'; run 'planar --help' for the options"},
            {"logistic --lr -1", "logistic: --lr must be a positive number, but was -1.0;"
                    + " run 'logistic --help' for the options"},
            {"logistic --train a.h5", "logistic: --train and --test go together: give both files, or neither for"
                    + " the built-in pictures; run 'logistic --help' for the options"},
            {"deep --iterations 5 --epochs 3", "deep: give --iterations or --epochs, not both;"
                    + " run 'deep --help' for the options"},
            {"deep --keep-prob 0", "deep: --keep-prob must be in (0, 1], but was 0.0; run 'deep --help' for the options"},
            {"deep --layers 768,5,2", "deep: --layers must end with 1, the one sigmoid output for the 0/1 labels,"
                    + " but ends with 2 (for K classes: --output softmax); run 'deep --help' for the options"},
            {"deep --layers 100,5,1", "deep: --layers starts with 100, but the training pictures have 768 features;"
                    + " run 'deep --help' for the options"},
            {"deep --init bogus", "deep: Invalid value for option '--init': expected one of [zeros, small, normal, he,"
                    + " xavier, course] (case-insensitive) but was 'bogus'; run 'deep --help' for the options"},
            {"deep --layers 768,x,1", "deep: Invalid value for option '--layers' (N): 'x' is not an int;"
                    + " run 'deep --help' for the options"},
            {"gradcheck --model shallow --layers 2,3", "gradcheck: --layers for --model shallow must be n_x,n_h,n_y,"
                    + " but was 2,3"},
            {"codegen --class 9x", "codegen: --class must be a Java class name, but was '9x';"
                    + " run 'codegen --help' for the options"},
            {"equations extra", "equations: Unmatched argument at index 1: 'extra'; run 'equations --help' for the options"},
            {"--verbose", "Unknown option: '--verbose'; run 'gradgraph-examples --help' for the options"},
        };
        for (String[] c : cases) {
            Cli.Result r = Cli.run(c[0].split(" "));
            assertEquals(2, r.code(), c[0]);
            assertEquals(c[1] + "\n", r.err(), c[0]);
            assertEquals("", r.out(), c[0]);
        }
    }
}
