package org.spikebridge.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading and writing the numbers of SpikeBridge's JSON files (metrics, results): NaN is written as
 * {@code null} and read back as NaN, and every read that finds the wrong thing throws a
 * {@link FileFormatException} naming the file and the field.
 */
public final class JsonFields {
  private JsonFields() {}

  /** Appends {@code v} to {@code array} (null for NaN). */
  public static void addNumber(ArrayNode array, double v) {
    if (Double.isNaN(v)) {
      array.addNull();
    } else {
      array.add(v);
    }
  }

  /** Sets {@code name} to {@code v} (null for NaN). */
  public static void putNumber(ObjectNode node, String name, double v) {
    if (Double.isNaN(v)) {
      node.putNull(name);
    } else {
      node.put(name, v);
    }
  }

  /** Sets {@code name} to an array of {@code values} (null for NaN). */
  public static void putNumbers(ObjectNode node, String name, double[] values) {
    ArrayNode array = node.putArray(name);
    for (double v : values) {
      addNumber(array, v);
    }
  }

  /** The member {@code name} of {@code parent}; {@code prefix + name} is the field in errors. */
  public static JsonNode required(Path file, JsonNode parent, String name, String prefix)
      throws FileFormatException {
    JsonNode node = parent == null ? null : parent.get(name);
    if (node == null) {
      throw new FileFormatException(file, prefix + name, "a value", "nothing");
    }
    return node;
  }

  /** The integer member {@code name} of {@code parent}. */
  public static int integer(Path file, JsonNode parent, String name, String prefix)
      throws FileFormatException {
    JsonNode node = required(file, parent, name, prefix);
    if (!node.isInt()) {
      throw new FileFormatException(file, prefix + name, "an integer", node);
    }
    return node.intValue();
  }

  /** A number, or NaN for null. */
  public static double number(Path file, JsonNode node, String field) throws FileFormatException {
    if (node.isNull()) {
      return Double.NaN;
    }
    if (!node.isNumber()) {
      throw new FileFormatException(file, field, "a number or null", node);
    }
    return node.doubleValue();
  }

  /** An array of exactly {@code length} numbers (one per time step). */
  public static double[] numbers(Path file, JsonNode node, String field, int length)
      throws FileFormatException {
    if (!node.isArray() || node.size() != length) {
      throw new FileFormatException(file, field, "an array of " + length + " numbers (one per step)",
          node.isArray() ? node.size() + " values" : node.getNodeType());
    }
    double[] values = new double[length];
    for (int j = 0; j < length; j++) {
      values[j] = number(file, node.get(j), field + "[" + j + "]");
    }
    return values;
  }

  /**
   * The root object of a JSON file of format {@code format}, version 1 to {@code maxVersion},
   * checked: present, valid JSON, an object, the right format name and a version this build reads.
   *
   * @param writtenBy what writes such files, for the message when the file is missing
   */
  public static JsonNode readVersioned(Path file, ObjectMapper json, String format, int maxVersion,
      String writtenBy) throws IOException {
    JsonNode root;
    try {
      root = json.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new FileFormatException(file, "file", writtenBy, "no such file", e);
    } catch (CharacterCodingException e) {
      throw new FileFormatException(file, "file", "UTF-8 text", "bytes that are not UTF-8", e);
    } catch (JsonProcessingException e) {
      throw new FileFormatException(file, "file", "JSON", e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new FileFormatException(file, "file", "a JSON object", root == null ? "nothing" : root.getNodeType());
    }
    JsonNode name = required(file, root, "format", "");
    if (!format.equals(name.asText())) {
      throw new FileFormatException(file, "format", "\"" + format + "\"", name);
    }
    int version = integer(file, root, "formatVersion", "");
    if (version < 1 || version > maxVersion) {
      throw new FileFormatException(file, "formatVersion", "1.." + maxVersion
          + " (a newer SpikeBridge may have written this file)", version);
    }
    return root;
  }
}
