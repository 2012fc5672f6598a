package org.spikebridge.cli;

import org.spikebridge.simulate.SimulationEngine;
import org.spikebridge.simulate.event.EventEngine;
import picocli.CommandLine.Option;

/** The {@code --engine}, {@code --threads} and {@code --device} options of commands that simulate. */
final class EngineOptions {

  @Option(names = "--engine",
      description = "event (event-driven, plain Java, all cores) or dense (libtorch, the reference) "
          + "(default: event; dense with --device gpu).")
  String engine;

  @Option(names = "--threads", defaultValue = "0",
      description = "Threads of the event engine, 0 for one per processor (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--device", defaultValue = "cpu",
      description = "cpu or gpu, for the dense engine; gpu falls back to the CPU with a notice when DJL "
          + "has no CUDA natives (default: ${DEFAULT-VALUE}).")
  String device;

  /** The engine these options name; an {@link IllegalArgumentException} naming the bad option. */
  SimulationEngine create() {
    if (threads < 0) {
      throw new IllegalArgumentException("--threads must be ≥ 0, found " + threads);
    }
    String chosen = engine != null ? engine : "gpu".equals(device) ? "dense" : "event";
    return switch (chosen) {
      case "event" -> {
        if (!"cpu".equals(device)) {
          throw new IllegalArgumentException("--device " + device + ": the event engine runs on the "
              + "CPU; use --engine dense for a GPU");
        }
        yield threads == 0 ? new EventEngine() : new EventEngine(threads);
      }
      case "dense" -> DenseEngines.on(device);
      default -> throw new IllegalArgumentException("--engine: expected event or dense, found '" + engine + "'");
    };
  }
}
