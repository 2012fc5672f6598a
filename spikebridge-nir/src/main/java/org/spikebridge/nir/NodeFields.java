package org.spikebridge.nir;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.spikebridge.files.FileFormatException;

/**
 * Typed access to the fields of one node of a NIR file being imported: each accessor checks the
 * field's presence, type and size and otherwise throws a {@link FileFormatException} naming the
 * file, the node, the field, what was expected and what was found.
 */
final class NodeFields {
  private final Path file;
  private final NirNode node;

  NodeFields(Path file, NirNode node) {
    this.file = file;
    this.node = node;
  }

  /** The float array {@code name} (float32 or float64 in the file). */
  FloatArray floats(String name) throws FileFormatException {
    Object value = required(name, "a float array");
    if (!(value instanceof FloatArray a)) {
      throw error(name, "a float array", describe(value));
    }
    return a;
  }

  /** The float array {@code name} of shape {@code shape}. */
  FloatArray floats(String name, int... shape) throws FileFormatException {
    FloatArray a = floats(name);
    if (!Arrays.equals(a.shape(), shape)) {
      throw error(name, "shape " + Arrays.toString(shape), Arrays.toString(a.shape()));
    }
    return a;
  }

  /** The float array {@code name} when present, else null. */
  FloatArray optionalFloats(String name, int... shape) throws FileFormatException {
    return node.fields().containsKey(name) ? floats(name, shape) : null;
  }

  /**
   * The integer field {@code name} as {@code count} values: an integer array of that length, or an
   * integer scalar meaning the same value for each.
   */
  long[] integers(String name, int count) throws FileFormatException {
    Object value = required(name, count + " integers");
    if (value instanceof Long l) {
      long[] all = new long[count];
      Arrays.fill(all, l);
      return all;
    }
    if (!(value instanceof long[] values) || values.length != count) {
      throw error(name, count + " integers", describe(value));
    }
    return values;
  }

  /** The integer array {@code name}, of any length. */
  long[] integerArray(String name) throws FileFormatException {
    Object value = required(name, "an integer array");
    if (!(value instanceof long[] values)) {
      throw error(name, "an integer array", describe(value));
    }
    return values;
  }

  /** The integer scalar {@code name}. */
  long integer(String name) throws FileFormatException {
    Object value = required(name, "an integer");
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof long[] a && a.length == 1) {
      return a[0];
    }
    throw error(name, "an integer", describe(value));
  }

  /** Whether the node has field {@code name}. */
  boolean has(String name) {
    return node.fields().containsKey(name);
  }

  /** A {@link FileFormatException} for field {@code field} of this node. */
  FileFormatException error(String field, String expected, Object found) {
    return new FileFormatException(file, "node '" + node.name() + "' (" + node.type() + ") field '"
        + field + "'", expected, found);
  }

  /** A {@link FileFormatException} about this node as a whole. */
  FileFormatException error(String expected, Object found) {
    return new FileFormatException(file, "node '" + node.name() + "' (" + node.type() + ")",
        expected, found);
  }

  private Object required(String name, String expected) throws FileFormatException {
    Object value = node.fields().get(name);
    if (value == null) {
      throw error(name, expected, "no such field");
    }
    return value;
  }

  /** A short description of a value read from a file: its kind and shape. */
  static String describe(Object value) {
    if (value instanceof FloatArray a) {
      return "a float array " + Arrays.toString(a.shape());
    }
    if (value instanceof long[] a) {
      return "an integer array " + Arrays.toString(a);
    }
    if (value instanceof Long l) {
      return "the integer " + l;
    }
    if (value instanceof String s) {
      return "the string '" + s + "'";
    }
    if (value != null && value.getClass().isArray()) {
      return "an array of " + value.getClass().getComponentType().getSimpleName() + " ["
          + Array.getLength(value) + "]";
    }
    return String.valueOf(value);
  }

  /** The metadata of this node. */
  Map<String, Object> metadata() {
    return node.metadata();
  }
}
