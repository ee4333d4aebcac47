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
        Dataset first = CsvDataset.withHeader().labelColumn(0).classes(3).load(file);
        assertEquals(expected(new double[][] {{0, 1}, {10, 20}}, 1, 2), first);
    }

    @Test
    void withoutHeaderEveryRowIsAnExample() throws IOException {
        Path file = csv("c.tsv", "1\t2\t3\n\n4\t5\t6\n   \n");
        Dataset d = CsvDataset.withoutHeader().delimiter('\t').classes(7).load(file);
        assertEquals(expected(new double[][] {{1, 4}, {2, 5}}, 3, 6), d);
    }

    @Test
    void quotesSpacesSignsAndByteOrderMark() throws IOException {
        Path file = csv("d.csv", "\uFEFFa;b\n\" 1.25 \"; 1\n-3e2;+1\n.5;-0\n");
        Dataset d = CsvDataset.withHeader().delimiter(';').load(file);
        assertEquals(expected(new double[][] {{1.25, -300, 0.5}}, 1, 1, -0.0), d);
    }

    @Test
    void nonFiniteCellsAreRefusedNamingLineAndColumn() throws IOException {
        for (String cell : new String[] {"NaN", "nan", "-inf", "+Infinity", "inf"}) {
            Path file = csv("n.csv", "a;b\n1;0\n" + cell + ";1\n");
            DatasetException e = assertThrows(DatasetException.class,
                    () -> CsvDataset.withHeader().delimiter(';').load(file), cell);
            assertEquals(file + ": line 3, column 1 ('a'): '" + cell + "' is not finite; data must be finite"
                    + " (no NaN or infinity)", e.getMessage());
        }
        Path huge = csv("o.csv", "a,label\n1e400,0\n");
        DatasetException e = assertThrows(DatasetException.class, () -> CsvDataset.withHeader().load(huge));
        assertEquals(huge + ": line 2, column 1 ('a'): '1e400' is too large for a double (it would be Infinity);"
                + " data must be finite", e.getMessage());
    }

    @Test
    void labelsThatAreNotClassesAreRefused() throws IOException {
        Path half = csv("p.csv", "a,label\n1,0\n2,0.5\n");
        assertEquals(half + ": label 0.5 at line 3, column 2 ('label') is not a class; labels must be 0 or 1",
                assertThrows(DatasetException.class, () -> CsvDataset.withHeader().load(half)).getMessage());
        Path seven = csv("q.csv", "1,2\n2,7\n");
        assertEquals(seven + ": label 2 at line 1, column 2 is not a class; labels must be 0 or 1",
                assertThrows(DatasetException.class, () -> CsvDataset.withoutHeader().load(seven)).getMessage());
        assertEquals(seven + ": label 7 at line 2, column 2 is not a class; labels must be the integers 0 to 4"
                + " (5 classes)",
                assertThrows(DatasetException.class, () -> CsvDataset.withoutHeader().classes(5).load(seven)).getMessage());
        assertEquals(2, CsvDataset.withoutHeader().classes(8).load(seven).examples());
        Path negative = csv("r.csv", "1,-1\n");
        assertTrue(assertThrows(DatasetException.class, () -> CsvDataset.withoutHeader().load(negative)).getMessage()
                .contains("label -1 at line 1, column 2 is not a class"));
        assertThrows(IllegalArgumentException.class, () -> CsvDataset.withHeader().classes(1));
    }

    @Test
    void headerOnlyIsRefused() throws IOException {
        Path file = csv("e.csv", "\na,b,c\n\n");
        assertEquals(file + ": no examples (only the header on line 2)",
                assertThrows(DatasetException.class, () -> CsvDataset.withHeader().load(file)).getMessage());
    }

    @Test
    void aDirectoryOrADeviceIsNamedForWhatItIs() {
        assertEquals(dir + ": is a directory, not a CSV file",
                assertThrows(DatasetException.class, () -> CsvDataset.withHeader().load(dir)).getMessage());
        Path devNull = Path.of("/dev/null");
        if (Files.exists(devNull)) {
            assertEquals(devNull + ": is not a regular file (a device or a pipe), not a CSV file",
                    assertThrows(DatasetException.class, () -> CsvDataset.withHeader().load(devNull)).getMessage());
        }
    }

    @Test
    void nonNumericCellNamesLineAndColumn() throws IOException {
        Path file = csv("f.csv", "a,b,label\n1,2,0\n\n3,abc,1\n");
        DatasetException e = assertThrows(DatasetException.class, () -> CsvDataset.withHeader().load(file));
        assertEquals(file + ": line 4, column 2 ('b'): 'abc' is not a number", e.getMessage());
        Path noHeader = csv("g.csv", "1,0\n3,\n");
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
        Path file = csv("i.csv", "a,b,c\n1,2,1\n4,5\n");
        DatasetException e = assertThrows(DatasetException.class, () -> CsvDataset.withHeader().load(file));
        assertEquals(file + ": line 3 has 2 cells, expected 3 like line 1 (the header)", e.getMessage());
        Path noHeader = csv("j.csv", "1,0\n3,4,5\n");
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
