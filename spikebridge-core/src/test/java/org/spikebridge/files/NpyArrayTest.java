package org.spikebridge.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyArrayTest {
  @TempDir Path tmp;

  /**
   * A .npy file built by hand as numpy.save writes it: magic, version, header length
   * (little-endian, 2 bytes in version 1, 4 after), the header padded with spaces and ended by a
   * newline so that the data starts at a multiple of 64, then {@code data}.
   */
  static byte[] npy(int major, String dict, byte[] data) {
    int prefix = 6 + 2 + (major == 1 ? 2 : 4);
    int total = (prefix + dict.length() + 1 + 63) / 64 * 64;
    return raw(major, dict + " ".repeat(total - prefix - dict.length() - 1) + "\n", data);
  }

  static byte[] npy(String descr, String shape, byte... data) {
    return npy(1, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }", data);
  }

  /** Magic, version {@code major}.0, the header exactly as given (no padding), then {@code data}. */
  static byte[] raw(int major, String header, byte[] data) {
    byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    out.write(h.length & 0xff);
    out.write(h.length >>> 8 & 0xff);
    if (major != 1) {
      out.write(h.length >>> 16 & 0xff);
      out.write(h.length >>> 24 & 0xff);
    }
    out.writeBytes(h);
    out.writeBytes(data);
    return out.toByteArray();
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private Path file(byte[] bytes) throws IOException {
    return Files.write(tmp.resolve("a.npy"), bytes);
  }

  private NpyArray read(byte[] bytes) throws IOException {
    return NpyArray.read(file(bytes));
  }

  // ---- dtypes ----

  @Test
  void readsLittleEndianFloat32InCOrder() throws IOException {
    // 1.0f = 0x3F800000, -2.0f = 0xC0000000, 0.5f = 0x3F000000, 3.0f = 0x40400000,
    // -0.25f = 0xBE800000; little-endian, lowest byte first.
    byte[] data = bytes(0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0, 0, 0, 0, 0x3F,
        0, 0, 0, 0, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0xBE);
    byte[] file = npy("<f4", "(2, 3)", data);
    assertThat(file).hasSize(128 + 24); // the data starts at byte 128, as with numpy.save

    NpyArray a = read(file);

    assertThat(a.dtype()).isEqualTo("<f4");
    assertThat(a.shape()).containsExactly(2, 3);
    assertThat(a.size()).isEqualTo(6);
    assertThat(a.floats()).containsExactly(1f, -2f, 0.5f, 0f, 3f, -0.25f);
  }

  @Test
  void readsFloat64RoundedToFloat() throws IOException {
    // 0.5 = 0x3FE0000000000000, -3.0 = 0xC008000000000000, 1e300 = 0x7E37E43C8800759C overflows a float.
    byte[] data = bytes(0, 0, 0, 0, 0, 0, 0xE0, 0x3F, 0, 0, 0, 0, 0, 0, 0x08, 0xC0,
        0x9C, 0x75, 0x00, 0x88, 0x3C, 0xE4, 0x37, 0x7E);
    NpyArray a = read(npy("<f8", "(3,)", data));
    assertThat(a.dtype()).isEqualTo("<f8");
    assertThat(a.shape()).containsExactly(3);
    assertThat(a.floats()).containsExactly(0.5f, -3f, Float.POSITIVE_INFINITY);
  }

  @Test
  void readsUnsignedAndSignedBytesAndBools() throws IOException {
    NpyArray u = read(npy("|u1", "(2, 2)", bytes(0, 127, 128, 255)));
    assertThat(u.floats()).containsExactly(0f, 127f, 128f, 255f);
    assertThat(u.ints()).containsExactly(0, 127, 128, 255);

    NpyArray s = read(npy("|i1", "(3,)", bytes(0x7F, 0x80, 0xFF)));
    assertThat(s.ints()).containsExactly(127, -128, -1);

    NpyArray b = read(npy("|b1", "(3,)", bytes(1, 0, 1)));
    assertThat(b.floats()).containsExactly(1f, 0f, 1f);
    assertThat(b.ints()).containsExactly(1, 0, 1);
  }

  @Test
  void readsInt64LabelsExactly() throws IOException {
    byte[] data = bytes(7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xE8, 0x03, 0, 0, 0, 0, 0, 0);
    NpyArray a = read(npy("<i8", "(4,)", data));
    assertThat(a.ints()).containsExactly(7, 0, -1, 1000);
    assertThat(a.floats()).containsExactly(7f, 0f, -1f, 1000f);
  }

  @Test
  void readsInt32() throws IOException {
    NpyArray a = read(npy("<i4", "(2,)", bytes(0x02, 0x01, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF)));
    assertThat(a.ints()).containsExactly(258, -2);
  }

  @Test
  void readsBigEndian() throws IOException {
    assertThat(read(npy(">f4", "(2,)", bytes(0x3F, 0x80, 0, 0, 0xC0, 0, 0, 0))).floats())
        .containsExactly(1f, -2f);
    assertThat(read(npy(">f8", "(1,)", bytes(0x3F, 0xE0, 0, 0, 0, 0, 0, 0))).floats())
        .containsExactly(0.5f);
    assertThat(read(npy(">i4", "(2,)", bytes(0, 0, 0x01, 0x02, 0xFF, 0xFF, 0xFF, 0xFE))).ints())
        .containsExactly(258, -2);
    assertThat(read(npy(">i8", "(1,)", bytes(0, 0, 0, 0, 0, 0, 0x01, 0x02))).ints())
        .containsExactly(258);
  }

  // ---- versions, layout, shapes ----

  @Test
  void readsVersion2And3Headers() throws IOException {
    String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }";
    byte[] v2 = npy(2, dict, bytes(5, 6));
    assertThat(v2).startsWith(bytes(0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 128 - 12, 0, 0, 0, '{'));
    assertThat(read(v2).ints()).containsExactly(5, 6);
    assertThat(read(npy(3, dict, bytes(5, 6))).ints()).containsExactly(5, 6);
  }

  @Test
  void acceptsAnUnpaddedHeaderWithDoubleQuotesAndAnyKeyOrder() throws IOException {
    byte[] file = raw(1, "{\"shape\":(1,),\"fortran_order\":False,\"descr\":\"|u1\"}", bytes(9));
    assertThat(read(file).ints()).containsExactly(9);
  }

  @Test
  void transposesFortranOrderIntoCOrder() throws IOException {
    // A 2×3 matrix [[1, 2, 3], [4, 5, 6]] stored column by column: 1, 4, 2, 5, 3, 6.
    byte[] f2 = npy(1, "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }",
        bytes(1, 4, 2, 5, 3, 6));
    NpyArray a = read(f2);
    assertThat(a.shape()).containsExactly(2, 3);
    assertThat(a.ints()).containsExactly(1, 2, 3, 4, 5, 6);

    // A 2×3×2 array with a[i][j][k] = 100i + 10j + k, stored with i varying fastest.
    ByteArrayOutputStream fortran = new ByteArrayOutputStream();
    for (int k = 0; k < 2; k++) {
      for (int j = 0; j < 3; j++) {
        for (int i = 0; i < 2; i++) {
          int v = 100 * i + 10 * j + k;
          fortran.writeBytes(bytes(v, v >>> 8, 0, 0));
        }
      }
    }
    NpyArray b = read(npy(1, "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3, 2), }",
        fortran.toByteArray()));
    assertThat(b.ints()).containsExactly(0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121);
  }

  @Test
  void readsAZeroDimensionalArrayAsOneElement() throws IOException {
    NpyArray a = read(npy("<f4", "()", bytes(0, 0, 0x28, 0x42))); // 42.0f = 0x42280000
    assertThat(a.shape()).isEmpty();
    assertThat(a.size()).isEqualTo(1);
    assertThat(a.floats()).containsExactly(42f);
  }

  @Test
  void readsEmptyArrays() throws IOException {
    NpyArray a = read(npy("<f4", "(2, 0)"));
    assertThat(a.shape()).containsExactly(2, 0);
    assertThat(a.size()).isZero();
    assertThat(a.floats()).isEmpty();
  }

  @Test
  void readsArraysSavedOneAfterAnotherIntoOneStream() throws IOException {
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(npy("|u1", "(2,)", bytes(1, 2)));
    both.writeBytes(npy("|i1", "(1,)", bytes(0xFD)));
    InputStream in = new ByteArrayInputStream(both.toByteArray());

    assertThat(NpyArray.read(in, "both.npy").ints()).containsExactly(1, 2);
    assertThat(NpyArray.read(in, "both.npy").ints()).containsExactly(-3);
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void intsRefusesValuesThatAreNotIntegers() throws IOException {
    // 1.0f, 2.0f, 2.5f = 0x40200000, 4.0f = 0x40800000 in a 2×2 array.
    byte[] data = bytes(0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x20, 0x40, 0, 0, 0x80, 0x40);
    Path f = file(npy("<f4", "(2, 2)", data));
    assertThatThrownBy(() -> NpyArray.read(f).ints()).isInstanceOf(FileFormatException.class)
        .hasMessage(f + ": element [1, 0] of the <f4 array: expected an integer in int range, found 2.5");

    Path whole = file(npy("<f4", "(2,)", bytes(0, 0, 0x80, 0x3F, 0, 0, 0, 0x40)));
    assertThat(NpyArray.read(whole).ints()).containsExactly(1, 2);

    Path big = file(npy("<i8", "(1,)", bytes(0, 0, 0, 0, 1, 0, 0, 0))); // 2^32
    assertThatThrownBy(() -> NpyArray.read(big).ints()).isInstanceOf(FileFormatException.class)
        .hasMessageContaining("found 4294967296");
  }

  // ---- refusals: each error names the file, the field, what was expected and what was found ----

  private void assertFails(byte[] bytes, String... parts) throws IOException {
    Path f = file(bytes);
    assertThatThrownBy(() -> NpyArray.read(f))
        .isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(f + ": ")
        .hasMessageContainingAll(parts)
        .hasMessageNotContaining("\n");
  }

  @Test
  void refusesObjectArraysWithoutUnpickling() throws IOException {
    // Data a pickle would start with; it must never be looked at.
    assertFails(npy("|O", "(1,)", bytes(0x80, 0x04, 0x95)),
        "header 'descr'", "expected a dtype string, one of <f4", "found '|O' (an object array");
  }

  @Test
  void refusesStructuredAndUnsupportedDtypes() throws IOException {
    assertFails(npy(1, "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }",
        new byte[8]), "header 'descr'", "found a list (a structured dtype)");
    assertFails(npy("<f2", "(1,)", bytes(0, 0x3C)), "header 'descr'", "one of <f4 >f4", "found '<f2'");
    assertFails(npy("<U3", "(1,)", new byte[12]), "header 'descr'", "found '<U3'");
  }

  @Test
  void refusesATruncatedDataSection() throws IOException {
    assertFails(npy("<f4", "(2, 3)", new byte[20]), "a.npy: data:",
        "expected 24 bytes of data (shape (2, 3) of <f4, 4 bytes each)", "found 20 bytes (truncated file?)");
  }

  @Test
  void refusesATruncatedStream() {
    byte[] bytes = npy("<f4", "(2,)", new byte[5]);
    assertThatThrownBy(() -> NpyArray.read(new ByteArrayInputStream(bytes), "s.npy"))
        .isInstanceOf(FileFormatException.class)
        .hasMessage("s.npy: data: expected 8 bytes of data (shape (2,) of <f4, 4 bytes each), "
            + "found the stream ended after 5 bytes (truncated?)");
  }

  @Test
  void refusesBytesAfterTheDataOfAFile() throws IOException {
    assertFails(npy("|u1", "(2,)", bytes(1, 2, 3)), "data", "expected 2 bytes of data",
        "found 3 bytes (a .npy file holds one array");
  }

  @Test
  void refusesAHugeShapeBeforeAllocating() throws IOException {
    assertFails(npy("<f4", "(1099511627776,)", new byte[4]), "header 'shape'",
        "expected at most 2147483639 bytes of data", "found (1099511627776,), 1099511627776 elements of 4 bytes");
    assertFails(npy("|u1", "(65536, 65536)"), "header 'shape'", "found (65536, 65536), 4294967296 elements");
    assertFails(npy("<f8", "(1000000, 1000000, 1000000, 1000000, 1000000)"), "header 'shape'",
        "1000000000000000000000000000000 elements of 8 bytes");
    // Within the limit, but more than the file holds: refused by comparing with the file's size.
    assertFails(npy("<f4", "(500000000,)", new byte[4]), "data", "expected 2000000000 bytes", "found 4 bytes");
  }

  @Test
  void refusesANegativeDimension() throws IOException {
    assertFails(npy("<f4", "(2, -1)"), "header 'shape'", "expected non-negative dimensions", "found (2, -1)");
  }

  @Test
  void refusesABadMagic() throws IOException {
    assertFails(new byte[0], "magic", "expected the bytes \\x93NUMPY", "found an empty file");
    assertFails("NUMPY\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1), "magic",
        "found \"NUMPY\\x01\\x00\"");
    assertFails(bytes('P', 'K', 3, 4, 20, 0, 0, 0), "magic", "found a zip file (an .npz archive?");
  }

  @Test
  void refusesAnUnknownVersionAndShortPrefixes() throws IOException {
    byte[] v4 = npy(2, "{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }", bytes(1));
    v4[6] = 4;
    assertFails(v4, "version", "expected 1.0, 2.0 or 3.0", "found 4.0");
    assertFails(bytes(0x93, 'N', 'U', 'M', 'P', 'Y', 1), "version", "found end of file");
    assertFails(bytes(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 10), "header length", "found end of file");
  }

  @Test
  void refusesAHeaderLengthBeyondTheFileOrTheLimit() throws IOException {
    byte[] file = raw(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }", new byte[0]);
    assertFails(java.util.Arrays.copyOf(file, 30), "header length", "expected at most the 20 bytes",
        "found 57 bytes (truncated file?)");
    assertFails(bytes(0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0, 0, 0, 1), "header length",
        "expected at most 10000 bytes", "found 16777216 bytes");
  }

  @Test
  void refusesMalformedHeaders() throws IOException {
    assertFails(raw(1, "[1, 2]\n", new byte[0]), "header", "expected a dict literal such as {'descr'",
        "found no '{' at character 0 of \"[1, 2]\\x0a\"");
    assertFails(raw(1, "{'descr': '<f4', 'shape': (1,)}", new byte[4]), "header",
        "expected the keys 'descr', 'fortran_order' and 'shape'", "found no 'fortran_order' in");
    assertFails(raw(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", new byte[4]),
        "found an unknown key 'x'");
    assertFails(raw(1, "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}",
        new byte[4]), "found a second 'descr'");
    assertFails(raw(1, "{'descr': '<f4, 'fortran_order': False, 'shape': (1,)}", new byte[4]),
        "header", "found no '}' at character");
    assertFails(raw(1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", new byte[4]),
        "header 'fortran_order'", "expected True or False", "found \"0, 'shape'");
    assertFails(raw(1, "{'descr': '<f4', 'fortran_order': False, 'shape': [1]}", new byte[4]),
        "header 'shape'", "expected a tuple of integers such as (2, 3)", "found \"[1]}\"");
    assertFails(raw(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, x)}", new byte[4]),
        "header", "found no integer at character");
    assertFails(raw(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} + 1", new byte[4]),
        "header", "found text after the dict");
    assertFails(raw(1, "{'descr': __import__('os'), 'fortran_order': False, 'shape': (1,)}", new byte[4]),
        "header 'descr'", "found \"__import__");
  }

  /** Found by the fuzzer: a dtype or a key with a line break broke the message in two. */
  @Test
  void aLineBreakInTheHeaderStaysOnOneLineOfTheMessage() throws IOException {
    assertFails(npy("<f4\n", "(1,)", new byte[4]), "header 'descr'", "found '<f4\\n'");
    assertFails(raw(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'a\rb': 1}",
        new byte[4]), "found an unknown key 'a\\rb'");
  }

  @Test
  void refusesAMissingFile() {
    Path f = tmp.resolve("none.npy");
    assertThatThrownBy(() -> NpyArray.read(f)).isInstanceOf(FileFormatException.class)
        .hasMessage(f + ": file: expected a .npy file, found no such file");
  }
}
