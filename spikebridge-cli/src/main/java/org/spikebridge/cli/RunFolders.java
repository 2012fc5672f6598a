package org.spikebridge.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Default output folders: {@code runs/<prefix>-<date-time>}, new for every run. */
final class RunFolders {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private RunFolders() {}

  /** {@code runs/<prefix>-<yyyyMMdd-HHmmss>} in the working directory. */
  static Path timestamped(String prefix) {
    return Path.of("runs", prefix + "-" + LocalDateTime.now().format(STAMP));
  }
}
