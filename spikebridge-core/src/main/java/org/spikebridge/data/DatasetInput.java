package org.spikebridge.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.spikebridge.files.JavaArrays;

/**
 * A dataset file opened for reading, transparently gunzipped when it starts with the gzip magic
 * bytes {@code 1f 8b} (whatever its name). Reads are bounded by a {@link SizeLimit} on the file's
 * decompressed size and by the largest array: a raw file's size is checked against it when opened;
 * a gzip file must be a single member (see {@link GzipMember}), whose trailer's ISIZE (its last 4
 * bytes: the uncompressed size modulo 2^32) is checked first, and whose decompression stops at the
 * first byte beyond what both allow. A header's claim is checked against that bound before
 * anything is allocated, and data is read in chunks so that a lying header fails when the stream
 * ends instead of allocating what it claims.
 */
final class DatasetInput implements Closeable {

  /** A gzip header (10 bytes) and trailer (8 bytes): a shorter file has no trailer to read. */
  private static final int GZIP_FRAME = 10 + 8;

  /** ISIZE is the size modulo this. */
  private static final long ISIZE_WRAP = 1L << 32;

  private static final int CHUNK = 1 << 20;

  private final Path file;
  private final InputStream in;
  private final boolean gzip;
  private final SizeLimit size;
  private long position;

  private DatasetInput(Path file, InputStream in, boolean gzip, SizeLimit size) {
    this.file = file;
    this.in = in;
    this.gzip = gzip;
    this.size = size;
  }

  /**
   * Opens {@code file}, detecting gzip by its magic bytes; its content, decompressed, may hold at
   * most {@code limit}.
   *
   * @throws DatasetFormatException if the file is larger, or its gzip trailer says it is
   */
  static DatasetInput open(Path file, SizeLimit limit) throws IOException {
    long length = Files.size(file);
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        SizeLimit cap = gzipCap(file, length, limit);
        InputStream content = new GzipMember(file, raw, cap);
        return new DatasetInput(file, new BufferedInputStream(content, 1 << 16), true, cap);
      }
      limit.check(file, length);
      return new DatasetInput(file, raw, false, new SizeLimit(length, "the file's size"));
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * The most bytes a single-member gzip file may inflate to within {@code limit}: its trailer's
   * ISIZE (the last 4 bytes) is the size modulo 2^32, so the size is ISIZE + k·2^32 for some
   * k ≥ 0, and the largest such value within the limit is the cap (ISIZE itself for every limit
   * below 4 GiB).
   */
  private static SizeLimit gzipCap(Path file, long length, SizeLimit limit) throws IOException {
    if (length < GZIP_FRAME) {
      return limit; // too short for a trailer: the decoder reports where it is cut
    }
    long isize = lastFourBytes(file, length);
    if (isize > limit.bytes()) {
      throw new DatasetFormatException(file, "at most " + limit + " once decompressed",
          "a gzip trailer declaring " + isize + " bytes (ISIZE, the file's last 4 bytes)");
    }
    long cap = isize + (limit.bytes() - isize) / ISIZE_WRAP * ISIZE_WRAP;
    return cap == isize ? new SizeLimit(isize, "its gzip trailer's ISIZE, the file's last 4 bytes")
        : new SizeLimit(cap, limit.source());
  }

  private static long lastFourBytes(Path file, long length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel channel = FileChannel.open(file)) {
      while (b.hasRemaining() && channel.read(b, length - 4 + b.position()) >= 0) {
        // a regular file fills the buffer in one read; loop for the rule's sake
      }
    }
    if (b.hasRemaining()) {
      throw new DatasetFormatException(file, length + " bytes",
          "fewer (did it shrink while read?)");
    }
    return Integer.toUnsignedLong(b.getInt(0));
  }

  Path file() {
    return file;
  }

  /** The (decompressed) content as a stream, for a reader that parses it itself. */
  InputStream stream() {
    return in;
  }

  boolean isGzip() {
    return gzip;
  }

  /**
   * The most bytes left to read: exact for a raw file, an upper bound for a gzip file (the size it
   * may have decompressed, less what was read).
   */
  long maxRemaining() {
    return size.bytes() - position;
  }

  /** Reads a big-endian int32; {@code what} names it in the error when the file ends first. */
  int readInt(String what) throws IOException {
    byte[] b = readExactly(4, what);
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  /**
   * Reads exactly {@code n} bytes, failing with a {@link DatasetFormatException} that names
   * {@code what} when the file holds fewer. Never allocates more than {@link JavaArrays#MAX_LENGTH}, checks
   * the claim against {@link #maxRemaining()} before allocating anything, and for a gzip stream
   * grows the buffer only as data actually arrives.
   */
  byte[] readExactly(long n, String what) throws IOException {
    if (n < 0 || n > JavaArrays.MAX_LENGTH) {
      throw new DatasetFormatException(file, what + " of at most " + JavaArrays.MAX_LENGTH + " bytes",
          "a claim of " + n + " bytes");
    }
    if (n > maxRemaining()) {
      throw new DatasetFormatException(file, what + " of " + n + " bytes", gzip
          ? "at most " + maxRemaining() + " bytes left before the end of the gzip stream, which "
              + "may hold " + size
          : "only " + maxRemaining() + " bytes before the end of the file (file truncated?)");
    }
    int total = (int) n;
    byte[] buf = new byte[Math.min(total, CHUNK)];
    int filled = 0;
    while (filled < total) {
      if (filled == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(total, 2L * buf.length));
      }
      int got = in.read(buf, filled, buf.length - filled);
      if (got < 0) {
        throw new DatasetFormatException(file, what + " of " + n + " bytes", "only " + filled
            + " bytes before the end of the " + (gzip ? "gzip stream" : "file")
            + " (file truncated?)");
      }
      filled += got;
    }
    position += n;
    return buf;
  }

  /** Fails unless the file has no bytes left, naming how many bytes were expected in all. */
  void expectEnd(String expectedLength) throws IOException {
    if (in.read() >= 0) {
      throw new DatasetFormatException(file, expectedLength + " and nothing after it",
          "more bytes after the last " + (gzip ? "record" : "record (file has " + size.bytes()
              + " bytes)"));
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
