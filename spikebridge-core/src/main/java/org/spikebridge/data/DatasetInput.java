package org.spikebridge.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A dataset file opened for reading, transparently gunzipped when it starts with the gzip magic
 * bytes {@code 1f 8b} (whatever its name). Reads are bounded: a header's claim is checked against
 * the file's size when that is known (raw files), and otherwise data is read in chunks so that a
 * lying header fails when the stream ends instead of allocating what it claims.
 */
final class DatasetInput implements Closeable {

  /** The largest array the JVM reliably allocates. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private static final int CHUNK = 1 << 20;

  private final Path file;
  private final InputStream in;
  private final boolean gzip;
  private final long rawLength;
  private long position;

  private DatasetInput(Path file, InputStream in, boolean gzip, long rawLength) {
    this.file = file;
    this.in = in;
    this.gzip = gzip;
    this.rawLength = rawLength;
  }

  /** Opens {@code file}, detecting gzip by its magic bytes. */
  static DatasetInput open(Path file) throws IOException {
    long length = Files.size(file);
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        InputStream gz;
        try {
          gz = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        } catch (EOFException e) {
          throw new DatasetFormatException(file, "a valid gzip header",
              "a cut-off one (the file ends inside it)", e);
        } catch (ZipException e) {
          throw new DatasetFormatException(file, "a valid gzip header", "a corrupt one ("
              + e.getMessage() + ")", e);
        }
        return new DatasetInput(file, gz, true, -1);
      }
      return new DatasetInput(file, raw, false, length);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  Path file() {
    return file;
  }

  boolean isGzip() {
    return gzip;
  }

  /** Bytes left to read, or -1 when unknown (gzip). */
  long remainingIfKnown() {
    return gzip ? -1 : rawLength - position;
  }

  /** Reads a big-endian int32; {@code what} names it in the error when the file ends first. */
  int readInt(String what) throws IOException {
    byte[] b = readExactly(4, what);
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  /**
   * Reads exactly {@code n} bytes, failing with a {@link DatasetFormatException} that names
   * {@code what} when the file holds fewer. Never allocates more than {@link #MAX_ARRAY}, and for a
   * raw file checks the claim against the file's size before allocating anything; for a gzip
   * stream it grows the buffer only as data actually arrives.
   */
  byte[] readExactly(long n, String what) throws IOException {
    if (n < 0 || n > MAX_ARRAY) {
      throw new DatasetFormatException(file, what + " of at most " + MAX_ARRAY + " bytes",
          "a claim of " + n + " bytes");
    }
    long known = remainingIfKnown();
    if (known >= 0 && known < n) {
      throw truncated(n, known, what);
    }
    int total = (int) n;
    byte[] buf = new byte[Math.min(total, CHUNK)];
    int filled = 0;
    while (filled < total) {
      if (filled == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(total, 2L * buf.length));
      }
      int got = read(buf, filled, buf.length - filled);
      if (got < 0) {
        throw truncated(n, filled, what);
      }
      filled += got;
    }
    position += n;
    return buf;
  }

  /** Fails unless the file has no bytes left, naming how many bytes were expected in all. */
  void expectEnd(String expectedLength) throws IOException {
    int extra = read(new byte[1], 0, 1);
    if (extra >= 0) {
      throw new DatasetFormatException(file, expectedLength + " and nothing after it",
          "more bytes after the last " + (gzip ? "record" : "record (file has " + rawLength
              + " bytes)"));
    }
  }

  private int read(byte[] buf, int off, int len) throws IOException {
    try {
      return in.read(buf, off, len);
    } catch (EOFException e) {
      return -1;
    } catch (ZipException e) {
      throw new DatasetFormatException(file, "valid gzip-compressed data",
          "corrupt data after byte " + position + " of the uncompressed stream (" + e.getMessage()
              + ")", e);
    }
  }

  private DatasetFormatException truncated(long wanted, long have, String what) {
    return new DatasetFormatException(file, what + " of " + wanted + " bytes",
        "only " + have + " bytes before the end of the " + (gzip ? "gzip stream" : "file")
            + " (file truncated?)");
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
