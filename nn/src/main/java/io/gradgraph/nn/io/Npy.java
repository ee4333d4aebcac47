package io.gradgraph.nn.io;

import io.gradgraph.core.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.ejml.data.DMatrixRMaj;

/**
 * Reads and writes numpy's {@code .npy} and {@code .npz} files, so that matrices can go back and
 * forth between Java and {@code np.load} / {@code np.save} / {@code np.savez}.
 *
 * <p>Writing produces what {@code np.save} writes for a 2-D C-ordered float64 array, byte for byte:
 * a format 1.0 header with {@code 'descr': '<f8', 'fortran_order': False, 'shape': (rows, cols)},
 * padded to 64 bytes, then the elements little-endian in row-major order. An {@code .npz} is a zip
 * archive of such files named {@code <key>.npy}, stored uncompressed like {@code np.savez} does.
 *
 * <p>Reading accepts format versions 1.0 to 3.0, little- or big-endian float64 and float32, signed
 * integers of 1 to 8 bytes, unsigned integers of 1 to 8 bytes and booleans ({@code <f8}, {@code
 * <f4}, {@code <i8}, {@code <i4}, {@code |u1}, ...), C or Fortran order, and 0-D, 1-D and 2-D
 * shapes: a 1-D array of n elements becomes a 1×n matrix (a row, like {@code np.atleast_2d}) and a
 * 0-D array a 1×1 matrix. Values are converted to double; 64-bit integers beyond
 * ±2<sup>53</sup> are rounded. {@code .npz} archives may be stored or deflated ({@code
 * np.savez_compressed}).
 *
 * <pre>{@code
 * Npy.write(Path.of("w1.npy"), w1);                          // np.load("w1.npy") in Python
 * DMatrixRMaj x = Npy.read(Path.of("x.npy"));
 * Map<String, DMatrixRMaj> params = new LinkedHashMap<>();
 * params.put("W1", w1);
 * params.put("b1", b1);
 * Npy.writeNpz(Path.of("params.npz"), params);              // np.load("params.npz")["W1"]
 * Map<String, DMatrixRMaj> back = Npy.readNpz(Path.of("params.npz"));
 * }</pre>
 *
 * <p>A file that is not a supported {@code .npy} (bad magic, unsupported dtype such as {@code <c16}
 * or an object array, more than two dimensions, truncated data) raises an {@link IOException}
 * whose message names the file or archive entry and the offending header value.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    /** numpy leaves room for the first axis to grow to this many digits (GROWTH_AXIS_MAX_DIGITS). */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final String NPY_SUFFIX = ".npy";

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern STRUCTURED = Pattern.compile("'descr'\\s*:\\s*\\[");
    private static final Pattern DTYPE = Pattern.compile("([<>|=])([fiub])(\\d+)");

    private Npy() {}

    /**
     * Writes a matrix as a 2-D float64 {@code .npy} file, replacing any existing file atomically (a
     * failed write leaves the old file as it was; see {@link AtomicFiles}).
     *
     * @param file the file to write, conventionally named {@code *.npy}
     * @param matrix the matrix; its shape becomes the array's shape
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, DMatrixRMaj matrix) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(matrix, "matrix");
        AtomicFiles.write(file, out -> write(out, matrix));
    }

    /**
     * Writes a matrix in {@code .npy} format to a stream, which is left open.
     *
     * @param out where to write the header and data
     * @param matrix the matrix; its shape becomes the array's shape
     * @throws IOException if writing fails
     */
    public static void write(OutputStream out, DMatrixRMaj matrix) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(matrix, "matrix");
        out.write(header(matrix.numRows, matrix.numCols));
        int n = matrix.getNumElements();
        ByteBuffer buffer = ByteBuffer.allocate(8 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            if (!buffer.hasRemaining()) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            buffer.putDouble(matrix.data[i]);
        }
        out.write(buffer.array(), 0, buffer.position());
        out.flush();
    }

    /** The format 1.0 header np.save writes for a 2-D '<f8' C-order array. */
    static byte[] header(int rows, int cols) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        dict += " ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(rows).length());
        int prefix = MAGIC.length + 2 + 2;
        int unpadded = prefix + dict.length() + 1;
        int pad = ALIGN - unpadded % ALIGN; // like numpy: 64, not 0, when already aligned
        int headerLength = dict.length() + pad + 1;
        ByteBuffer b = ByteBuffer.allocate(prefix + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength);
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < pad; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /**
     * Reads a {@code .npy} file into a matrix.
     *
     * @param file the file to read
     * @return a new matrix: the array itself if 2-D, 1×n if 1-D, 1×1 if 0-D
     * @throws IOException if the file cannot be read or is not a supported {@code .npy} file
     */
    public static DMatrixRMaj read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads one {@code .npy} array from a stream, consuming exactly its header and data; the stream
     * is left open.
     *
     * @param in the stream positioned at the magic string
     * @return a new matrix: the array itself if 2-D, 1×n if 1-D, 1×1 if 0-D
     * @throws IOException if reading fails or the data are not a supported {@code .npy} array
     */
    public static DMatrixRMaj read(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        return read(in, "stream");
    }

    private static DMatrixRMaj read(InputStream input, String source) throws IOException {
        DataInputStream in = new DataInputStream(input);
        byte[] magic = new byte[MAGIC.length];
        readFully(in, magic, source, "magic string");
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new IOException(source + ": not a .npy file (it does not start with \\x93NUMPY)");
            }
        }
        int major = in.read();
        int minor = in.read();
        if (minor < 0) {
            throw new IOException(source + ": truncated .npy header");
        }
        long headerLength;
        if (major == 1) {
            byte[] len = new byte[2];
            readFully(in, len, source, "header length");
            headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        } else if (major == 2 || major == 3) {
            byte[] len = new byte[4];
            readFully(in, len, source, "header length");
            headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        } else {
            throw new IOException(source + ": unsupported .npy format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        if (headerLength > 1 << 20) {
            throw new IOException(source + ": implausible .npy header length " + headerLength);
        }
        byte[] headerBytes = new byte[(int) headerLength];
        readFully(in, headerBytes, source, "header");
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).strip();
        Header h = parseHeader(header, source);

        long count = 1;
        for (long d : h.shape) {
            count *= d;
            if (count > Integer.MAX_VALUE - 8) {
                throw new IOException(source + ": shape " + shapeString(h.shape) + " has too many elements for a matrix");
            }
        }
        int rows;
        int cols;
        if (h.shape.length == 2) {
            rows = (int) h.shape[0];
            cols = (int) h.shape[1];
        } else if (h.shape.length == 1) {
            rows = 1;
            cols = (int) h.shape[0];
        } else {
            rows = 1;
            cols = 1;
        }
        int n = (int) count;
        long byteCount = (long) n * h.itemSize;
        if (byteCount > Integer.MAX_VALUE - 8) {
            throw new IOException(source + ": shape " + shapeString(h.shape) + " is too large to read");
        }
        byte[] raw = readData(in, (int) byteCount, source, h);
        ByteBuffer data = ByteBuffer.wrap(raw).order(h.order);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = h.kind.get(data, i * h.itemSize);
        }
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        if (h.fortranOrder && rows > 1 && cols > 1) {
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < rows; r++) {
                    m.data[r * cols + c] = values[c * rows + r];
                }
            }
        } else {
            System.arraycopy(values, 0, m.data, 0, n);
        }
        return m;
    }

    /**
     * The {@code count} data bytes, read in blocks so that memory grows with the bytes actually
     * there: a header that claims more than the file holds fails as truncated instead of
     * allocating what it claims.
     */
    private static byte[] readData(InputStream in, int count, String source, Header h) throws IOException {
        byte[] raw = new byte[Math.min(count, 1 << 20)];
        int have = 0;
        while (have < count) {
            if (have == raw.length) {
                raw = Arrays.copyOf(raw, (int) Math.min(count, 2L * raw.length));
            }
            int n = in.read(raw, have, raw.length - have);
            if (n < 0) {
                throw new IOException(source + ": truncated .npy data: shape " + shapeString(h.shape) + " of '"
                        + h.descr + "' needs " + count + " bytes, found " + have);
            }
            have += n;
        }
        return raw;
    }

    private static void readFully(DataInputStream in, byte[] b, String source, String what) throws IOException {
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new IOException(source + ": truncated .npy file (ends inside the " + what + ")", e);
        }
    }

    /** The element types a header may describe, each with its reader. */
    private enum Kind {
        F4 { double get(ByteBuffer b, int at) { return b.getFloat(at); } },
        F8 { double get(ByteBuffer b, int at) { return b.getDouble(at); } },
        I1 { double get(ByteBuffer b, int at) { return b.get(at); } },
        I2 { double get(ByteBuffer b, int at) { return b.getShort(at); } },
        I4 { double get(ByteBuffer b, int at) { return b.getInt(at); } },
        I8 { double get(ByteBuffer b, int at) { return b.getLong(at); } },
        U1 { double get(ByteBuffer b, int at) { return b.get(at) & 0xff; } },
        U2 { double get(ByteBuffer b, int at) { return b.getShort(at) & 0xffff; } },
        U4 { double get(ByteBuffer b, int at) { return b.getInt(at) & 0xffffffffL; } },
        U8 {
            double get(ByteBuffer b, int at) {
                long v = b.getLong(at);
                // unsigned to double, rounded to nearest like numpy's cast
                return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
            }
        },
        B1 { double get(ByteBuffer b, int at) { return b.get(at) != 0 ? 1 : 0; } };

        abstract double get(ByteBuffer b, int at);
    }

    private record Header(String descr, Kind kind, int itemSize, ByteOrder order, boolean fortranOrder, long[] shape) {}

    private static Header parseHeader(String header, String source) throws IOException {
        Matcher descrMatch = DESCR.matcher(header);
        Matcher fortranMatch = FORTRAN.matcher(header);
        Matcher shapeMatch = SHAPE.matcher(header);
        if (STRUCTURED.matcher(header).find()) {
            throw new IOException(source + ": unsupported structured dtype in .npy header: " + header);
        }
        if (!header.startsWith("{") || !descrMatch.find() || !fortranMatch.find() || !shapeMatch.find()) {
            throw new IOException(source + ": malformed .npy header (expected 'descr', 'fortran_order' and"
                    + " 'shape' keys): " + header);
        }
        String descr = descrMatch.group(1);
        Matcher dtype = DTYPE.matcher(descr);
        if (!dtype.matches()) {
            throw new IOException(source + ": unsupported dtype '" + descr
                    + "' (supported: float32/64, int8-64, uint8-64, bool, e.g. '<f8', '<f4', '<i8', '<i4', '|u1')");
        }
        char byteOrder = dtype.group(1).charAt(0);
        char kindChar = dtype.group(2).charAt(0);
        int size = Integer.parseInt(dtype.group(3));
        Kind kind = kindOf(kindChar, size);
        if (kind == null) {
            throw new IOException(source + ": unsupported dtype '" + descr
                    + "' (supported: float32/64, int8-64, uint8-64, bool, e.g. '<f8', '<f4', '<i8', '<i4', '|u1')");
        }
        ByteOrder order = byteOrder == '>' ? ByteOrder.BIG_ENDIAN
                : byteOrder == '=' ? ByteOrder.nativeOrder() : ByteOrder.LITTLE_ENDIAN;
        List<Long> dims = new ArrayList<>();
        for (String part : shapeMatch.group(1).split(",")) {
            String p = part.strip();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1); // Python 2 long literals
            }
            if (p.isEmpty()) {
                continue;
            }
            try {
                long d = Long.parseLong(p);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new IOException(source + ": malformed shape (" + shapeMatch.group(1) + ") in .npy header", e);
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        if (shape.length > 2) {
            throw new IOException(source + ": " + shape.length + "-D array of shape " + shapeString(shape)
                    + " cannot be read as a matrix (only 0-D, 1-D and 2-D are supported)");
        }
        return new Header(descr, kind, size, order, fortranMatch.group(1).equals("True"), shape);
    }

    private static Kind kindOf(char kind, int size) {
        switch (kind) {
            case 'f':
                return size == 8 ? Kind.F8 : size == 4 ? Kind.F4 : null;
            case 'i':
                return size == 1 ? Kind.I1 : size == 2 ? Kind.I2 : size == 4 ? Kind.I4 : size == 8 ? Kind.I8 : null;
            case 'u':
                return size == 1 ? Kind.U1 : size == 2 ? Kind.U2 : size == 4 ? Kind.U4 : size == 8 ? Kind.U8 : null;
            case 'b':
                return size == 1 ? Kind.B1 : null;
            default:
                return null;
        }
    }

    private static String shapeString(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(')').toString();
    }

    /**
     * Writes named matrices as an uncompressed {@code .npz} archive, one {@code <name>.npy} entry per
     * map entry in the map's iteration order (use a {@link LinkedHashMap} to control it). {@code
     * np.load(file)[name]} then returns each matrix as a 2-D float64 array.
     *
     * <p>The archive is written to a temporary file in the same directory and then moved over
     * {@code file} atomically: a write that fails part way ("File too large", a full disk) leaves
     * the old file as it was.
     *
     * @param file the archive to write, conventionally named {@code *.npz}; replaced if it exists
     * @param arrays the matrices by name; names must be non-empty and must not contain a path
     *     separator ({@code /} or {@code \}) or be {@code .} or {@code ..}
     * @throws IllegalArgumentException if a name is empty or would be a path inside the archive
     * @throws IOException if the file cannot be written
     */
    public static void writeNpz(Path file, Map<String, DMatrixRMaj> arrays) throws IOException {
        writeNpz(file, arrays, out -> out);
    }

    /** {@link #writeNpz(Path, Map)} through {@code wrap} (tests inject a failing stream). */
    static void writeNpz(Path file, Map<String, DMatrixRMaj> arrays, UnaryOperator<OutputStream> wrap)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(arrays, "arrays");
        for (Map.Entry<String, DMatrixRMaj> e : arrays.entrySet()) {
            Objects.requireNonNull(e.getKey(), "array name");
            Objects.requireNonNull(e.getValue(), () -> "matrix for '" + e.getKey() + "'");
            String name = e.getKey();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("npz array names must be non-empty");
            }
            if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")
                    || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("npz array name '" + name + "' is not a plain name: it must"
                        + " not contain '/', '\\' or NUL, or be '.' or '..' (it would be a path inside the archive)");
            }
        }
        AtomicFiles.write(file, out -> writeNpz(wrap.apply(out), arrays));
    }

    private static void writeNpz(OutputStream out, Map<String, DMatrixRMaj> arrays) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(new NotClosing(out))) {
            for (Map.Entry<String, DMatrixRMaj> e : arrays.entrySet()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                write(bytes, e.getValue());
                byte[] content = bytes.toByteArray();
                CRC32 crc = new CRC32();
                crc.update(content);
                ZipEntry entry = new ZipEntry(e.getKey() + NPY_SUFFIX);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(content.length);
                entry.setCompressedSize(content.length);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(content);
                zip.closeEntry();
            }
        }
    }

    /** Lets the zip stream finish its archive without closing the file (AtomicFiles closes it). */
    private static final class NotClosing extends java.io.FilterOutputStream {
        NotClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /**
     * Reads every array of an {@code .npz} archive ({@code np.savez} or {@code
     * np.savez_compressed}).
     *
     * @param file the archive to read
     * @return the matrices by name (the entry name without {@code .npy}), in archive order; the map
     *     is unmodifiable
     * @throws IOException if the file cannot be read, is not a zip archive, or holds an entry that is
     *     not a supported {@code .npy} array (the message names the entry)
     */
    public static Map<String, DMatrixRMaj> readNpz(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Map<String, DMatrixRMaj> arrays = new LinkedHashMap<>();
        boolean anyEntry = false;
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, not an .npz file");
        }
        String entryName = null;
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                anyEntry = true;
                entryName = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                if (!name.endsWith(NPY_SUFFIX)) {
                    throw new IOException(file + ": entry '" + name + "' is not a .npy array");
                }
                arrays.put(name.substring(0, name.length() - NPY_SUFFIX.length()),
                        read(zip, file + "!" + name));
                byte[] rest = new byte[512];
                while (zip.read(rest) >= 0) { // to the entry's end, where its CRC is checked
                    continue;
                }
                entryName = null;
            }
        } catch (java.util.zip.ZipException | EOFException e) {
            // a corrupt archive: a bad CRC (a flipped bit), a truncated entry or central directory
            String where = entryName == null ? "" : " (entry '" + entryName + "')";
            throw new IOException(file + ": corrupt or truncated .npz archive" + where + ": " + e.getMessage(), e);
        }
        if (!anyEntry && !isEmptyZip(file)) {
            throw new IOException(file + ": not an .npz (zip) archive");
        }
        return Collections.unmodifiableMap(arrays);
    }

    /** An empty zip archive is just the 22-byte end-of-central-directory record "PK\5\6...". */
    private static boolean isEmptyZip(Path file) throws IOException {
        if (Files.size(file) != 22) {
            return false;
        }
        byte[] b = Files.readAllBytes(file);
        return b[0] == 'P' && b[1] == 'K' && b[2] == 5 && b[3] == 6;
    }
}
