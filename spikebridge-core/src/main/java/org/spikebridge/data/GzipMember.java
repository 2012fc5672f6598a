package org.spikebridge.data;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The decompressed content of a file that is exactly one gzip member (RFC 1952): a header, deflate
 * data, a trailer of CRC-32 and ISIZE, and nothing after it. Commons Compress decodes the member
 * and checks its header, CRC-32 and ISIZE; this class adds the rules a dataset file needs.
 *
 * <p>The rule is stricter than {@link java.util.zip.GZIPInputStream}'s, which decodes concatenated
 * members as one stream and silently ignores bytes after a member that do not parse as a gzip
 * header. Published dataset files are single members, so a second member or any byte after the
 * trailer is a {@link DatasetFormatException}, as is corrupt data, and so is output beyond the
 * {@link SizeLimit}: reading stops at the first byte past it.
 */
final class GzipMember extends FilterInputStream {

  private final Path file;
  private final InputStream raw;
  private final SizeLimit limit;
  private long produced;
  private boolean ended;

  /**
   * Reads the member's header from {@code raw}, which must support mark and reset (Commons
   * Compress then leaves it just after the trailer) and holds the whole file from its first byte;
   * the content read later may be at most {@code limit}.
   */
  GzipMember(Path file, InputStream raw, SizeLimit limit) throws IOException {
    super(decoder(file, raw));
    this.file = file;
    this.raw = raw;
    this.limit = limit;
  }

  private static InputStream decoder(Path file, InputStream raw) throws IOException {
    try {
      return new GzipCompressorInputStream(raw, false);
    } catch (EOFException e) {
      throw new DatasetFormatException(file, "a valid gzip header",
          "a cut-off one (the file ends inside it)");
    } catch (IOException e) {
      throw corrupt(file, "a valid gzip header", e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (ended) {
      return -1;
    }
    long room = limit.bytes() - produced;
    int n = decode(b, off, room >= len ? len : (int) room + 1);
    if (n < 0) {
      ended = true;
      requireEndOfFile();
      return -1;
    }
    produced += n;
    if (produced > limit.bytes()) {
      throw new DatasetFormatException(file, "at most " + limit + " once decompressed",
          "more (stopped after " + produced + " bytes)");
    }
    return n;
  }

  private int decode(byte[] b, int off, int len) throws IOException {
    try {
      return in.read(b, off, len);
    } catch (EOFException e) {
      throw new DatasetFormatException(file, "the rest of the gzip stream", "the end of the file "
          + "after " + produced + " uncompressed bytes (file truncated?)");
    } catch (DatasetFormatException e) {
      throw e;
    } catch (IOException e) {
      throw corrupt(file, "valid gzip-compressed data after byte " + produced, e);
    }
  }

  /** Fails when the file goes on after the member's trailer, saying how many bytes follow. */
  private void requireEndOfFile() throws IOException {
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    if (b0 < 0) {
      return;
    }
    raw.reset();
    long extra = raw.transferTo(OutputStream.nullOutputStream());
    boolean member = b0 == 0x1f && b1 == 0x8b;
    throw new DatasetFormatException(file, "one gzip member and nothing after it", extra
        + " more bytes after its end" + (member ? " (a second gzip member; concatenated .gz "
        + "files are not accepted)" : ""));
  }

  private static DatasetFormatException corrupt(Path file, String expected, IOException e) {
    return new DatasetFormatException(file, expected, "a corrupt file (" + e.getMessage() + ")", e);
  }
}
