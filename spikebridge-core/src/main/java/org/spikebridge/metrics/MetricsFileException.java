package org.spikebridge.metrics;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A metrics file is missing or malformed. The message names the file, the field (a JSON path such
 * as {@code layers[1].k}), what was expected and what was found.
 */
public final class MetricsFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String field;

  /** Reports that {@code field} of {@code file} should have been {@code expected} but was {@code found}. */
  public MetricsFileException(Path file, String field, String expected, Object found) {
    this(file, field, expected, found, null);
  }

  /** As {@link #MetricsFileException(Path, String, String, Object)}, caused by {@code cause}. */
  public MetricsFileException(Path file, String field, String expected, Object found, Throwable cause) {
    super(file + ": " + field + ": expected " + expected + ", found " + found, cause);
    this.file = file;
    this.field = field;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }

  /** The field at fault within the file. */
  public String field() {
    return field;
  }
}
