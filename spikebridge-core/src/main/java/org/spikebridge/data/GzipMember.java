package org.spikebridge.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The decompressed content of a file that is exactly one gzip member (RFC 1952): a header, deflate
 * data, a trailer of CRC-32 and ISIZE (the uncompressed size modulo 2^32), and nothing after it.
 *
 * <p>The rule is explicit and stricter than {@link java.util.zip.GZIPInputStream}'s, which decodes
 * concatenated members as one stream and silently ignores bytes after a member that do not parse as
 * a gzip header. Published dataset files are single members, so a second member or any byte after
 * the trailer is a {@link DatasetFormatException}, as is a wrong CRC-32 or ISIZE, and so is output
 * beyond the {@link SizeLimit}: reading stops at the first byte past it.
 */
final class GzipMember extends InputStream {

  /** Header flags (RFC 1952, 2.3.1); bits 5 to 7 are reserved and must be zero. */
  private static final int FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16, RESERVED = 0xe0;

  /** Bytes of the trailer: CRC-32 and ISIZE, little-endian. */
  static final int TRAILER = 8;

  private final Path file;
  private final InputStream in;
  private final long fileLength;
  private final SizeLimit limit;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final byte[] input = new byte[1 << 16];
  private long headerLength;
  private int inputLength;
  private long produced;
  private boolean ended;

  /**
   * Reads the member's header from {@code in}, which holds the whole file of {@code fileLength}
   * bytes from its first byte; the content read later may be at most {@code limit}.
   */
  GzipMember(Path file, InputStream in, long fileLength, SizeLimit limit) throws IOException {
    this.file = Objects.requireNonNull(file, "file");
    this.in = Objects.requireNonNull(in, "in");
    this.fileLength = fileLength;
    this.limit = Objects.requireNonNull(limit, "limit");
    readHeader();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (ended) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    long room = limit.bytes() - produced;
    int want = room >= len ? len : (int) room + 1;
    while (true) {
      int n = inflate(b, off, want);
      if (n > 0) {
        produced += n;
        if (produced > limit.bytes()) {
          throw new DatasetFormatException(file, "at most " + limit + " once decompressed",
              "more (stopped after " + produced + " bytes)");
        }
        crc.update(b, off, n);
        return n;
      }
      if (inflater.finished()) {
        readTrailer();
        ended = true;
        return -1;
      }
      if (inflater.needsDictionary()) {
        throw new DatasetFormatException(file, "valid gzip-compressed data", "a deflate stream "
            + "asking for a preset dictionary after byte " + produced);
      }
      if (inflater.needsInput()) {
        fill();
      }
    }
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }

  private int inflate(byte[] b, int off, int len) throws IOException {
    try {
      return inflater.inflate(b, off, len);
    } catch (DataFormatException e) {
      throw new DatasetFormatException(file, "valid gzip-compressed data", "corrupt data after "
          + "byte " + produced + " of the uncompressed stream (" + e.getMessage() + ")", e);
    }
  }

  private void fill() throws IOException {
    inputLength = in.read(input, 0, input.length);
    if (inputLength < 0) {
      throw new DatasetFormatException(file, "the rest of the gzip stream", "the end of the file "
          + "after " + produced + " uncompressed bytes (file truncated?)");
    }
    inflater.setInput(input, 0, inputLength);
  }

  private void readHeader() throws IOException {
    CRC32 sum = new CRC32();
    int id1 = headerByte(sum);
    int id2 = headerByte(sum);
    int method = headerByte(sum);
    int flags = headerByte(sum);
    if (id1 != 0x1f || id2 != 0x8b) {
      throw corruptHeader("no gzip magic bytes 1f 8b");
    }
    if (method != 8) {
      throw corruptHeader("compression method " + method + " where gzip has only 8, deflate");
    }
    if ((flags & RESERVED) != 0) {
      throw corruptHeader("reserved flag bits set in " + flags);
    }
    skip(sum, 6); // modification time, extra flags, operating system
    if ((flags & FEXTRA) != 0) {
      skip(sum, headerByte(sum) | headerByte(sum) << 8);
    }
    if ((flags & FNAME) != 0) {
      skipZeroTerminated(sum);
    }
    if ((flags & FCOMMENT) != 0) {
      skipZeroTerminated(sum);
    }
    if ((flags & FHCRC) != 0) {
      int computed = (int) (sum.getValue() & 0xffff);
      int stored = headerByte(sum) | headerByte(sum) << 8;
      if (stored != computed) {
        throw corruptHeader("header CRC " + stored + " where its bytes sum to " + computed);
      }
    }
  }

  private int headerByte(CRC32 sum) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new DatasetFormatException(file, "a valid gzip header",
          "a cut-off one (the file ends inside it)");
    }
    sum.update(b);
    headerLength++;
    return b;
  }

  private void skip(CRC32 sum, int bytes) throws IOException {
    for (int i = 0; i < bytes; i++) {
      headerByte(sum);
    }
  }

  private void skipZeroTerminated(CRC32 sum) throws IOException {
    while (headerByte(sum) != 0) {
      // a file name or comment: not needed
    }
  }

  private DatasetFormatException corruptHeader(String what) {
    return new DatasetFormatException(file, "a valid gzip header", "a corrupt one (" + what + ")");
  }

  /** Checks CRC-32 and ISIZE, then that the file ends with the trailer. */
  private void readTrailer() throws IOException {
    int remaining = inflater.getRemaining();
    InputStream rest = new SequenceInputStream(
        new ByteArrayInputStream(input, inputLength - remaining, remaining), in);
    byte[] trailer = rest.readNBytes(TRAILER);
    if (trailer.length < TRAILER) {
      throw new DatasetFormatException(file, "an 8-byte gzip trailer (CRC-32 and size)",
          "the end of the file after " + trailer.length + " of its bytes (file truncated?)");
    }
    long storedCrc = littleEndian32(trailer, 0);
    if (storedCrc != crc.getValue()) {
      throw new DatasetFormatException(file, "CRC-32 " + Long.toHexString(storedCrc)
          + " from the gzip trailer", Long.toHexString(crc.getValue()) + " over the " + produced
          + " decompressed bytes (file corrupt)");
    }
    long storedSize = littleEndian32(trailer, 4);
    if (storedSize != (produced & 0xffffffffL)) {
      throw new DatasetFormatException(file, storedSize + " decompressed bytes (modulo 2^32) as "
          + "the gzip trailer declares", produced + " bytes");
    }
    byte[] next = rest.readNBytes(2);
    if (next.length > 0) {
      long extra = fileLength - headerLength - inflater.getBytesRead() - TRAILER;
      boolean member = next.length == 2 && (next[0] & 0xff) == 0x1f && (next[1] & 0xff) == 0x8b;
      throw new DatasetFormatException(file, "one gzip member and nothing after it", extra
          + " more bytes after its end" + (member ? " (a second gzip member; concatenated .gz "
          + "files are not accepted)" : ""));
    }
  }

  /** The unsigned little-endian 32-bit number at {@code off}. */
  static long littleEndian32(byte[] b, int off) {
    return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16
        | (b[off + 3] & 0xffL) << 24;
  }
}
