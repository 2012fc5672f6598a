package org.spikebridge.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The mutations of the fuzz campaigns: plain bytes, JSON documents, gzip streams (the content
 * mutated and compressed again, so that mutations reach the format inside), and length-prefixed
 * JSON headers (safetensors). Each structure-aware mutation also mutates the raw bytes half of the
 * time, so that the framing itself is fuzzed too.
 */
public final class Mutations {
  private static final int GZIP_LIMIT = 8 << 20;

  private Mutations() {}

  /** Byte-level mutations only. */
  public static Mutation bytes() {
    return (b, m) -> m.bytes(b);
  }

  /** JSON-aware mutations of a JSON file, or byte mutations. */
  public static Mutation json() {
    Mutation json = new JsonMutation();
    return (b, m) -> m.random().nextBoolean() ? json.apply(b, m) : m.bytes(b);
  }

  /**
   * For a gzip file, half of the time {@code inner} applied to its content and the result
   * compressed again; otherwise, and for a file that is not gzip, {@code inner} on the bytes.
   */
  public static Mutation gzipped(Mutation inner) {
    return (b, m) -> {
      byte[] content = b.length > 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b
          && m.random().nextBoolean() ? gunzip(b) : null;
      return content == null ? inner.apply(b, m) : gzip(inner.apply(content, m));
    };
  }

  /**
   * For a file that starts with an 8-byte little-endian length N and N bytes of JSON (as
   * safetensors does), half of the time the JSON mutated and the length set to its new size, the
   * rest of the file kept; otherwise byte mutations.
   */
  public static Mutation lengthPrefixedJson() {
    Mutation json = new JsonMutation();
    return (b, m) -> {
      long n = b.length >= 8 ? ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong() : -1;
      if (n < 0 || n > b.length - 8 || m.random().nextBoolean()) {
        return m.bytes(b);
      }
      byte[] header = json.apply(Arrays.copyOfRange(b, 8, (int) (8 + n)), m);
      byte[] rest = Arrays.copyOfRange(b, (int) (8 + n), b.length);
      return ByteBuffer.allocate(8 + header.length + rest.length).order(ByteOrder.LITTLE_ENDIAN)
          .putLong(header.length).put(header).put(rest).array();
    };
  }

  /** Header-aware mutations of a NumPy {@code .npy} file, or byte mutations. */
  public static Mutation npy() {
    return new NpyMutation();
  }

  /** {@code bytes} gzip-compressed. */
  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The content of a gzip stream, or null if it is corrupt or larger than 8 MiB. */
  private static byte[] gunzip(byte[] bytes) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      byte[] content = in.readNBytes(GZIP_LIMIT + 1);
      return content.length > GZIP_LIMIT ? null : content;
    } catch (IOException e) {
      return null;
    }
  }
}
