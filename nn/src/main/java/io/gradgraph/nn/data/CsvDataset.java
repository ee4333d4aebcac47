package io.gradgraph.nn.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.ejml.data.DMatrixRMaj;

/**
 * Loads a labelled data set from a CSV file with one example per row: one column holds the label,
 * all the others are features, and the result is features×examples with labels 1×examples.
 *
 * <p>A {@code CsvDataset} is an immutable description of the file's layout: whether the first row
 * is a header, which column holds the label (by header name or 0-based index; the last column by
 * default) and the delimiter (a comma by default). Each setting returns a new instance.
 *
 * <pre>{@code
 * Dataset iris = CsvDataset.withHeader().labelColumn("species_id").load(Path.of("iris.csv"));
 * Dataset raw = CsvDataset.withoutHeader().load(Path.of("points.csv"));   // label = last column
 * Dataset tsv = CsvDataset.withoutHeader().delimiter('\t').labelColumn(0).load(Path.of("d.tsv"));
 * }</pre>
 *
 * <p>The file is read as UTF-8 (a byte-order mark is ignored). Fields may be quoted with double
 * quotes ({@code ""} inside quotes is a literal quote), but may not span lines. Blank lines are
 * skipped. Every cell other than the header's must be a finite decimal number ({@code 3},
 * {@code -0.5}, {@code 1e-3}, {@code .5}), with surrounding spaces ignored, and every label one of
 * the classes: 0 or 1, or 0 … K−1 after {@link #classes(int) classes(K)}. An empty, non-numeric or
 * non-finite cell ({@code nan}, {@code inf}, {@code 1e400}), a label that is not a class
 * ({@code 0.5}, {@code 2}), a row with a different number of cells than the first, an unknown label
 * name, an out-of-range label index or a file without examples (empty, or only a header) raises a
 * {@link DatasetException} naming the file, the line (1-based, counting every line) and the column
 * (1-based, with its header name if there is one).
 */
public final class CsvDataset {
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final boolean header;
    private final char delimiter;
    /** The label column's name, or null when it is chosen by index. */
    private final String labelName;
    /** The label column's 0-based index; -1 for "the last column" (used when labelName is null). */
    private final int labelIndex;
    /** The number of classes K: labels must be 0 … K−1. */
    private final int classes;

    private CsvDataset(boolean header, char delimiter, String labelName, int labelIndex, int classes) {
        this.header = header;
        this.delimiter = delimiter;
        this.labelName = labelName;
        this.labelIndex = labelIndex;
        this.classes = classes;
    }

    /**
     * Declares the number of classes K: labels must be the integers 0 … K−1 (2 by default: 0 or 1).
     *
     * @param classes K, at least 2
     * @return a layout like this one with K classes
     * @throws IllegalArgumentException if {@code classes} is less than 2
     */
    public CsvDataset classes(int classes) {
        return new CsvDataset(header, delimiter, labelName, labelIndex, DataChecks.requireClasses(classes));
    }

    /**
     * A layout whose first non-blank row names the columns; comma-delimited, label in the last
     * column.
     *
     * @return the layout
     */
    public static CsvDataset withHeader() {
        return new CsvDataset(true, ',', null, -1, DataChecks.BINARY);
    }

    /**
     * A layout without a header row: every non-blank row is an example; comma-delimited, label in
     * the last column.
     *
     * @return the layout
     */
    public static CsvDataset withoutHeader() {
        return new CsvDataset(false, ',', null, -1, DataChecks.BINARY);
    }

    /**
     * Chooses the label column by its header name (matched exactly, after trimming spaces).
     *
     * @param name the header of the label column
     * @return a layout like this one with that label column
     * @throws IllegalArgumentException if this layout has no header row or the name is blank
     */
    public CsvDataset labelColumn(String name) {
        Objects.requireNonNull(name, "name");
        if (!header) {
            throw new IllegalArgumentException("cannot choose label column '" + name
                    + "' by name without a header row; use withHeader() or labelColumn(int)");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("label column name must not be blank");
        }
        return new CsvDataset(header, delimiter, name.strip(), -1, classes);
    }

