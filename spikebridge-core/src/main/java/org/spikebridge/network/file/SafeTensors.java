package org.spikebridge.network.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * Reads and writes float32 tensors in the safetensors format (the format of Hugging Face's
 * {@code safetensors} library, also written by DJL's {@code NDList.encode(SAFETENSORS)}):
 *
 * <pre>
 * 8 bytes   N, the header length, unsigned little-endian
 * N bytes   UTF-8 JSON: {"__metadata__": {string: string},
 *                        "name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...}
 *           padded with spaces (0x20, nothing else) so that 8 + N is a multiple of 8
 * rest      the data section: each tensor's values, row-major, little-endian, at [begin, end)
 * </pre>
 *
 * <p>Only {@code F32} is supported. The reader checks the whole header against the file's size
 * before it allocates anything, and accepts only data sections that the tensors tile exactly (no
 * overlap, no hole, nothing after the last tensor), as the reference implementation does.
 */
public final class SafeTensors {
  /** The largest header this reader accepts (the reference implementation's limit). */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  /** The header key that holds the string-to-string metadata. */
  public static final String METADATA_KEY = "__metadata__";

  private static final String F32 = "F32";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /**
   * What a safetensors file holds.
   *
   * @param tensors the tensors by name, in the order of their data in the file
   * @param metadata the {@code __metadata__} entries (empty if the file has none)
   */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    /** Keeps the maps' order and makes them unmodifiable. */
    public Contents {
      tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
      metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
  }

  private record Entry(String name, TensorShape shape, long begin, long end) {}

  private SafeTensors() {}

  /**
   * Writes {@code tensors}, contiguous in the order given, and {@code metadata} (may be empty) to
   * {@code file}, atomically.
   */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    byte[] header = header(tensors, metadata);
    AtomicFiles.write(file, out -> {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
      out.write(header);
      for (Tensor t : tensors.values()) {
        writeFloats(out, t.data());
      }
    });
  }

  /** The tensors of {@code file} by name, in file order. */
  public static Map<String, Tensor> read(Path file) throws IOException {
    return readContents(file).tensors();
  }

  /** The tensors and metadata of {@code file}; a {@link FileFormatException} if it is malformed. */
  public static Contents readContents(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new FileFormatException(file, "header length",
            "at least 8 bytes (the header length)", size + " bytes in the file");
      }
      long n = readFully(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (n < 0 || n > MAX_HEADER_BYTES) {
        throw new FileFormatException(file, "header length", "at most " + MAX_HEADER_BYTES
            + " bytes", Long.toUnsignedString(n) + " bytes (not a safetensors file?)");
      }
      if (n > size - 8) {
        throw new FileFormatException(file, "header length", "at most the " + (size - 8)
            + " bytes that follow it in the file", n + " bytes (truncated file?)");
      }
      ByteBuffer headerBytes = readFully(ch, 8, (int) n);
      JsonNode header = parseHeader(file, headerBytes.array());
      long dataStart = 8 + n;
      Map<String, String> metadata = new LinkedHashMap<>();
      List<Entry> entries = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getKey().equals(METADATA_KEY)) {
          metadata = metadata(file, field.getValue());
        } else {
          entries.add(entry(file, field.getKey(), field.getValue()));
        }
      }
      checkLayout(file, entries, size - dataStart);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Entry e : entries) {
        ByteBuffer bytes = readFully(ch, dataStart + e.begin(), (int) (e.end() - e.begin()));
        float[] values = new float[(int) e.shape().size()];
        bytes.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        tensors.put(e.name(), new Tensor(e.shape(), values));
      }
      return new Contents(tensors, metadata);
    } catch (NoSuchFileException e) {
      throw new FileFormatException(file, "file", "a safetensors file", "no such file", e);
    }
  }

  private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
    ObjectNode root = JSON.createObjectNode();
    if (metadata != null && !metadata.isEmpty()) {
      ObjectNode meta = root.putObject(METADATA_KEY);
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (e.getKey().isEmpty() || e.getKey().equals(METADATA_KEY)) {
        throw new IllegalArgumentException("'" + e.getKey() + "' cannot name a tensor");
      }
      ObjectNode t = root.putObject(e.getKey());
      t.put("dtype", F32);
      ArrayNode shape = t.putArray("shape");
      for (int d : e.getValue().shape().dims()) {
        shape.add(d);
      }
      long end = offset + 4L * e.getValue().data().length;
      t.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    String json;
    try {
      json = JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON header", e);
    }
    byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int padded = (bytes.length + 7) / 8 * 8;
    byte[] header = java.util.Arrays.copyOf(bytes, padded);
    java.util.Arrays.fill(header, bytes.length, padded, (byte) ' ');
    return header;
  }

  private static void writeFloats(OutputStream out, float[] data) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < data.length; ) {
      int n = Math.min(data.length - i, buf.capacity() / 4);
      buf.clear();
      buf.asFloatBuffer().put(data, i, n);
      out.write(buf.array(), 0, 4 * n);
      i += n;
    }
  }

  /**
   * The header's JSON object, which must start at its first byte and may be followed by spaces
   * (0x20) only, as the format specifies.
   */
  private static JsonNode parseHeader(Path file, byte[] bytes) throws FileFormatException {
    JsonNode header;
    int end;
    try (JsonParser parser = JSON.createParser(bytes)) {
      header = JSON.readTree(parser);
      end = (int) parser.currentLocation().getByteOffset();
    } catch (IOException e) {
      throw new FileFormatException(file, "header", "a JSON object",
          "invalid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
    if (header == null || !header.isObject()) {
      throw new FileFormatException(file, "header", "a JSON object",
          header == null ? "nothing" : header.getNodeType());
    }
    if (bytes[0] != '{') {
      throw new FileFormatException(file, "header", "a JSON object from its first byte",
          String.format("byte 0x%02x first", bytes[0]));
    }
    for (int i = end; i < bytes.length; i++) {
      if (bytes[i] != ' ') {
        throw new FileFormatException(file, "header", "a JSON object followed by spaces (0x20) "
            + "only", String.format("byte 0x%02x at offset %d of the header", bytes[i], i));
      }
    }
    return header;
  }

  private static Map<String, String> metadata(Path file, JsonNode node) throws FileFormatException {
    if (!node.isObject()) {
      throw new FileFormatException(file, METADATA_KEY, "an object of strings", node.getNodeType());
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new FileFormatException(file, METADATA_KEY + "." + e.getKey(), "a string",
            e.getValue().getNodeType());
      }
      metadata.put(e.getKey(), e.getValue().textValue());
    }
    return metadata;
  }

  private static Entry entry(Path file, String name, JsonNode node) throws FileFormatException {
    String field = "tensor '" + name + "'";
    if (!node.isObject()) {
      throw new FileFormatException(file, field, "an object with dtype, shape and data_offsets",
          node.getNodeType());
    }
    JsonNode dtype = node.get("dtype");
    if (dtype == null || !F32.equals(dtype.textValue())) {
      throw new FileFormatException(file, field + " dtype", "F32 (the only dtype supported)",
          dtype == null ? "no dtype" : dtype.toString());
    }
    JsonNode shapeNode = node.get("shape");
    if (shapeNode == null || !shapeNode.isArray()) {
      throw new FileFormatException(file, field + " shape", "an array of dimensions", shapeNode);
    }
    int[] dims = new int[shapeNode.size()];
    long count = 1;
    for (int i = 0; i < dims.length; i++) {
      JsonNode d = shapeNode.get(i);
      if (!d.canConvertToInt() || !d.isIntegralNumber() || d.intValue() <= 0) {
        throw new FileFormatException(file, field + " shape", "positive integer dimensions", shapeNode);
      }
      dims[i] = d.intValue();
      count *= dims[i];
      if (count > Integer.MAX_VALUE) {
        throw new FileFormatException(file, field + " shape",
            "at most " + Integer.MAX_VALUE + " values", shapeNode);
      }
    }
    JsonNode offsets = node.get("data_offsets");
    if (offsets == null || !offsets.isArray() || offsets.size() != 2
        || !offsets.get(0).canConvertToLong() || !offsets.get(0).isIntegralNumber()
        || !offsets.get(1).canConvertToLong() || !offsets.get(1).isIntegralNumber()
        || offsets.get(0).longValue() < 0 || offsets.get(1).longValue() < offsets.get(0).longValue()) {
      throw new FileFormatException(file, field + " data_offsets", "[begin, end] with 0 <= begin <= end",
          offsets);
    }
    long begin = offsets.get(0).longValue();
    long end = offsets.get(1).longValue();
    if (count * 4 != end - begin) {
      throw new FileFormatException(file, field + " data_offsets", (count * 4) + " bytes for shape "
          + shapeNode + " in F32", (end - begin) + " bytes at " + offsets);
    }
    return new Entry(name, TensorShape.of(dims), begin, end);
  }

  private static void checkLayout(Path file, List<Entry> entries, long dataLength)
      throws FileFormatException {
    for (Entry e : entries) {
      if (e.end() > dataLength) {
        throw new FileFormatException(file, "tensor '" + e.name() + "' data_offsets",
            "offsets within the data section of " + dataLength + " bytes",
            "[" + e.begin() + ", " + e.end() + "] (truncated file?)");
      }
    }
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin));
    long expected = 0;
    for (Entry e : sorted) {
      if (e.begin() != expected) {
        throw new FileFormatException(file, "tensor '" + e.name() + "' data_offsets",
            "to begin at byte " + expected + " (right after the previous tensor)",
            e.begin() + (e.begin() < expected ? " (overlaps the previous tensor)"
                : " (a hole of " + (e.begin() - expected) + " bytes)"));
      }
      expected = e.end();
    }
    if (expected != dataLength) {
      throw new FileFormatException(file, "data section",
          expected + " bytes (the end of the last tensor)", dataLength + " bytes");
    }
    entries.sort(Comparator.comparingLong(Entry::begin));
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      int r = ch.read(buf, position + buf.position());
      if (r < 0) {
        throw new java.io.EOFException("file ended at byte " + (position + buf.position()));
      }
    }
    buf.flip();
    return buf;
  }
}
