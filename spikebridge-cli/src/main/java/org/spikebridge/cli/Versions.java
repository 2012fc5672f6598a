package org.spikebridge.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.spikebridge.simulate.SimulationEngine;
import org.spikebridge.simulate.event.EventEngine;
import picocli.CommandLine.IVersionProvider;

/**
 * Versions of SpikeBridge and of what it runs on, for {@code --version} and for provenance. Only
 * {@link #all()} asks DJL (through {@link LibtorchVersions}), which loads libtorch.
 */
public final class Versions implements IVersionProvider {

  /** SpikeBridge, Java, DJL and PyTorch versions by name. */
  public static Map<String, String> all() {
    Map<String, String> v = plainJava();
    v.putAll(LibtorchVersions.all());
    return v;
  }

  /** SpikeBridge and Java versions by name: all a run on the event engine depends on. */
  public static Map<String, String> plainJava() {
    Map<String, String> v = new LinkedHashMap<>();
    String own = Versions.class.getPackage().getImplementationVersion();
    v.put("spikebridge", own == null ? "development" : own);
    v.put("java", System.getProperty("java.version"));
    return v;
  }

  /**
   * The versions a simulation on {@code engine} depends on: DJL's and PyTorch's only for an engine
   * other than the event engine.
   */
  public static Map<String, String> of(SimulationEngine engine) {
    return engine instanceof EventEngine ? plainJava() : all();
  }

  @Override
  public String[] getVersion() {
    return all().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toArray(String[]::new);
  }
}
