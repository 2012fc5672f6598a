package org.spikebridge.network;

import java.util.Map;

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

  /** Copies the maps so that the record stays immutable. */
  public Provenance {
    versions = Map.copyOf(versions);
    settings = Map.copyOf(settings);
  }
}
