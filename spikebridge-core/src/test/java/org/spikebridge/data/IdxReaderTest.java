package org.spikebridge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  @TempDir Path dir;

  // Two images of 2 rows × 3 columns: 0..5 and 250..255.
  private static final byte[] PIXELS = TestData.bytes(0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255);

  private Path write(String name, byte[] data) throws IOException {
    return Files.write(dir.resolve(name), data);
  }

  private Path goodImages(String name, boolean gz) throws IOException {
    byte[] b = TestData.idxImages(2051, 2, 2, 3, PIXELS);
    return write(name, gz ? TestData.gzip(b) : b);
  }

  private Path goodLabels(String name, boolean gz) throws IOException {
    byte[] b = TestData.idxLabels(2049, 2, TestData.bytes(7, 9));
    return write(name, gz ? TestData.gzip(b) : b);
  }

  @Test
  void readsRawFilesByteForByte() throws IOException {
    ImageSet set = IdxReader.read("t", goodImages("i", false), goodLabels("l", false), 10);
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.channels()).isEqualTo(1);
    assertThat(set.height()).isEqualTo(2);
    assertThat(set.width()).isEqualTo(3);
    assertThat(set.labels()).containsExactly(7, 9);
    assertThat(set.pixel(0, 0, 1, 2)).isEqualTo(5);
    assertThat(set.pixel(1, 0, 0, 0)).isEqualTo(250);
    assertThat(set.pixel(1, 0, 1, 2)).isEqualTo(255);
  }

  @Test
  void detectsGzipByContentNotName() throws IOException {
    // gzipped content under a raw name, raw content under a .gz name
    ImageSet set = IdxReader.read("t", goodImages("images-raw-name", true),
        goodLabels("labels.gz", false), 10);
    assertThat(set.pixels()).containsExactly(PIXELS);
    assertThat(set.labels()).containsExactly(7, 9);
  }

  @Test
  void wrongMagicNamesFileExpectedAndFound() throws IOException {
    Path labels = write("t10k-labels-idx1-ubyte.gz",
        TestData.gzip(TestData.idxImages(2051, 2, 2, 3, PIXELS)));
    assertThatThrownBy(() -> IdxReader.read("t", goodImages("i", true), labels, 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("t10k-labels-idx1-ubyte.gz: expected magic number 2049 (IDX labels), found 2051")
        .satisfies(e -> {
          DatasetFormatException d = (DatasetFormatException) e;
          assertThat(d.file()).isEqualTo(labels);
          assertThat(d.expected()).contains("2049");
          assertThat(d.found()).contains("2051");
        });
  }

  @Test
  void truncatedRawFile() throws IOException {
    byte[] b = TestData.idxImages(2051, 2, 2, 3, PIXELS);
    Path images = write("i", Arrays.copyOf(b, b.length - 1));
    assertThatThrownBy(() -> IdxReader.read("t", images, goodLabels("l", false), 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("i: expected 2 images of 2×3 pixels of 12 bytes")
        .hasMessageContaining("only 11 bytes");
  }

  @Test
  void truncatedGzipFile() throws IOException {
    byte[] b = TestData.idxImages(2051, 2, 2, 3, PIXELS);
    Path images = write("i.gz", TestData.gzip(Arrays.copyOf(b, b.length - 5)));
    assertThatThrownBy(() -> IdxReader.read("t", images, goodLabels("l", false), 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("i.gz: expected 2 images of 2×3 pixels of 12 bytes, found at most 7 bytes left "
            + "before the end of the gzip stream, which may hold 23 bytes (its gzip trailer's "
            + "ISIZE, the file's last 4 bytes)");
  }

  @Test
  void trailingBytesAreAnError() throws IOException {
    byte[] b = TestData.idxLabels(2049, 2, TestData.bytes(1, 2, 3));
    Path labels = write("l", b);
    assertThatThrownBy(() -> IdxReader.read("t", goodImages("i", false), labels, 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("more bytes after the last record");
  }

  @Test
  void imageAndLabelCountMismatch() throws IOException {
    Path labels = write("l", TestData.idxLabels(2049, 3, TestData.bytes(1, 2, 3)));
    assertThatThrownBy(() -> IdxReader.read("t", goodImages("i", false), labels, 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("l: expected 2 labels, as many as images in i, found 3 labels");
  }

  @Test
  void labelOutOfRange() throws IOException {
    Path labels = write("l", TestData.idxLabels(2049, 2, TestData.bytes(3, 10)));
    assertThatThrownBy(() -> IdxReader.read("t", goodImages("i", false), labels, 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("l: expected label of image 1 in [0, 10), found 10");
  }

  @Test
  void emptyFile() throws IOException {
    Path images = write("empty", new byte[0]);
    assertThatThrownBy(() -> IdxReader.read("t", images, goodLabels("l", false), 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("empty: expected the magic number 2051")
        .hasMessageContaining("only 0 bytes");
  }

  @Test
  void corruptGzip() throws IOException {
    byte[] gz = TestData.gzip(TestData.idxImages(2051, 2, 2, 3, PIXELS));
    for (int i = 10; i < gz.length; i++) {
      gz[i] = (byte) (0xA5 ^ i * 31);
    }
    Path images = write("i.gz", gz);
    assertThatThrownBy(() -> IdxReader.read("t", images, goodLabels("l", false), 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("i.gz: expected ");
  }

  @Test
  void gzipMagicFollowedByGarbageHeader() throws IOException {
    Path images = write("i.gz", TestData.bytes(0x1f, 0x8b, 1, 2, 3));
    assertThatThrownBy(() -> IdxReader.read("t", images, goodLabels("l", false), 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("gzip");
  }

  /** A cut-off gzip header made Java's decoder say "(null)"; the message says what happened. */
  @Test
  void gzipCutInsideItsHeaderSaysSo() throws IOException {
    Path images = write("i.gz", TestData.bytes(0x1f, 0x8b));
    assertThatThrownBy(() -> IdxReader.read("t", images, goodLabels("l", false), 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("i.gz: expected a valid gzip header, found a cut-off one (the file ends inside it)")
        .hasMessageNotContaining("null");
  }

  @Test
  void billionsOfImagesClaimedFailFastWithoutAllocating() throws IOException {
    Path raw = write("huge", TestData.idxImages(2051, 2_000_000_000, 28, 28, PIXELS));
    assertThatThrownBy(() -> IdxReader.read("t", raw, goodLabels("l", false), 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("2000000000 images");
    // below the array cap but far more than the file holds: checked against the file size
    Path big = write("big", TestData.idxImages(2051, 2_000_000, 28, 28, PIXELS));
    assertThatThrownBy(() -> IdxReader.read("t", big, goodLabels("l", false), 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("only 12 bytes before the end of the file");
    // gzip: the trailer's ISIZE (16 + 12 = 28 bytes) bounds what is left after the header
    Path gz = write("big.gz", TestData.gzip(TestData.idxImages(2051, 2_000_000, 28, 28, PIXELS)));
    assertThatThrownBy(() -> IdxReader.read("t", gz, goodLabels("l", false), 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("big.gz: expected 2000000 images of 28×28 pixels of 1568000000 bytes")
        .hasMessageContaining("found at most 12 bytes left before the end of the gzip stream, "
            + "which may hold 28 bytes (its gzip trailer's ISIZE");
  }

  /**
   * 2^21 images of 2^21 × 2^22 pixels are 2^64 = 18446744073709551616 bytes, which a {@code long}
   * product wraps around to 0: an empty body must not match it.
   */
  @Test
  void dimensionsWhoseProductOverflowsALongAreRefused() throws IOException {
    Path images = write("i", TestData.idxImages(2051, 1 << 21, 1 << 21, 1 << 22, new byte[0]));
    assertThatThrownBy(() -> IdxReader.read("t", images, goodLabels("l", false), 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("i: expected at most 2147483639 pixel bytes (images × rows × columns), found "
            + "a header declaring 2097152 images of 2097152×4194304 pixels = 18446744073709551616 "
            + "bytes");
  }

  @Test
  void anEmptySetIsRefusedWhenRead() throws IOException {
    Path images = write("i", TestData.idxImages(2051, 0, 28, 28, new byte[0]));
    Path labels = write("l", TestData.idxLabels(2049, 0, new byte[0]));
    assertThatThrownBy(() -> IdxReader.read("t", images, labels, 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("i: expected at least one image, "
            + "found a header saying the file holds 0 images");
  }

  /** java.util.zip.GZIPInputStream ignores these 4 bytes after the member; the reader does not. */
  @Test
  void bytesAfterTheGzipMemberAreRefused() throws IOException {
    byte[] gz = TestData.gzip(TestData.idxImages(2051, 2, 2, 3, PIXELS));
    Path images = write("i.gz", TestData.concat(gz, "junk".getBytes(StandardCharsets.US_ASCII)));
    assertThatThrownBy(() -> IdxReader.read("t", images, goodLabels("l", false), 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("i.gz: expected one gzip member and nothing after it, found 4 more bytes after "
            + "its end");
  }

  /**
   * Two gzip members that java.util.zip.GZIPInputStream would decode as one IDX file (the header,
   * then the pixels) are refused: a published dataset file is a single member.
   */
  @Test
  void aSecondGzipMemberIsRefused() throws IOException {
    byte[] idx = TestData.idxImages(2051, 2, 2, 3, PIXELS);
    byte[] first = TestData.gzip(Arrays.copyOf(idx, 8));
    byte[] second = TestData.gzip(Arrays.copyOfRange(idx, 8, idx.length));
    Path images = write("i.gz", TestData.concat(first, second));
    assertThatThrownBy(() -> IdxReader.read("t", images, goodLabels("l", false), 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("i.gz: expected one gzip member and nothing after it, found " + second.length
            + " more bytes after its end (a second gzip member; concatenated .gz files are not "
            + "accepted)");
  }

  @Test
  void negativeAndZeroHeaderFields() throws IOException {
    Path neg = write("neg", TestData.idxImages(2051, -1, 2, 3, PIXELS));
    assertThatThrownBy(() -> IdxReader.read("t", neg, goodLabels("l", false), 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("neg: expected a non-negative image count, found -1");
    Path zero = write("zero", TestData.idxImages(2051, 2, 0, 3, PIXELS));
    assertThatThrownBy(() -> IdxReader.read("t", zero, goodLabels("l", false), 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("zero: expected positive rows and columns, found 0 rows and 3 columns");
  }
}
