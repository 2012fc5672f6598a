package org.spikebridge.nir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One node of a NIR graph as its file holds it: its name, its {@code type} (e.g. {@code Conv2d},
 * {@code IF}) and its fields. A field value is a {@link FloatArray}, a {@code long[]} (an integer
 * array such as a stride), a {@code Long} (an integer scalar such as {@code groups}), a
 * {@code String}, or, when read from a file, whatever other array its dataset holds (an
 * {@code int[]}, a {@code double[]}, …) for the reader to refuse.
 *
 * @param name the node's key in the graph
 * @param type the NIR node type
 * @param fields the fields by name, {@code type} and {@code metadata} excluded
 * @param metadata the entries of the node's {@code metadata} group, empty when it has none
 */
public record NirNode(String name, String type, Map<String, Object> fields,
    Map<String, Object> metadata) {

  /** Copies the maps, keeping their order. */
  public NirNode {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** A node without metadata. */
  public NirNode(String name, String type, Map<String, Object> fields) {
    this(name, type, fields, Map.of());
  }
}
