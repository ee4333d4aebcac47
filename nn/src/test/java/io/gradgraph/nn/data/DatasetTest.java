package io.gradgraph.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class DatasetTest {
    private static DMatrixRMaj m(int rows, int cols, double... values) {
        return new DMatrixRMaj(rows, cols, true, values);
    }

    @Test
    void countsExamplesAndFeatures() {
        Dataset d = new Dataset(m(3, 2, 1, 2, 3, 4, 5, 6), m(1, 2, 0, 1), List.of("no", "yes"));
        assertEquals(2, d.examples());
        assertEquals(3, d.features());
        assertEquals(List.of("no", "yes"), d.classes());
        assertEquals(List.of(), new Dataset(m(1, 1, 5), m(1, 1, 0)).classes());
    }

    @Test
    void mismatchedLabelsAreRejectedNamingBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(m(3, 2, 1, 2, 3, 4, 5, 6), m(1, 3, 0, 1, 0)));
        assertTrue(e.getMessage().contains("(3, 2)") && e.getMessage().contains("(1, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dataset(m(1, 2, 1, 2), new DMatrixRMaj(0, 2)));
        assertThrows(NullPointerException.class, () -> new Dataset(null, m(1, 1, 0)));
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> new Dataset(m(1, 1, 1), m(1, 1, 0), withNull));
    }

    @Test
    void oneHotLabelsAreAllowed() {
        Dataset d = new Dataset(m(2, 2, 1, 2, 3, 4), m(3, 2, 1, 0, 0, 1, 0, 0));
        assertEquals(2, d.examples());
    }

    @Test
    void classesAreCopiedAndUnmodifiable() {
        List<String> names = new ArrayList<>(List.of("a"));
        Dataset d = new Dataset(m(1, 1, 1), m(1, 1, 0), names);
        names.add("b");
        assertEquals(List.of("a"), d.classes());
        assertThrows(UnsupportedOperationException.class, () -> d.classes().add("c"));
    }

    @Test
    void equalityComparesContentsNotIdentity() {
        Dataset a = new Dataset(m(1, 2, 1, Double.NaN), m(1, 2, 0, 1));
        Dataset b = new Dataset(m(1, 2, 1, Double.NaN), m(1, 2, 0, 1));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new Dataset(m(1, 2, 1, 2), m(1, 2, 0, 1)));
        assertNotEquals(a, new Dataset(m(2, 1, 1, Double.NaN), m(1, 1, 0)));
        assertNotEquals(a, new Dataset(m(1, 2, 1, Double.NaN), m(1, 2, 0, 1), List.of("x", "y")));
    }

    @Test
    void toStringShowsShapesNotData() {
        Dataset d = new Dataset(new DMatrixRMaj(12288, 3), new DMatrixRMaj(1, 3), List.of("non-cat", "cat"));
        assertEquals("Dataset[x=(12288, 3), y=(1, 3), classes=[non-cat, cat]]", d.toString());
    }
}
