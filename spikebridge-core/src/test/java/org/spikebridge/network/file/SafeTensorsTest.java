package org.spikebridge.network.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

class SafeTensorsTest {
  @TempDir Path tmp;

  /** A safetensors file built by hand: header padded with spaces, then the floats little-endian. */
  static byte[] handMade(String header, float... data) {
    ByteBuffer floats = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : data) {
      floats.putFloat(f);
    }
    return handMade(header, floats.array());
  }

  static byte[] handMade(String header, byte[] data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    int n = (json.length + 7) / 8 * 8;
    ByteBuffer b = ByteBuffer.allocate(8 + n + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(n).put(json);
    for (int i = json.length; i < n; i++) {
      b.put((byte) ' ');
    }
    b.put(data);
    return b.array();
  }

  private Path file(byte[] bytes) throws IOException {
    return Files.write(tmp.resolve("t.safetensors"), bytes);
  }

  @Test
  void readsAHandMadeFileInDataOrder() throws IOException {
    // "a" is listed first in the header but its data comes second.
    String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[8,16]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"__metadata__\":{\"format\":\"pt\",\"who\":\"test\"}}";
    Path f = file(handMade(header, 1.5f, -2f, 0.25f, 3f));

    SafeTensors.Contents c = SafeTensors.readContents(f);

    assertThat(c.tensors().keySet()).containsExactly("b", "a");
    assertThat(c.tensors().get("b")).isEqualTo(new Tensor(TensorShape.of(2), new float[] {1.5f, -2f}));
    assertThat(c.tensors().get("a"))
        .isEqualTo(new Tensor(TensorShape.of(1, 2), new float[] {0.25f, 3f}));
    assertThat(c.metadata()).containsExactly(Map.entry("format", "pt"), Map.entry("who", "test"));
    assertThat(SafeTensors.read(f)).isEqualTo(c.tensors());
  }

  @Test
  void readsAFileWithoutMetadataOrTensors() throws IOException {
    assertThat(SafeTensors.readContents(file(handMade("{}", new byte[0]))))
        .isEqualTo(new SafeTensors.Contents(Map.of(), Map.of()));
  }

  @Test
  void writesExactlyTheBytesOfTheFormat() throws IOException {
    Path f = tmp.resolve("w.safetensors");
    SafeTensors.write(f, Map.of("w", new Tensor(TensorShape.of(2), new float[] {1f, -2f})),
        Map.of("k", "v"));

    // Header: 79 characters of JSON plus one space of padding = 80 bytes.
    String header = "{\"__metadata__\":{\"k\":\"v\"},"
        + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}} ";
    byte[] expected = new byte[8 + 80 + 8];
    expected[0] = 80;
    System.arraycopy(header.getBytes(StandardCharsets.US_ASCII), 0, expected, 8, 80);
    // 1.0f = 0x3F800000 and -2.0f = 0xC0000000, little-endian.
    byte[] data = {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0};
    System.arraycopy(data, 0, expected, 88, 8);
    assertThat(Files.readAllBytes(f)).containsExactly(expected);
  }

  @Test
  void writerPadsTheHeaderToAMultipleOfEightAndLeavesNoTemporaryFile() throws IOException {
    Path f = tmp.resolve("p.safetensors");
    SafeTensors.write(f, Map.of("abc", Tensor.filled(TensorShape.of(3), 1f)), Map.of());
    byte[] bytes = Files.readAllBytes(f);
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(n % 8).isZero();
    assertThat(bytes.length).isEqualTo(8 + n + 12);
    assertThat(new String(bytes, 8, (int) n, StandardCharsets.UTF_8))
        .isEqualTo(pad("{\"abc\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}"));
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("p.safetensors");
    }
  }

  private static String pad(String s) {
    return s + " ".repeat((8 - s.length() % 8) % 8);
  }

  @Test
  void roundTripKeepsOrderValuesAndMetadata() throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (String name : List.of("z.weight", "a.bias", "m.running_var", "scalar")) {
      TensorShape shape = name.equals("scalar") ? TensorShape.of() : TensorShape.of(3, 1 + random.nextInt(5), 2);
      float[] data = new float[(int) shape.size()];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) random.nextGaussian();
      }
      tensors.put(name, new Tensor(shape, data));
    }
    tensors.put("special", new Tensor(TensorShape.of(4),
        new float[] {Float.MIN_VALUE, -0f, Float.MAX_VALUE, Float.NaN}));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("ünïcode", "välue \"quoted\"");
    metadata.put("seed", "42");
    Path f = tmp.resolve("r.safetensors");

    SafeTensors.write(f, tensors, metadata);
    SafeTensors.Contents c = SafeTensors.readContents(f);

    assertThat(c.tensors()).containsExactlyEntriesOf(tensors);
    assertThat(c.metadata()).containsExactlyEntriesOf(metadata);
  }

  // ---- malformed files: each error names the file, the field, what was expected and found ----

  private void assertFails(byte[] bytes, String... parts) throws IOException {
    Path f = file(bytes);
    assertThatThrownBy(() -> SafeTensors.read(f))
        .isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(f.toString())
        .hasMessageContainingAll(parts);
  }

  @Test
  void rejectsAFileShorterThanEightBytes() throws IOException {
    assertFails(new byte[] {1, 2, 3}, "header length", "at least 8 bytes", "found 3 bytes");
  }

  @Test
  void rejectsAHeaderLongerThanTheFile() throws IOException {
    byte[] bytes = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array();
    assertFails(bytes, "header length", "at most the 12 bytes", "found 1000 bytes");
  }

  @Test
  void rejectsAnAbsurdHeaderLength() throws IOException {
    byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
    assertFails(bytes, "header length", "at most 100000000 bytes", "found 1099511627776 bytes");
    byte[] negative = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-8).array();
    assertFails(negative, "header length", "found 18446744073709551608 bytes");
  }

  @Test
  void rejectsAHeaderThatIsNotJson() throws IOException {
    assertFails(handMade("{\"a\": {", new byte[0]), "header", "expected a JSON object", "invalid JSON");
    assertFails(handMade("[1, 2]", new byte[0]), "header", "expected a JSON object", "found ARRAY");
  }

  /** Only spaces may pad the header: another object, a brace, a newline or a NUL is refused. */
  @Test
  void rejectsAnythingButSpacesAfterTheHeadersObject() throws IOException {
    String w = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    assertThat(SafeTensors.read(file(handMade(w + "        ", 1f))).get("w").data())
        .containsExactly(1f);
    assertFails(handMade(w + "{}", 1f), "header", "followed by spaces (0x20) only",
        "found byte 0x7b at offset " + w.length());
    assertFails(handMade(w + " }", 1f), "found byte 0x7d at offset " + (w.length() + 1));
    assertFails(handMade(w + "\n", 1f), "header", "followed by spaces (0x20) only",
        "found byte 0x0a at offset " + w.length());
    assertFails(handMade(w + "\0\0", 1f), "header", "found byte 0x00 at offset " + w.length());
    assertFails(handMade(" " + w, 1f), "header", "from its first byte", "found byte 0x20 first");
  }

  @Test
  void rejectsADtypeOtherThanF32() throws IOException {
    assertFails(handMade("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]),
        "tensor 'w' dtype", "F32 (the only dtype supported)", "found \"F16\"");
  }

  @Test
  void rejectsOffsetsThatDoNotFitTheShape() throws IOException {
    assertFails(handMade("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 1f, 2f),
        "tensor 'w' data_offsets", "12 bytes for shape [3]", "found 8 bytes");
  }

  @Test
  void rejectsOffsetsOutsideTheDataSection() throws IOException {
    assertFails(handMade("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 1f),
        "tensor 'w' data_offsets", "within the data section of 4 bytes", "found [0, 8]");
  }

  @Test
  void rejectsOverlappingTensors() throws IOException {
    assertFails(handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 1f, 2f, 3f),
        "tensor 'b' data_offsets", "to begin at byte 8", "found 4 (overlaps");
  }

  @Test
  void rejectsAHoleBetweenTensors() throws IOException {
    assertFails(handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", 1f, 2f, 3f, 4f, 5f),
        "tensor 'b' data_offsets", "to begin at byte 8", "found 12 (a hole of 4 bytes)");
  }

  @Test
  void rejectsBytesAfterTheLastTensor() throws IOException {
    assertFails(handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 1f, 2f, 3f),
        "data section", "expected 8 bytes (the end of the last tensor)", "found 12 bytes");
  }

  @Test
  void rejectsAMissingFile() {
    Path f = tmp.resolve("none.safetensors");
    assertThatThrownBy(() -> SafeTensors.read(f)).isInstanceOf(FileFormatException.class)
        .hasMessageContainingAll(f.toString(), "no such file");
  }
}
