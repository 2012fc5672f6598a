package org.spikebridge.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.spikebridge.metrics.EnergyModel;
import org.spikebridge.metrics.OperationCounts;
import org.spikebridge.metrics.SimulationMetrics;

/**
 * The derived numbers the report shows per method, computed from a {@link DemoResults} alone: the
 * Table 1 and Table 2 analogs, and the first step within one point of the ANN with what it cost in
 * spikes (Eq. 14, §3.4, Fig. 7) and, given the method's operation counts, in synaptic operations
 * and picojoules against the ANN's. The comparisons of two methods are {@link Headlines}.
 */
public final class ReportNumbers {
  /** The steps of the Table 2 analog (those up to T are shown). */
  public static final int[] TABLE_STEPS = {8, 16, 32, 64, 128, 256};
  /** The distance from the ANN's accuracy, in points, that counts as "reached". */
  public static final double WITHIN_POINTS = 1;
  /** The method the headline is about. */
  public static final String HEADLINE_METHOD = "rnl+ril";
  /** The clip-only variant of the headline method (beyond the paper), given its own headline line. */
  public static final String CLIP_ONLY_METHOD = "rnl+ril-clip";
  /** The method the headline compares it with. */
  public static final String HEADLINE_BASELINE = "maxnorm";
  /** The second baseline the best method is compared with. */
  public static final String ROBUST_BASELINE = "robustnorm";
  /** The quantized Rate Norm network (beyond the paper), stage 1 only, simulated from v(0) = θ/2. */
  public static final String QUANTIZED_METHOD = "rnl-q8";
  /** {@link #QUANTIZED_METHOD} after stage 2, given its own headline lines. */
  public static final String QUANTIZED_RIL_METHOD = "rnl+ril-q8";
  /** Max Norm simulated from v(0) = θ/2, the fair baseline of the quantized methods. */
  public static final String HALF_BASELINE = "maxnorm-half";

  private ReportNumbers() {}

  /**
   * One method's numbers.
   *
   * @param method the method's name
   * @param annAccuracy the ANN's accuracy in percent
   * @param timesteps T
   * @param bestAccuracy the best SNN accuracy over t ≤ T, in percent
   * @param bestStep the first step with the best accuracy
   * @param conversionLoss annAccuracy − bestAccuracy, in points (Table 1)
   * @param tableSteps the steps of the Table 2 analog (those of {@link #TABLE_STEPS} up to T, and T)
   * @param accuracyAtSteps the accuracy at each of {@code tableSteps}, in percent
   * @param target annAccuracy − {@link #WITHIN_POINTS}, in percent
   * @param annCost what the ANN spends per image; empty without operation counts
   * @param reached the first step with accuracy ≥ target, and what it cost; empty if none within T
   */
  public record MethodNumbers(String method, double annAccuracy, int timesteps, double bestAccuracy, int bestStep,
      double conversionLoss, List<Integer> tableSteps, List<Double> accuracyAtSteps, double target,
      Optional<AnnCost> annCost, Optional<Reached> reached) {}

  /**
   * What the ANN spends per image.
   *
   * @param macs its multiply-accumulates
   * @param picojoules its energy, {@link EnergyModel#annPicojoules}
   */
  public record AnnCost(double macs, double picojoules) {}

  /**
   * The first step within {@link #WITHIN_POINTS} of the ANN.
   *
   * @param step the step t
   * @param accuracy the SNN's accuracy at t, in percent
   * @param spikesPerImage the spikes of all spiking layers in steps 1..t, per image
   * @param spikeEnergy spikesPerImage × α, in joules per image (Eq. 14)
   * @param snnCost what the energy model says steps 1..t cost; empty without operation counts
   */
  public record Reached(int step, double accuracy, double spikesPerImage, double spikeEnergy,
      Optional<SnnCost> snnCost) {}

  /**
   * What the SNN spends per image in steps 1..t.
   *
   * @param synapticOperations its synaptic operations (accumulates) in steps 1..t
   * @param picojoules its energy, {@link EnergyModel#snnPicojoules} at t
   * @param annRatio picojoules / the ANN's picojoules; NaN if the ANN spends none
   */
  public record SnnCost(double synapticOperations, double picojoules, double annRatio) {}

  /** The numbers of {@code result}, one of the methods of {@code results} (whose α and energy model it uses). */
  public static MethodNumbers of(MethodResult result, DemoResults results) {
    SimulationMetrics m = result.metrics();
    double[] accuracy = m.accuracy();
    int best = 0;
    for (int j = 1; j < accuracy.length; j++) {
      if (accuracy[j] > accuracy[best]) {
        best = j;
      }
    }
    List<Integer> steps = tableSteps(m.timesteps());
    List<Double> atSteps = new ArrayList<>();
    for (int t : steps) {
      atSteps.add(m.accuracyAt(t));
    }
    OperationCounts counts = result.operations();
    EnergyModel energy = results.energy();
    Optional<AnnCost> ann = counts == null
        ? Optional.empty() : Optional.of(new AnnCost(counts.annMacs(), energy.annPicojoules(counts)));
    OptionalInt step = m.firstStepWithin(WITHIN_POINTS);
    Optional<Reached> reached = step.isPresent()
        ? Optional.of(reached(result, step.getAsInt(), results.alpha(), energy))
        : Optional.empty();
    return new MethodNumbers(result.method(), result.annAccuracy(), m.timesteps(), accuracy[best], best + 1,
        result.annAccuracy() - accuracy[best], steps, List.copyOf(atSteps), result.annAccuracy() - WITHIN_POINTS,
        ann, reached);
  }

  /** The numbers of every method, in order. */
  public static List<MethodNumbers> of(DemoResults results) {
    return results.methods().stream().map(r -> of(r, results)).toList();
  }

  /** The steps of {@link #TABLE_STEPS} up to {@code timesteps}, followed by T itself if it is not one. */
  public static List<Integer> tableSteps(int timesteps) {
    List<Integer> steps = new ArrayList<>();
    for (int t : TABLE_STEPS) {
      if (t <= timesteps) {
        steps.add(t);
      }
    }
    if (!steps.contains(timesteps)) {
      steps.add(timesteps);
    }
    return List.copyOf(steps);
  }

  /** The synaptic operations per image in steps 1..t (0..T), from the spikes and the fan-outs. */
  private static double synapticOperationsUpTo(OperationCounts counts, SimulationMetrics metrics, int t) {
    double[] perStep = counts.synapticOperations(metrics);
    double sum = 0;
    for (int j = 0; j < t; j++) {
      sum += perStep[j];
    }
    return sum;
  }

  private static Reached reached(MethodResult result, int t, double alpha, EnergyModel energy) {
    SimulationMetrics m = result.metrics();
    OperationCounts counts = result.operations();
    Optional<SnnCost> cost = Optional.empty();
    if (counts != null) {
      double snn = energy.snnPicojoules(m, counts)[t - 1];
      double ann = energy.annPicojoules(counts);
      cost = Optional.of(new SnnCost(synapticOperationsUpTo(counts, m, t), snn, ann > 0 ? snn / ann : Double.NaN));
    }
    return new Reached(t, m.accuracyAt(t), m.spikesUpTo(t), m.energyUpTo(t, alpha), cost);
  }
}