    /**
     * Chooses the label column by its 0-based position.
     *
     * @param index the label column, 0 for the first
     * @return a layout like this one with that label column
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public CsvDataset labelColumn(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("label column index must be >= 0, but was " + index);
        }
        return new CsvDataset(header, delimiter, null, index, classes);
    }

    /**
     * Chooses the cell delimiter, e.g. {@code ';'} or {@code '\t'}.
     *
     * @param delimiter the character between cells
     * @return a layout like this one with that delimiter
     * @throws IllegalArgumentException if the delimiter is a double quote, a line break or a
     *     character that can appear in a number
     */
    public CsvDataset delimiter(char delimiter) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r'
                || "0123456789+-.eE".indexOf(delimiter) >= 0) {
            throw new IllegalArgumentException("unusable CSV delimiter '" + delimiter + "'");
        }
        return new CsvDataset(header, delimiter, labelName, labelIndex, classes);
    }

    /**
     * Reads the file.
     *
     * @param file the CSV file, UTF-8
     * @return features×examples (all columns but the label, in file order) and labels 1×examples;
     *     no class names
     * @throws DatasetException if the file is missing or unreadable, has no rows, or a cell, row or
     *     label choice is invalid (see the class description)
     */
    public Dataset load(Path file) {
        Objects.requireNonNull(file, "file");
        if (Files.isDirectory(file)) {
            throw new DatasetException(file + ": is a directory, not a CSV file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new DatasetException(file + ": is not a regular file (a device or a pipe), not a CSV file");
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        } catch (NoSuchFileException e) {
            throw new DatasetException("CSV file not found: " + file.toAbsolutePath(), e);
        } catch (CharacterCodingException e) {
            throw new DatasetException(file + ": not a UTF-8 text file", e);
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read CSV file: " + e.getMessage(), e);
        }
    }

    /** Parses CSV text; {@code source} names it in error messages. */
    Dataset read(BufferedReader reader, String source) throws IOException {
        List<String> names = null;
        int columns = -1;
        int label = -1;
        int firstRowLine = 0;
        List<double[]> rows = new ArrayList<>();
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = split(line, source, lineNumber);
            if (columns < 0) {
                columns = cells.size();
                firstRowLine = lineNumber;
                if (header) {
                    names = new ArrayList<>(columns);
                    for (String cell : cells) {
                        names.add(cell.strip());
                    }
                }
                label = labelColumn(names, columns, source, lineNumber);
                if (header) {
                    continue;
                }
            } else if (cells.size() != columns) {
                throw new DatasetException(source + ": line " + lineNumber + " has " + cells.size() + " cells, expected "
                        + columns + " like line " + firstRowLine + (header ? " (the header)" : ""));
            }
            double[] row = new double[columns];
            for (int c = 0; c < columns; c++) {
                row[c] = number(cells.get(c), source, lineNumber, c, names);
            }
            DataChecks.requireLabel(row[label], classes, source, "line " + lineNumber + ", column " + column(label, names));
            rows.add(row);
        }
        if (columns < 0) {
            throw new DatasetException(source + ": no rows (the CSV file is empty)");
        }
        if (rows.isEmpty()) {
            throw new DatasetException(source + ": no examples (only the header on line " + firstRowLine + ")");
        }
        int m = rows.size();
        DMatrixRMaj x = new DMatrixRMaj(columns - 1, m);
        DMatrixRMaj y = new DMatrixRMaj(1, m);
        for (int i = 0; i < m; i++) {
            double[] row = rows.get(i);
            int feature = 0;
            for (int c = 0; c < columns; c++) {
                if (c == label) {
                    y.data[i] = row[c];
                } else {
                    x.data[feature++ * m + i] = row[c];
                }
            }
        }
        return new Dataset(x, y);
    }

    private int labelColumn(List<String> names, int columns, String source, int line) {
        if (labelName != null) {
            int found = names.indexOf(labelName);
            if (found < 0) {
                throw new DatasetException(source + ": no column named '" + labelName + "' in the header on line "
                        + line + "; the columns are " + names);
            }
            if (names.lastIndexOf(labelName) != found) {
                throw new DatasetException(source + ": the header on line " + line + " names more than one column '"
                        + labelName + "': " + names);
            }
            return found;
        }
        if (labelIndex >= columns) {
            throw new DatasetException(source + ": label column index " + labelIndex + " is out of range: line "
                    + line + " has " + columns + " columns (indexes 0 to " + (columns - 1) + ")");
        }
        return labelIndex < 0 ? columns - 1 : labelIndex;
    }

    /** Splits one line into raw cells, removing quotes. */
    private List<String> split(String line, String source, int lineNumber) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int quoteStart = -1;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
                quoteStart = cells.size() + 1;
            } else if (ch == delimiter) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new DatasetException(source + ": line " + lineNumber + ", column " + quoteStart
                    + ": unterminated quoted field (fields may not span lines)");
        }
        cells.add(cell.toString());
        return cells;
    }

    private static double number(String cell, String source, int line, int column, List<String> names) {
        String s = cell.strip();
        String where = source + ": line " + line + ", column " + column(column, names);
        if (DECIMAL.matcher(s).matches()) {
            double value = Double.parseDouble(s);
            if (Double.isInfinite(value)) {
                throw new DatasetException(where + ": '" + s + "' is too large for a double (it would be "
                        + value + "); data must be finite");
            }
            return value;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        if (unsigned.equals("nan") || unsigned.equals("inf") || unsigned.equals("infinity")) {
            throw new DatasetException(where + ": '" + s + "' is not finite; data must be finite (no NaN or infinity)");
        }
        throw new DatasetException(where + (s.isEmpty() ? ": empty cell, expected a number"
                : ": '" + cell + "' is not a number"));
    }

    /** A 0-based column as the user reads it: 1-based, with its header name if there is one. */
    private static String column(int column, List<String> names) {
        return (column + 1) + (names == null ? "" : " ('" + names.get(column) + "')");
    }
}
