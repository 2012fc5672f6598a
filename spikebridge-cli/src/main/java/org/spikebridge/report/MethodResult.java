package org.spikebridge.report;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.spikebridge.metrics.MetricsFiles;
import org.spikebridge.metrics.OperationCounts;
import org.spikebridge.metrics.SimulationMetrics;

/**
 * One conversion method's simulation, as the report shows it.
 *
 * @param method the method's name as the CLI spells it ({@code rnl}, {@code rnl+ril}, {@code maxnorm}, …)
 * @param annAccuracy the accuracy of the ANN the method converted, in percent; must equal
 *     {@code metrics.annAccuracy()}
 * @param metrics what the simulation measured, per step and per spiking layer
 * @param thresholds the firing threshold θ_l of each spiking layer, in the order of
 *     {@code metrics.layers()}
 * @param operations the converted network's operation counts for the energy model, with a fan-out
 *     per spiking layer; null when unknown (results of older versions)
 */
public record MethodResult(String method, double annAccuracy, SimulationMetrics metrics, List<Double> thresholds,
    OperationCounts operations) {

  /**
   * The simulation saved as {@code contents} ({@code metrics.json}) as method {@code label}; NaN
   * thresholds when the file has none (older versions).
   */
  public static MethodResult of(String label, MetricsFiles.Contents contents) {
    SimulationMetrics m = contents.metrics();
    List<Double> thresholds = contents.thresholds().isEmpty()
        ? Collections.nCopies(m.layers().size(), Double.NaN) : contents.thresholds();
    return new MethodResult(label, m.annAccuracy(), m, thresholds, contents.operations());
  }

  /** Checks that the parts agree with each other and copies the thresholds. */
  public MethodResult {
    Objects.requireNonNull(method, "method");
    if (method.isBlank()) {
      throw new IllegalArgumentException("method: expected a name, found a blank string");
    }
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(thresholds, "thresholds");
    thresholds = List.copyOf(thresholds);
    if (Double.compare(annAccuracy, metrics.annAccuracy()) != 0
        && !(Math.abs(annAccuracy - metrics.annAccuracy()) <= SimulationMetrics.ACCURACY_TOLERANCE)) {
      throw new IllegalArgumentException(method + ": annAccuracy " + annAccuracy
          + " differs from the simulation's ANN accuracy " + metrics.annAccuracy());
    }
    if (thresholds.size() != metrics.layers().size()) {
      throw new IllegalArgumentException(method + ": thresholds: expected one per spiking layer ("
          + metrics.layers().size() + "), found " + thresholds.size());
    }
    if (operations != null && operations.fanOut().length != metrics.layers().size()) {
      throw new IllegalArgumentException(method + ": operations: expected a fan-out per spiking layer ("
          + metrics.layers().size() + "), found " + operations.fanOut().length);
    }
  }
}
