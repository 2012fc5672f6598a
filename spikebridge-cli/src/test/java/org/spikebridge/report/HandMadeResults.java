package org.spikebridge.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.metrics.EnergyModel;
import org.spikebridge.metrics.OperationCounts;
import org.spikebridge.metrics.SimulationMetrics;

/**
 * Hand-made results for the report tests: two spiking layers (conv1, fc1), T = 16, α = 0.5 J, the
 * 45 nm energy model (0.9 pJ per AC, 4.6 pJ per MAC), and {@link #COUNTS} for rnl+ril and maxnorm.
 */
final class HandMadeResults {
  static final int T = 16;
  static final double ALPHA = 0.5;
  /**
   * 1000 ANN MACs (4600 pJ), 10 input MACs per step (46 pJ per step), fan-outs 3 and 2, 20 and 5
   * neurons.
   */
  static final OperationCounts COUNTS = new OperationCounts(1000, 10, new double[] {3, 2}, new int[] {20, 5});

  private HandMadeResults() {}

  /**
   * rnl+ril: ANN 90; accuracy 10, 20, …, 80 at t = 1..8, then 85, 89, 89.5 …; 10 + 5 spikes per step.
   * Hand values: at T = 8 80.00, at 16 89.50; best 89.50 at t = 11, loss 0.50; first ≥ 89 at t = 10,
   * 150 spikes, Eq. 14 energy 75 J. With {@link #COUNTS}: 10·3 + 5·2 = 40 SOPs per step, 400 to
   * t = 10; 400·0.9 + 10·10·4.6 = 820 pJ (82 pJ per step); ANN 4600 pJ; ratio 0.178; firing rates
   * 10/20 = 0.5 and 5/5 = 1.
   */
  static MethodResult rnlRil() {
    double[] acc = {10, 20, 30, 40, 50, 60, 70, 80, 85, 89, 89.5, 89.5, 89.5, 89.5, 89.5, 89.5};
    double[][] k = new double[2][T];
    for (int j = 0; j < T; j++) {
      k[0][j] = 1.0 / (j + 1);
      k[1][j] = j == 0 ? Double.NaN : 0.5 / (j + 1);
    }
    k[1][T - 1] = 0; // a log axis must skip it
    return new MethodResult("rnl+ril", 90, metrics(90, acc, k, new double[] {1.5, 2.5}, 10, 5), List.of(1.0, 0.8),
        COUNTS);
  }

  /**
   * maxnorm: ANN 92; accuracy 6t for t ≤ 12, then 80, 88, 91, 91.5; 4 + 2 spikes per step.
   * Hand values: at T = 8 48.00, at 16 91.50; best 91.50 at 16, loss 0.50; first ≥ 91 at t = 15,
   * 90 spikes, Eq. 14 energy 45 J. With {@link #COUNTS}: 4·3 + 2·2 = 16 SOPs per step, 240 to
   * t = 15; 240·0.9 + 15·10·4.6 = 906 pJ; ratio 0.197; firing rates 4/20 = 0.2 and 2/5 = 0.4.
   */
  static MethodResult maxnorm() {
    double[] acc = new double[T];
    for (int j = 0; j < 12; j++) {
      acc[j] = 6 * (j + 1);
    }
    acc[12] = 80;
    acc[13] = 88;
    acc[14] = 91;
    acc[15] = 91.5;
    double[][] k = new double[2][T];
    for (int j = 0; j < T; j++) {
      k[0][j] = 3.0 / (j + 1);
      k[1][j] = 2.0 / (j + 1);
    }
    return new MethodResult("maxnorm", 92, metrics(92, acc, k, new double[] {4, Double.NaN}, 4, 2),
        List.of(3.25, 7.0), COUNTS);
  }

  /**
   * robustnorm, as an older version wrote it (no operation counts): ANN 90, accuracy 50
   * throughout: never within 1 point; best 50.00, loss 40.00.
   */
  static MethodResult robust() {
    double[] acc = new double[T];
    Arrays.fill(acc, 50);
    double[][] k = new double[2][T];
    for (double[] row : k) {
      Arrays.fill(row, 0.25);
    }
    return new MethodResult("robustnorm", 90, metrics(90, acc, k, new double[] {2, 3}, 1, 1), List.of(2.0, 2.0),
        null);
  }

  /** {@code r} under another name, with other operation counts (null for none). */
  static MethodResult renamed(MethodResult r, String name, OperationCounts counts) {
    return new MethodResult(name, r.annAccuracy(), r.metrics(), r.thresholds(), counts);
  }

  /** Metrics of conv1 and fc1 with {@code s0} and {@code s1} spikes per step. */
  static SimulationMetrics metrics(double ann, double[] acc, double[][] k, double[] omega, double s0, double s1) {
    double[][] spikes = new double[2][T];
    Arrays.fill(spikes[0], s0);
    Arrays.fill(spikes[1], s1);
    return new SimulationMetrics(100, T, List.of("conv1", "fc1"), ann, acc, acc.clone(), k, omega, spikes);
  }

  /** The results of a demo run with {@code methods}. */
  static DemoResults results(MethodResult... methods) {
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("spikebridge", "0.1.0-SNAPSHOT");
    provenance.put("seed", 42);
    provenance.put("command", List.of("spikebridge", "demo", "--epochs", "1"));
    provenance.put("epochs", Map.of("stage1", 1, "stage2", 1));
    provenance.put(DemoResults.INITIAL_MEMBRANE, "θ/2");
    return new DemoResults(provenance, "Synthetic test data (hand-made metrics)", ALPHA, EnergyModel.CMOS_45NM,
        List.of(methods));
  }

  /** rnl+ril, maxnorm and robustnorm. */
  static DemoResults all() {
    return results(rnlRil(), maxnorm(), robust());
  }
}
