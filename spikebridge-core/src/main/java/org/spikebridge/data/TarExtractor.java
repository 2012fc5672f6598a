package org.spikebridge.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.spikebridge.files.AtomicFiles;

/**
 * Pulls the {@code .bin} files out of the CIFAR {@code .tar.gz} archives. Commons Compress reads
 * the tar format (ustar, GNU long names, pax headers, header checksums); this class picks the
 * wanted regular files by base name, never writes outside the target folder, and turns a cut-off or
 * malformed archive into a {@link DatasetFormatException} naming it.
 */
public final class TarExtractor {

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
    try (DatasetInput in = DatasetInput.open(archive, limit);
        TarArchiveInputStream tar = new TarArchiveInputStream(in.stream())) {
      String where = "the first tar header";
      try {
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
          where = "the data of " + entry.getName();
          String base = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
          if (entry.isFile() && wanted.contains(base)) {
            Path target = targetDir.resolve(base);
            long size = entry.getSize();
            AtomicFiles.write(target, out -> copyExactly(tar, size, out));
            written.put(base, target);
          }
          where = "the tar header after " + entry.getName();
        }
      } catch (DatasetFormatException e) {
        throw e;
      } catch (IOException | IllegalArgumentException e) {
        throw new DatasetFormatException(archive, "a complete tar archive",
            "a cut-off or corrupt one at " + where + " (" + e.getMessage() + ")", e);
      }
    }
    for (String name : wanted) {
      if (!written.containsKey(name)) {
        throw new DatasetFormatException(archive, "an entry named " + name, "no such entry");
      }
    }
    return written;
  }

  /** Copies the entry's {@code size} bytes; an archive that ends first is cut off. */
  private static void copyExactly(TarArchiveInputStream tar, long size, OutputStream out)
      throws IOException {
    long copied = tar.transferTo(out);
    if (copied != size) {
      throw new EOFException(copied + " of " + size + " bytes");
    }
  }
}
