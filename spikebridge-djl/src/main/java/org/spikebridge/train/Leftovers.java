package org.spikebridge.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.spikebridge.files.AtomicFiles;

/** Deletes what a killed run leaves behind in its folders. */
final class Leftovers {
  private Leftovers() {}

  /** Deletes the temporary files {@link AtomicFiles} leaves in {@code dir} when killed. */
  static void removeTemporaryFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(p)) {
          Files.delete(p);
        }
      }
    }
  }

  /** Deletes {@code path} and, if it is a folder, everything in it; nothing if it is absent. */
  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
