package org.spikebridge.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.spikebridge.files.FileFormatException;

/**
 * A dataset file whose content is not what its format requires. The message names the file, what
 * was expected and what was found, e.g. {@code "t10k-labels-idx1-ubyte.gz: expected magic number
 * 2049 (IDX labels), found 2051"}; one line, whatever the file put into it (see
 * {@link FileFormatException#oneLine}).
 */
public final class DatasetFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String expected;
  private final String found;

  /** A format error in {@code file}: {@code expected} was required, {@code found} was there. */
  public DatasetFormatException(Path file, String expected, String found) {
    this(file, expected, found, null);
  }

  /** As {@link #DatasetFormatException(Path, String, String)}, with the low-level cause. */
  public DatasetFormatException(Path file, String expected, String found, Throwable cause) {
    super(FileFormatException.oneLine(fileName(file) + ": expected " + expected + ", found "
        + found), cause);
    this.file = Objects.requireNonNull(file, "file");
    this.expected = expected;
    this.found = found;
  }

  private static String fileName(Path file) {
    Path name = file == null ? null : file.getFileName();
    return name == null ? String.valueOf(file) : name.toString();
  }

  /** The file whose content is wrong. */
  public Path file() {
    return file;
  }

  /** What the format requires at the place the error was found. */
  public String expected() {
    return expected;
  }

  /** What the file holds there instead. */
  public String found() {
    return found;
  }
}
