package org.spikebridge.network;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a saved network came from, written into its manifest so that any result can be traced and
 * repeated.
 *
 * @param dataset the dataset it was trained or calibrated on, e.g. {@code fashion-mnist}
 * @param seed the seed that fixed every random choice
 * @param command the full command line that produced it
 * @param versions versions of SpikeBridge, Java, DJL, PyTorch, … by name
 * @param settings every other setting that shaped it (activation, optimizer, epochs, …)
 */
public record Provenance(String dataset, long seed, String command, Map<String, String> versions,
    Map<String, String> settings) {

  /**
   * Copies the maps so that the record stays immutable, in key order so that every file written
   * from it is the same from run to run; null keys or values are refused.
   */
  public Provenance {
    versions = sorted("versions", versions);
    settings = sorted("settings", settings);
  }

  /** This provenance with {@code added} put over its settings (an added key replaces its value). */
  public Provenance withSettings(Map<String, String> added) {
    Map<String, String> all = new TreeMap<>(settings);
    all.putAll(added);
    return new Provenance(dataset, seed, command, versions, all);
  }

  private static Map<String, String> sorted(String field, Map<String, String> map) {
    map.forEach((k, v) -> {
      if (k == null || v == null) {
        throw new IllegalArgumentException("provenance " + field + ": expected strings, found "
            + k + " = " + v);
      }
    });
    return Collections.unmodifiableMap(new TreeMap<>(map));
  }
}
