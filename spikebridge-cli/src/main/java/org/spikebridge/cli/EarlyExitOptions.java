package org.spikebridge.cli;

import org.spikebridge.simulate.EarlyExit;
import picocli.CommandLine.Option;

/** The {@code --early-exit}, {@code --exit-patience} and {@code --exit-margin} options. */
final class EarlyExitOptions {

  @Option(names = "--early-exit", defaultValue = "none",
      description = "none; exact (stop an image once no later output can change its class: the same "
          + "class as at T); or confident (stop once the class has held for --exit-patience steps "
          + "with a lead of --exit-margin·t) (default: ${DEFAULT-VALUE}).")
  String rule;

  @Option(names = "--exit-patience", defaultValue = "3",
      description = "k of --early-exit confident: steps the class must have held (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--exit-margin", defaultValue = "0",
      description = "δ of --early-exit confident: the class's lead over the runner-up, per step so far, in "
          + "accumulated output current (spikes under spike-count readout) (default: ${DEFAULT-VALUE}).")
  double margin;

  /** The rule these options name; an {@link IllegalArgumentException} naming the bad option. */
  EarlyExit rule() {
    return switch (rule) {
      case "none" -> EarlyExit.NONE;
      case "exact" -> EarlyExit.exact();
      case "confident" -> {
        if (patience < 1) {
          throw new IllegalArgumentException("--exit-patience must be ≥ 1, found " + patience);
        }
        if (!(margin >= 0) || Double.isInfinite(margin)) {
          throw new IllegalArgumentException("--exit-margin must be a finite number ≥ 0, found " + margin);
        }
        yield EarlyExit.confident(patience, margin);
      }
      default -> throw new IllegalArgumentException("--early-exit: expected none, exact or confident, found '"
          + rule + "'");
    };
  }
}
