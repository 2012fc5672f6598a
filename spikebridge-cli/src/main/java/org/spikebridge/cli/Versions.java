package org.spikebridge.cli;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.IVersionProvider;

/** Versions of SpikeBridge and of what it runs on, for {@code --version} and for provenance. */
public final class Versions implements IVersionProvider {

  /** SpikeBridge, Java, DJL and PyTorch versions by name. */
  public static Map<String, String> all() {
    Map<String, String> v = new LinkedHashMap<>();
    String own = Versions.class.getPackage().getImplementationVersion();
    v.put("spikebridge", own == null ? "development" : own);
    v.put("java", System.getProperty("java.version"));
    v.put("djl", Engine.getDjlVersion());
    v.put("pytorch", Engine.getInstance().getVersion());
    return v;
  }

  @Override
  public String[] getVersion() {
    return all().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toArray(String[]::new);
  }
}
