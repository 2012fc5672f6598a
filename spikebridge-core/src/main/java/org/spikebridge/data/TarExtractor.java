package org.spikebridge.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.spikebridge.files.AtomicFiles;

/**
 * A small reader for (ustar / GNU) tar archives, enough to pull the {@code .bin} files out of the
 * CIFAR {@code .tar.gz} archives: 512-byte header blocks (name at 0, octal size at 124, type at
 * 156, {@code "ustar"} at 257, name prefix at 345), each entry's data padded to a whole block, and
 * the archive ending with zero blocks. GNU long names (type {@code L}) are understood; pax headers
 * (types {@code x}, {@code g}) and non-regular entries are skipped.
 */
public final class TarExtractor {

  private static final int BLOCK = 512;

  private TarExtractor() {}

  /**
   * Extracts the regular files whose base name (last path component) is in {@code wanted} from an
   * archive (gunzipped automatically when it starts with the gzip magic bytes) into
   * {@code targetDir}, each written atomically under its base name.
   *
   * @return the written files by base name
   * @throws DatasetFormatException if the archive is cut off or malformed, or lacks a wanted file
   */
  public static Map<String, Path> extract(Path archive, Set<String> wanted, Path targetDir)
      throws IOException {
    return extract(archive, wanted, targetDir, SizeLimit.none());
  }

  /**
   * As {@link #extract(Path, Set, Path)}, reading at most {@code limit} from the (decompressed)
   * archive: a larger one stops with a {@link DatasetFormatException} as soon as it exceeds it.
   */
  static Map<String, Path> extract(Path archive, Set<String> wanted, Path targetDir,
      SizeLimit limit) throws IOException {
    Map<String, Path> written = new HashMap<>();
    try (DatasetInput in = DatasetInput.open(archive, limit)) {
      String longName = null;
      long entry = 0;
      while (true) {
        byte[] header = readBlock(in, "tar header block " + entry);
        if (isZero(header)) {
          break;
        }
        checkChecksum(archive, header, entry);
        String name = longName != null ? longName : fullName(header);
        longName = null;
        long size = parseSize(archive, header, entry);
        char type = (char) header[156];
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (type == 'L') {
          byte[] data = readData(in, size, padded, "GNU long name of entry " + entry);
          longName = cString(data, 0, data.length);
        } else if ((type == '0' || type == '\0') && wanted.contains(base)) {
          byte[] data = readData(in, size, padded, "data of " + name);
          Path target = targetDir.resolve(base);
          AtomicFiles.write(target, out -> out.write(data, 0, (int) size));
          written.put(base, target);
        } else {
          skip(in, padded, "data of " + name);
        }
        entry++;
      }
    }
    for (String name : wanted) {
      if (!written.containsKey(name)) {
        throw new DatasetFormatException(archive, "an entry named " + name, "no such entry");
      }
    }
    return written;
  }

  private static byte[] readBlock(DatasetInput in, String what) throws IOException {
    return in.readExactly(BLOCK, what);
  }

  private static byte[] readData(DatasetInput in, long size, long padded, String what)
      throws IOException {
    byte[] data = in.readExactly(padded, what);
    return size == padded ? data : java.util.Arrays.copyOf(data, (int) size);
  }

  private static void skip(DatasetInput in, long bytes, String what) throws IOException {
    long left = bytes;
    while (left > 0) {
      int step = (int) Math.min(left, 1 << 20);
      in.readExactly(step, what);
      left -= step;
    }
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String fullName(byte[] header) {
    String name = cString(header, 0, 100);
    boolean ustar = cString(header, 257, 5).equals("ustar");
    String prefix = ustar ? cString(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long parseSize(Path archive, byte[] header, long entry) throws IOException {
    if ((header[124] & 0x80) != 0) {
      long v = header[124] & 0x7f;
      for (int i = 125; i < 136; i++) {
        v = (v << 8) | (header[i] & 0xff);
      }
      return v;
    }
    return parseOctal(archive, header, 124, 12, "size of entry " + entry);
  }

  private static long parseOctal(Path archive, byte[] b, int off, int len, String what)
      throws IOException {
    long v = 0;
    boolean digits = false;
    for (int i = off; i < off + len; i++) {
      int c = b[i];
      if (c == 0 || (c == ' ' && digits)) {
        break;
      }
      if (c == ' ') {
        continue;
      }
      if (c < '0' || c > '7') {
        throw new DatasetFormatException(archive, "an octal number for the " + what,
            "'" + cString(b, off, len) + "'");
      }
      v = v * 8 + (c - '0');
      digits = true;
    }
    return v;
  }

  private static void checkChecksum(Path archive, byte[] header, long entry) throws IOException {
    long stored = parseOctal(archive, header, 148, 8, "header checksum of entry " + entry);
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
    }
    if (sum != stored) {
      throw new DatasetFormatException(archive, "tar header checksum " + stored + " for entry "
          + entry, sum + " (not a tar archive, or corrupt)");
    }
  }
}
