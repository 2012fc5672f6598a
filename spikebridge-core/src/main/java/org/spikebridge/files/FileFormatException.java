package org.spikebridge.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file SpikeBridge reads (a model, its weights, a metrics file) is missing or malformed. The
 * message names the file, the field (a tensor, a JSON path, …), what was expected and what was
 * found, so that a user can act on it; it is one line (see {@link #oneLine}).
 */
public final class FileFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String field;

  /** Reports that {@code field} of {@code file} should have been {@code expected} but was {@code found}. */
  public FileFormatException(Path file, String field, String expected, Object found) {
    this(file, field, expected, found, null);
  }

  /** As {@link #FileFormatException(Path, String, String, Object)}, caused by {@code cause}. */
  public FileFormatException(Path file, String field, String expected, Object found, Throwable cause) {
    super(oneLine(file + ": " + field + ": expected " + expected + ", found " + found), cause);
    this.file = file;
    this.field = field;
  }

  /**
   * {@code text} on one line, whatever a file put into it: line breaks, tabs and other control
   * characters are escaped as {@code \n}, {@code \r}, {@code \t} or {@code \xNN} (a Java Unicode
   * escape beyond Latin-1).
   */
  public static String oneLine(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isISOControl(c) && c != '\u2028' && c != '\u2029') {
        b.append(c);
      } else {
        b.append(switch (c) {
          case '\n' -> "\\n";
          case '\r' -> "\\r";
          case '\t' -> "\\t";
          default -> String.format(c < 0x100 ? "\\x%02x" : "\\u%04x", (int) c);
        });
      }
    }
    return b.toString();
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }

  /** The field at fault within the file: a tensor name, a JSON path, or {@code header}. */
  public String field() {
    return field;
  }
}
