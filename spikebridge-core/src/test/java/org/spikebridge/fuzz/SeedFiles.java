package org.spikebridge.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Seeds taken from folders that the project's own writers filled. */
public final class SeedFiles {
  private SeedFiles() {}

  /** Every regular file under {@code folder}, by path relative to it ('/'-separated), in order. */
  public static Map<String, byte[]> read(Path folder) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.filter(Files::isRegularFile).forEach(f -> {
        try {
          files.put(folder.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return files;
  }
}
