package io.gradgraph.examples;

import io.gradgraph.core.Backend;
import io.gradgraph.nn.Initializer;
import io.gradgraph.nn.LogisticRegression;
import io.gradgraph.nn.NumpyRandom;
import io.gradgraph.nn.data.Dataset;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import picocli.CommandLine.Command;

/**
 * {@code logistic}: the course's "Logistic Regression with a Neural Network mindset" — {@code
 * model(train_set_x, train_set_y, test_set_x, test_set_y, num_iterations = 2000, learning_rate =
 * 0.005, print_cost = True)} by default.
 */
@Command(name = "logistic", sortOptions = false, sortSynopsis = false,
        defaultValueProvider = LogisticCommand.CourseDefaults.class,
        description = {"Logistic regression on the cat pictures (course files or built-in).",
            "Prints the cost every 100 iterations and the train and test accuracy, and writes the",
            "learning curve as a PNG file. The defaults are the course's model(..., num_iterations = 2000,",
            "learning_rate = 0.005). Without --train and --test it runs on built-in synthetic pictures."})
final class LogisticCommand extends PictureCommand {

    /** The course's 2000 iterations at learning rate 0.005, starting from zeros. */
    static final class CourseDefaults extends Defaults {
        CourseDefaults() {
            super(2000, 0.005, Init.zeros);
        }
    }

    LogisticCommand(Console console) {
        super(console);
    }

    @Override
    String name() {
        return "logistic";
    }

    @Override
    Model build(Dataset train, Initializer initializer, Backend backend) {
        LogisticRegression model = LogisticRegression.create(train.features(), backend);
        if (initializer != Initializer.ZEROS) {
            // w is n_x × 1: drawn as the 1 × n_x row W of a layer with one unit, then transposed
            DMatrixRMaj w = initializer.weights(1, train.features(), new NumpyRandom(seed));
            model.setParameter("w", CommonOps_DDRM.transpose(w, null));
        }
        String weights = initializer == Initializer.ZEROS ? "= 0" : "= " + initializer + " (seed " + seed + ")";
        return new Model(model, String.format("logistic regression A = σ(wᵀX + b), w %d×1 %s, b = 0",
                train.features(), weights));
    }
}
