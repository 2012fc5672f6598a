package org.spikebridge.cli;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DJL's and PyTorch's versions; asking for them loads DJL's engine and libtorch, so they live
 * apart from {@link Versions} for the paths that must not load native code.
 */
final class LibtorchVersions {
  private LibtorchVersions() {}

  /** DJL and PyTorch versions by name. */
  static Map<String, String> all() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("djl", Engine.getDjlVersion());
    v.put("pytorch", Engine.getInstance().getVersion());
    return v;
  }
}
