package org.spikebridge.files;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An array read from a NumPy {@code .npy} file (the format of {@code numpy.save}):
 *
 * <pre>
 * 6 bytes   the magic string \x93NUMPY
 * 2 bytes   the format version, major then minor: 1.0, 2.0 or 3.0
 * 2 bytes   N, the header length, unsigned little-endian (4 bytes in versions 2.0 and 3.0)
 * N bytes   a Python dict literal (Latin-1; UTF-8 in version 3.0), padded with spaces, ending in \n:
 *           {'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }
 * rest      the values, in C (row-major) order, or column-major if fortran_order is True
 * </pre>
 *
 * <p>Supported dtypes: {@code <f4 >f4 <f8 >f8 |u1 |i1 <i4 >i4 <i8 >i8 |b1}. The header is parsed
 * as a literal and nothing is ever unpickled: object arrays ({@code |O}) and structured dtypes are
 * refused. Fortran-order data is transposed into C order. Every inconsistency (bad magic, a
 * malformed header, a missing key, a negative dimension, more than {@link JavaArrays#MAX_LENGTH}
 * bytes of data, a truncated data section, and for {@link #read(Path)} bytes after the data) is a
 * {@link FileFormatException}, raised before the data is allocated.
 */
public final class NpyArray {
  /** The longest header this reader accepts (NumPy's own default limit). */
  public static final int MAX_HEADER_BYTES = 10_000;

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final String EXAMPLE_HEADER =
      "a dict literal such as {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  private static final List<String> KEYS = List.of("descr", "fortran_order", "shape");

  private enum Kind { FLOAT, SIGNED, UNSIGNED, BOOL }

  private record Dtype(Kind kind, int size, ByteOrder order) {}

  private static final Map<String, Dtype> DTYPES = Map.ofEntries(
      Map.entry("<f4", new Dtype(Kind.FLOAT, 4, ByteOrder.LITTLE_ENDIAN)),
      Map.entry(">f4", new Dtype(Kind.FLOAT, 4, ByteOrder.BIG_ENDIAN)),
      Map.entry("<f8", new Dtype(Kind.FLOAT, 8, ByteOrder.LITTLE_ENDIAN)),
      Map.entry(">f8", new Dtype(Kind.FLOAT, 8, ByteOrder.BIG_ENDIAN)),
      Map.entry("|u1", new Dtype(Kind.UNSIGNED, 1, ByteOrder.LITTLE_ENDIAN)),
      Map.entry("|i1", new Dtype(Kind.SIGNED, 1, ByteOrder.LITTLE_ENDIAN)),
      Map.entry("<i4", new Dtype(Kind.SIGNED, 4, ByteOrder.LITTLE_ENDIAN)),
      Map.entry(">i4", new Dtype(Kind.SIGNED, 4, ByteOrder.BIG_ENDIAN)),
      Map.entry("<i8", new Dtype(Kind.SIGNED, 8, ByteOrder.LITTLE_ENDIAN)),
      Map.entry(">i8", new Dtype(Kind.SIGNED, 8, ByteOrder.BIG_ENDIAN)),
      Map.entry("|b1", new Dtype(Kind.BOOL, 1, ByteOrder.LITTLE_ENDIAN)));
  private static final String SUPPORTED = "a dtype string, one of <f4 >f4 <f8 >f8 |u1 |i1 <i4 >i4 <i8 >i8 |b1";

  private final Path source;
  private final String descr;
  private final Dtype dtype;
  private final int[] shape;
  private final byte[] data;

  private NpyArray(Path source, String descr, int[] shape, byte[] data) {
    this.source = source;
    this.descr = descr;
    this.dtype = DTYPES.get(descr);
    this.shape = shape;
    this.data = data;
  }

  /**
   * Reads the {@code .npy} file {@code file}, which must hold exactly one array: bytes after the
   * data are refused.
   */
  public static NpyArray read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file, Files.size(file));
    } catch (NoSuchFileException e) {
      throw new FileFormatException(file, "file", "a .npy file", "no such file", e);
    }
  }

  /**
   * Reads one array from {@code in} and leaves the stream right after its data, so that arrays
   * saved one after another into one stream can be read in turn.
   *
   * @param sourceName names the stream in error messages, e.g. its file or zip entry
   */
  public static NpyArray read(InputStream in, String sourceName) throws IOException {
    return read(in, Path.of(sourceName), -1);
  }

  /** The dimensions, outermost first; empty for a 0-d array. */
  public int[] shape() {
    return shape.clone();
  }

  /** The number of elements: the product of the dimensions (1 for a 0-d array). */
  public int size() {
    return data.length / dtype.size();
  }

  /** The dtype as the file's header spells it, e.g. {@code <f4}. */
  public String dtype() {
    return descr;
  }

  /**
   * The values in C order as a new array. float64 and int64 values are rounded to the nearest
   * float; bools are 0 and 1.
   */
  public float[] floats() {
    ByteBuffer b = ByteBuffer.wrap(data).order(dtype.order());
    float[] values = new float[size()];
    if (dtype.kind() == Kind.FLOAT && dtype.size() == 4) {
      b.asFloatBuffer().get(values);
    } else if (dtype.kind() == Kind.FLOAT) {
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) b.getDouble(8 * i);
      }
    } else {
      for (int i = 0; i < values.length; i++) {
        values[i] = integerAt(b, i);
      }
    }
    return values;
  }

  /**
   * The values in C order as a new array of exact integers, e.g. class labels. Float dtypes are
   * accepted when every value is a whole number.
   *
   * @throws FileFormatException naming the first element that is not an integer in int range
   */
  public int[] ints() throws FileFormatException {
    ByteBuffer b = ByteBuffer.wrap(data).order(dtype.order());
    int[] values = new int[size()];
    for (int i = 0; i < values.length; i++) {
      double v = dtype.kind() != Kind.FLOAT ? integerAt(b, i)
          : dtype.size() == 4 ? b.getFloat(4 * i) : b.getDouble(8 * i);
      if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw new FileFormatException(source, "element " + index(i) + " of the " + descr + " array",
            "an integer in int range", dtype.kind() != Kind.FLOAT ? integerAt(b, i)
                : dtype.size() == 4 ? (Object) (float) v : v);
      }
      values[i] = (int) v;
    }
    return values;
  }

  @Override
  public String toString() {
    return "NpyArray[" + descr + " " + pythonTuple(shape) + " from " + source + "]";
  }

  private long integerAt(ByteBuffer b, int i) {
    return switch (dtype.kind()) {
      case BOOL -> b.get(i) != 0 ? 1 : 0;
      case UNSIGNED -> b.get(i) & 0xff;
      default -> dtype.size() == 1 ? b.get(i) : dtype.size() == 4 ? b.getInt(4 * i) : b.getLong(8 * i);
    };
  }

  /** The multi-index of C-order position {@code i}, as Python writes it: {@code [1, 2]}. */
  private String index(int i) {
    int[] idx = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = i % shape[d];
      i /= shape[d];
    }
    return Arrays.toString(idx);
  }

  // ---- reading ----

  /** The header's dict and the offset of the data that follows it. */
  private record Header(Map<String, Object> dict, long dataStart) {}

  /** Reads the magic, the version, the header length and the header dict, checking each. */
  private static Header readHeader(InputStream in, Path file) throws IOException {
    byte[] start = in.readNBytes(8);
    if (start.length < MAGIC.length || !Arrays.equals(start, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new FileFormatException(file, "magic", "the bytes \\x93NUMPY that begin every .npy file",
          start.length == 0 ? "an empty file" : describeStart(start));
    }
    if (start.length < 8) {
      throw new FileFormatException(file, "version", "2 bytes after the magic", "end of file");
    }
    int major = start[6] & 0xff;
    int minor = start[7] & 0xff;
    if (major < 1 || major > 3 || minor != 0) {
      throw new FileFormatException(file, "version", "1.0, 2.0 or 3.0 (a newer NumPy may have written"
          + " this file)", major + "." + minor);
    }
    int lengthBytes = major == 1 ? 2 : 4;
    byte[] lengthField = in.readNBytes(lengthBytes);
    if (lengthField.length < lengthBytes) {
      throw new FileFormatException(file, "header length", lengthBytes + " bytes", "end of file");
    }
    ByteBuffer lb = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = major == 1 ? lb.getShort() & 0xffff : lb.getInt() & 0xffffffffL;
    long dataStart = 8 + lengthBytes + headerLength;
    if (headerLength > MAX_HEADER_BYTES) {
      throw new FileFormatException(file, "header length", "at most " + MAX_HEADER_BYTES + " bytes",
          headerLength + " bytes");
    }
    byte[] headerBytes = in.readNBytes((int) headerLength);
    if (headerBytes.length < headerLength) {
      throw new FileFormatException(file, "header length", "at most the " + headerBytes.length
          + " bytes that follow it", headerLength + " bytes (truncated file?)");
    }
    String header = new String(headerBytes,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    return new Header(new HeaderParser(file, header).parse(), dataStart);
  }

  /** Reads one array; {@code fileSize} is the size of the whole file, or -1 if unknown. */
  private static NpyArray read(InputStream in, Path file, long fileSize) throws IOException {
    Header h = readHeader(in, file);
    Map<String, Object> dict = h.dict();
    long dataStart = h.dataStart();
    String descr = (String) dict.get("descr");
    Dtype dtype = DTYPES.get(descr);
    if (dtype == null) {
      throw new FileFormatException(file, "header 'descr'", SUPPORTED,
          "'" + descr + "'" + (descr.contains("O") ? " (an object array; SpikeBridge never unpickles)"
              : descr.contains("V") ? " (raw bytes or a structured dtype)" : ""));
    }
    @SuppressWarnings("unchecked")
    List<BigInteger> dims = (List<BigInteger>) dict.get("shape");
    int[] shape = shape(file, dims, dtype.size());
    long dataBytes = (long) dtype.size() * Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
    String what = dataBytes + " bytes of data (shape " + pythonTuple(shape) + " of " + descr + ", "
        + dtype.size() + " byte" + (dtype.size() == 1 ? "" : "s") + " each)";
    if (fileSize >= 0 && fileSize - dataStart != dataBytes) {
      long found = fileSize - dataStart;
      throw new FileFormatException(file, "data", what, found + " bytes" + (found < dataBytes
          ? " (truncated file?)" : " (a .npy file holds one array; bytes follow it)"));
    }
    byte[] data = in.readNBytes((int) dataBytes);
    if (data.length < dataBytes) {
      throw new FileFormatException(file, "data", what,
          "the stream ended after " + data.length + " bytes (truncated?)");
    }
    if ((Boolean) dict.get("fortran_order")) {
      data = toCOrder(data, shape, dtype.size());
    }
    return new NpyArray(file, descr, shape, data);
  }

  /** The dimensions, checked: non-negative, and at most {@link JavaArrays#MAX_LENGTH} bytes of data. */
  private static int[] shape(Path file, List<BigInteger> dims, int itemSize) throws FileFormatException {
    String tuple = dims.stream().map(BigInteger::toString)
        .collect(Collectors.joining(", ", "(", dims.size() == 1 ? ",)" : ")"));
    BigInteger count = BigInteger.ONE;
    for (BigInteger d : dims) {
      if (d.signum() < 0) {
        throw new FileFormatException(file, "header 'shape'", "non-negative dimensions", tuple);
      }
      count = count.multiply(d);
    }
    BigInteger bytes = count.multiply(BigInteger.valueOf(itemSize));
    BigInteger limit = BigInteger.valueOf(JavaArrays.MAX_LENGTH);
    if (bytes.compareTo(limit) > 0 || dims.stream().anyMatch(d -> d.compareTo(limit) > 0)) {
      throw new FileFormatException(file, "header 'shape'", "at most " + JavaArrays.MAX_LENGTH
          + " bytes of data", tuple + ", " + count + " elements of " + itemSize + " bytes");
    }
    return dims.stream().mapToInt(BigInteger::intValueExact).toArray();
  }

  /** Reorders column-major {@code data} into row-major order. */
  private static byte[] toCOrder(byte[] data, int[] shape, int itemSize) {
    int n = shape.length;
    int[] fStride = new int[n];
    for (int d = 0, s = itemSize; d < n; s *= shape[d], d++) {
      fStride[d] = s;
    }
    byte[] c = new byte[data.length];
    int[] idx = new int[n];
    int src = 0;
    for (int dst = 0; dst < c.length; dst += itemSize) {
      System.arraycopy(data, src, c, dst, itemSize);
      for (int d = n - 1; d >= 0; d--) {
        src += fStride[d];
        if (++idx[d] < shape[d]) {
          break;
        }
        src -= fStride[d] * shape[d];
        idx[d] = 0;
      }
    }
    return c;
  }

  private static String pythonTuple(int[] shape) {
    return Arrays.stream(shape).mapToObj(Integer::toString)
        .collect(Collectors.joining(", ", "(", shape.length == 1 ? ",)" : ")"));
  }

  private static String describeStart(byte[] start) {
    if (start.length >= 2 && start[0] == 'P' && start[1] == 'K') {
      return "a zip file (an .npz archive? read the .npy files inside it)";
    }
    return "\"" + printable(new String(start, StandardCharsets.ISO_8859_1)) + "\"";
  }

  /** {@code s} on one line, control and non-ASCII characters escaped, at most 200 characters. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char ch : s.toCharArray()) {
      b.append(ch >= 0x20 && ch < 0x7f ? String.valueOf(ch) : String.format("\\x%02x", (int) ch));
    }
    return b.length() > 200 ? b.substring(0, 200) + "…" : b.toString();
  }

  /**
   * Parses the header: a Python dict literal whose keys are exactly 'descr' (a string),
   * 'fortran_order' (True or False) and 'shape' (a tuple of integers). Nothing else is evaluated.
   */
  private static final class HeaderParser {
    private final Path file;
    private final String text;
    private int pos;

    HeaderParser(Path file, String text) {
      this.file = file;
      this.text = text;
    }

    Map<String, Object> parse() throws FileFormatException {
      Map<String, Object> dict = new LinkedHashMap<>();
      expect('{');
      while (peek() != '}') {
        String key = string();
        if (!KEYS.contains(key) || dict.containsKey(key)) {
          throw fail((dict.containsKey(key) ? "a second '" : "an unknown key '") + key + "'");
        }
        expect(':');
        dict.put(key, value(key));
        if (peek() != ',') {
          break;
        }
        pos++;
      }
      expect('}');
      if (peek() != 0) {
        throw fail("text after the dict");
      }
      for (String key : KEYS) {
        if (!dict.containsKey(key)) {
          throw new FileFormatException(file, "header", "the keys 'descr', 'fortran_order' and 'shape'",
              "no '" + key + "' in \"" + printable(text) + "\"");
        }
      }
      return dict;
    }

    private Object value(String key) throws FileFormatException {
      char c = peek();
      Object v = c == '\'' || c == '"' ? string()
          : c == '(' ? tuple()
          : text.startsWith("True", pos) ? Boolean.TRUE
          : text.startsWith("False", pos) ? Boolean.FALSE
          : null;
      if (v instanceof Boolean b) {
        pos += b ? 4 : 5;
      }
      boolean ok = switch (key) {
        case "descr" -> v instanceof String;
        case "fortran_order" -> v instanceof Boolean;
        default -> v instanceof List;
      };
      if (!ok) {
        String expected = switch (key) {
          case "descr" -> SUPPORTED;
          case "fortran_order" -> "True or False";
          default -> "a tuple of integers such as (2, 3)";
        };
        String found = c == '[' && key.equals("descr") ? "a list (a structured dtype)"
            : "\"" + printable(text.substring(pos, Math.min(text.length(), pos + 40))) + "\"";
        throw new FileFormatException(file, "header '" + key + "'", expected, found);
      }
      return v;
    }

    private String string() throws FileFormatException {
      char quote = peek();
      if (quote != '\'' && quote != '"') {
        throw fail("no quoted string");
      }
      int end = text.indexOf(quote, pos + 1);
      if (end < 0 || text.substring(pos, end).indexOf('\\') >= 0) {
        throw fail("a string that does not end (or has escapes)");
      }
      String s = text.substring(pos + 1, end);
      pos = end + 1;
      return s;
    }

    private List<BigInteger> tuple() throws FileFormatException {
      List<BigInteger> items = new ArrayList<>();
      expect('(');
      while (peek() != ')') {
        int begin = pos;
        if (peek() == '-') {
          pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
        }
        if (pos == begin || text.charAt(pos - 1) == '-') {
          throw fail("no integer");
        }
        items.add(new BigInteger(text.substring(begin, pos)));
        if (pos < text.length() && text.charAt(pos) == 'L') {
          pos++; // Python 2 wrote long integers as 3L
        }
        if (peek() != ',') {
          break;
        }
        pos++;
      }
      expect(')');
      return items;
    }

    /** Skips whitespace; the next character, or 0 at the end. */
    private char peek() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
      return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void expect(char c) throws FileFormatException {
      if (peek() != c) {
        throw fail("no '" + c + "'");
      }
      pos++;
    }

    private FileFormatException fail(String what) {
      return new FileFormatException(file, "header", EXAMPLE_HEADER,
          what + " at character " + pos + " of \"" + printable(text) + "\"");
    }
  }
}
