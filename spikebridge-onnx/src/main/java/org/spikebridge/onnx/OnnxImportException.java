package org.spikebridge.onnx;

import org.spikebridge.files.FileFormatException;

/**
 * An ONNX file that cannot be imported: not ONNX, an operator or an attribute SpikeBridge does
 * not convert, a dynamic shape, a missing external tensor. The message is one line (names from the
 * file have their line breaks escaped) that names the file and, where one is to blame, the node
 * and its operator type.
 */
public final class OnnxImportException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An error with the whole one-line message. */
  public OnnxImportException(String message) {
    super(FileFormatException.oneLine(message));
  }

  /** An error with the whole one-line message and the exception behind it. */
  public OnnxImportException(String message, Throwable cause) {
    super(FileFormatException.oneLine(message), cause);
  }
}
