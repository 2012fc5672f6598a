package org.spikebridge.cli;

import org.spikebridge.dense.DenseEngine;
import org.spikebridge.dense.Devices;
import org.spikebridge.simulate.SimulationEngine;

/**
 * The dense (libtorch) engine for {@code --engine dense}, apart from {@link EngineOptions} so that
 * choosing the event engine loads no class of DJL.
 */
final class DenseEngines {
  private DenseEngines() {}

  /** The dense engine on {@code device} (cpu or gpu; gpu falls back to the CPU with a notice). */
  static SimulationEngine on(String device) {
    return new DenseEngine(Devices.parse(device, System.err));
  }
}
