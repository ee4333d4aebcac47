package io.gradgraph.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {
    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static Dataset expected(double[][] x, double... y) {
        return new Dataset(new DMatrixRMaj(x), new DMatrixRMaj(new double[][] {y}));
    }

    @Test
    void headerAndDefaultLabelInTheLastColumn() throws IOException {
        Path file = csv("a.csv", "x1,x2,label\n1,2,0\n3,4.5,1\n-5,6e2,1\n");
        Dataset d = CsvDataset.withHeader().load(file);
        assertEquals(expected(new double[][] {{1, 3, -5}, {2, 4.5, 600}}, 0, 1, 1), d);
    }

    @Test
    void labelByNameOrIndex() throws IOException {
        Path file = csv("b.csv", "\"id\", y ,f\n1,0,10\n2,1,20\n");
        Dataset byName = CsvDataset.withHeader().labelColumn("y").load(file);
        assertEquals(expected(new double[][] {{1, 2}, {10, 20}}, 0, 1), byName);
        assertEquals(byName, CsvDataset.withHeader().labelColumn(1).load(file));
        Dataset first = CsvDataset.withHeader().labelColumn(0).load(file);
        assertEquals(expected(new double[][] {{0, 1}, {10, 20}}, 1, 2), first);
    }

    @Test
    void withoutHeaderEveryRowIsAnExample() throws IOException {
        Path file = csv("c.tsv", "1\t2\t3\n\n4\t5\t6\n   \n");
        Dataset d = CsvDataset.withoutHeader().delimiter('\t').load(file);
        assertEquals(expected(new double[][] {{1, 4}, {2, 5}}, 3, 6), d);
    }

    @Test
    void quotesSpacesSpecialValuesAndByteOrderMark() throws IOException {
        Path file = csv("d.csv", "\uFEFFa;b\n\" 1.25 \"; NaN\n-inf;+Infinity\n.5;-0\n");
        Dataset d = CsvDataset.withHeader().delimiter(';').load(file);
        assertEquals(expected(new double[][] {{1.25, Double.NEGATIVE_INFINITY, 0.5}},
                Double.NaN, Double.POSITIVE_INFINITY, -0.0), d);
    }

    @Test
    void headerOnlyGivesNoExamples() throws IOException {
        Dataset d = CsvDataset.withHeader().load(csv("e.csv", "a,b,c\n"));
        assertEquals(2, d.features());
        assertEquals(0, d.examples());
    }

    @Test
    void nonNumericCellNamesLineAndColumn() throws IOException {
        Path file = csv("f.csv", "a,b,label\n1,2,0\n\n3,abc,1\n");
        DatasetException e = assertThrows(DatasetException.class, () -> CsvDataset.withHeader().load(file));
        assertEquals(file + ": line 4, column 2 ('b'): 'abc' is not a number", e.getMessage());
        Path noHeader = csv("g.csv", "1,2\n3,\n");
        DatasetException empty = assertThrows(DatasetException.class, () -> CsvDataset.withoutHeader().load(noHeader));
        assertEquals(noHeader + ": line 2, column 2: empty cell, expected a number", empty.getMessage());
    }

    @Test
    void javaOnlyNumberSyntaxIsRejected() throws IOException {
        for (String cell : new String[] {"1f", "2d", "0x1p3", "1_000", "1,5"}) {
            Path file = csv("h.csv", "a;b\n" + cell + ";0\n");
            DatasetException e = assertThrows(DatasetException.class,
                    () -> CsvDataset.withHeader().delimiter(';').load(file), cell);
            assertTrue(e.getMessage().contains("'" + cell + "' is not a number"), e.getMessage());
        }
    }

    @Test
    void raggedRowNamesTheLineAndCounts() throws IOException {
        Path file = csv("i.csv", "a,b,c\n1,2,3\n4,5\n");
        DatasetException e = assertThrows(DatasetException.class, () -> CsvDataset.withHeader().load(file));
        assertEquals(file + ": line 3 has 2 cells, expected 3 like line 1 (the header)", e.getMessage());
        Path noHeader = csv("j.csv", "1,2\n3,4,5\n");
        DatasetException e2 = assertThrows(DatasetException.class, () -> CsvDataset.withoutHeader().load(noHeader));
        assertEquals(noHeader + ": line 2 has 3 cells, expected 2 like line 1", e2.getMessage());
    }

    @Test
    void unknownOrAmbiguousLabelNameAndOutOfRangeIndex() throws IOException {
        Path file = csv("k.csv", "a,b,b\n1,2,3\n");
        DatasetException unknown = assertThrows(DatasetException.class,
                () -> CsvDataset.withHeader().labelColumn("label").load(file));
        assertEquals(file + ": no column named 'label' in the header on line 1; the columns are [a, b, b]",
                unknown.getMessage());
        DatasetException twice = assertThrows(DatasetException.class,
                () -> CsvDataset.withHeader().labelColumn("b").load(file));
        assertTrue(twice.getMessage().contains("more than one column 'b'"), twice.getMessage());
        DatasetException range = assertThrows(DatasetException.class,
                () -> CsvDataset.withHeader().labelColumn(3).load(file));
        assertEquals(file + ": label column index 3 is out of range: line 1 has 3 columns (indexes 0 to 2)",
                range.getMessage());
    }

    @Test
    void unterminatedQuoteIsReported() throws IOException {
        Path file = csv("l.csv", "a,b\n1,\"2\n");
        DatasetException e = assertThrows(DatasetException.class, () -> CsvDataset.withHeader().load(file));
        assertEquals(file + ": line 2, column 2: unterminated quoted field (fields may not span lines)", e.getMessage());
    }

    @Test
    void emptyAndMissingFilesAreReported() throws IOException {
        Path empty = csv("m.csv", "\n\n");
        assertEquals(empty + ": no rows (the CSV file is empty)",
                assertThrows(DatasetException.class, () -> CsvDataset.withoutHeader().load(empty)).getMessage());
        Path missing = dir.resolve("missing.csv");
        assertEquals("CSV file not found: " + missing.toAbsolutePath(),
                assertThrows(DatasetException.class, () -> CsvDataset.withHeader().load(missing)).getMessage());
    }

    @Test
    void invalidLayoutChoicesFailEarly() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CsvDataset.withoutHeader().labelColumn("y"))
                .getMessage().contains("without a header row"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CsvDataset.withHeader().labelColumn(-1))
                .getMessage().contains("-1"));
        assertThrows(IllegalArgumentException.class, () -> CsvDataset.withHeader().labelColumn(" "));
        assertThrows(IllegalArgumentException.class, () -> CsvDataset.withHeader().delimiter('"'));
        assertThrows(IllegalArgumentException.class, () -> CsvDataset.withHeader().delimiter('.'));
    }
}
