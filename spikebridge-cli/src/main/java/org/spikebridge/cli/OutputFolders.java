package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.spikebridge.files.StagedFolder;

/** Checks on output folders: commands never write into a folder that already holds something. */
final class OutputFolders {
  private OutputFolders() {}

  /** Throws unless {@code dir} is absent or an empty folder (and not a symbolic link). */
  static void requireAbsentOrEmpty(Path dir) throws IOException {
    StagedFolder.requireAbsentOrEmpty(dir);
  }

  /** Whether {@code dir} holds no entries. */
  static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
