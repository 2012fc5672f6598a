package org.spikebridge.cli;

import java.util.Locale;
import java.util.Map;
import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.convert.OutputNormalization;
import org.spikebridge.convert.SpikingNetwork;
import picocli.CommandLine.Option;

/**
 * The {@code --output-percentile} and {@code --output-margin} options of {@code convert},
 * {@code calibrate} and {@code compare}: {@link OutputNormalization} of the output layer for
 * spike-count readout.
 */
final class OutputNormalizationOptions {

  @Option(names = "--output-percentile", paramLabel = "P",
      description = "Divide the output layer by the P-th percentile of the calibration images' "
          + "largest class current, so that --readout spike-count's output neurons fire about once "
          + "per step for the leading class (accumulated-current predictions do not change; "
          + "README \"Early exit\").")
  Double percentile;

  @Option(names = "--output-margin",
      description = "With --output-percentile, also subtract the P-th percentile of the calibration "
          + "images' second-largest class current, so that under --readout spike-count a typical "
          + "runner-up class stays silent and the exact early exit settles sooner (README "
          + "\"Early exit\").")
  boolean margin;

  /** Whether the output layer is to be normalized, after checking the options. */
  boolean requested() {
    if (percentile != null && !(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("--output-percentile must be in (0, 100], found " + percentile);
    }
    if (margin && percentile == null) {
      throw new IllegalArgumentException("--output-margin needs --output-percentile P");
    }
    return percentile != null;
  }

  /** {@code snn} normalized on {@code images} as the options say, with a line saying how. */
  SpikingNetwork apply(SpikingNetwork snn, CalibrationSet images) {
    SpikingNetwork normalized = OutputNormalization.apply(snn, images, percentile, margin);
    Map<String, String> settings = normalized.network().provenance().settings();
    System.out.printf(Locale.ROOT, "output current z mapped to (z − r)/(λ − r) with λ − r = %.4f, "
        + "r = %.4f (percentile %s of the largest%s class current on %d training images)%n",
        Double.parseDouble(settings.get(OutputNormalization.SCALE)),
        Double.parseDouble(settings.get(OutputNormalization.OFFSET)), percentile,
        margin ? " and second-largest" : "", images.n());
    return normalized;
  }
}
