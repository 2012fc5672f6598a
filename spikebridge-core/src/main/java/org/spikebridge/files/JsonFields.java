package org.spikebridge.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reading and writing the numbers of SpikeBridge's JSON files (metrics, results): NaN is written as
 * {@code null} and read back as NaN, and every read that finds the wrong thing throws a
 * {@link FileFormatException} naming the file and the field.
 */
public final class JsonFields {
  private static final ObjectMapper PLAIN = new ObjectMapper();

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

  /** A finite number, or NaN for null (a number beyond the range of double is refused). */
  public static double number(Path file, JsonNode node, String field) throws FileFormatException {
    if (node.isNull()) {
      return Double.NaN;
    }
    if (!node.isNumber()) {
      throw new FileFormatException(file, field, "a number or null", node);
    }
    double v = node.doubleValue();
    if (!Double.isFinite(v)) {
      throw new FileFormatException(file, field, "a finite number or null", v);
    }
    return v;
  }

  /**
   * The object member {@code name} of {@code root} as a map (nested objects as maps, arrays as
   * lists), or an empty map when it is absent or null.
   *
   * @param what what the object holds, for the message when it is something else
   */
  public static Map<String, Object> objectOrEmpty(Path file, JsonNode root, String name, String what)
      throws FileFormatException {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new FileFormatException(file, name, "an object (" + what + ") or null", node);
    }
    return PLAIN.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() {});
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
    JsonNode root = readObject(file, json, writtenBy);
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

  /**
   * The root object of the JSON file {@code file}, checked: present, UTF-8, valid JSON (as
   * {@code json} parses it), an object.
   *
   * @param writtenBy what writes such files, for the message when the file is missing
   */
  public static JsonNode readObject(Path file, ObjectMapper json, String writtenBy)
      throws IOException {
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
    return root;
  }

  /**
   * The JSON file {@code file} read by {@code json} as a {@code type}: as {@link #readObject}, and a
   * value that does not fit the type (a wrong or missing field, a check of its constructor) is a
   * {@link FileFormatException} naming the field.
   */
  public static <T> T readValue(Path file, ObjectMapper json, Class<T> type, String writtenBy)
      throws IOException {
    JsonNode root = readObject(file, json, writtenBy);
    try {
      return json.treeToValue(root, type);
    } catch (JsonProcessingException e) {
      String field = e instanceof JsonMappingException m ? path(m) : "";
      throw new FileFormatException(file, field.isEmpty() ? "file" : field, writtenBy, problem(e), e);
    }
  }

  /** Where in the document {@code e} happened, e.g. {@code history[1].epoch}; empty at the root. */
  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  /** The message of the IllegalArgumentException behind {@code e} (a record's check), or e's own. */
  private static String problem(JsonProcessingException e) {
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof IllegalArgumentException) {
        return c.getMessage();
      }
    }
    return e.getOriginalMessage();
  }
}
