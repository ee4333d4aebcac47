package io.gradgraph.core;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/** The values an {@link Executable} computed, by node or by name. */
public final class Results {
    private final Map<Node, DMatrixRMaj> values;

    public Results(Map<Node, DMatrixRMaj> values) {
        this.values = values;
    }

    public DMatrixRMaj get(Node node) {
        DMatrixRMaj v = values.get(node);
        if (v == null) {
            throw new GraphException(node.label() + " is not an output of this executable; outputs: "
                    + values.keySet().stream().map(Node::label).toList());
        }
        return v;
    }

    public DMatrixRMaj get(String name) {
        for (Map.Entry<Node, DMatrixRMaj> e : values.entrySet()) {
            if (e.getKey().name().filter(name::equals).isPresent()) {
                return e.getValue();
            }
        }
        throw new GraphException("no output named '" + name + "'; outputs: "
                + values.keySet().stream().map(Node::label).toList());
    }

    /** The value of a 1×1 output. */
    public double scalar(Node node) {
        DMatrixRMaj v = get(node);
        if (v.getNumElements() != 1) {
            throw new GraphException(node.label() + " is " + v.numRows + "×" + v.numCols + ", not a scalar");
        }
        return v.data[0];
    }

    public Map<Node, DMatrixRMaj> asMap() {
        return new LinkedHashMap<>(values);
    }
}
