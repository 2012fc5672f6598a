package org.spikebridge.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.spikebridge.metrics.SimulationMetrics;

/**
 * The derived numbers the report shows, computed from a {@link DemoResults} alone: the Table 1 and
 * Table 2 analogs, the first step within one point of the ANN and the energy spent to get there
 * (§3.4, Fig. 7), and the paper's headline comparison of {@code rnl+ril} against {@code maxnorm}.
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
  /** The quantized Rate Norm network (beyond the paper), stage 1 only, simulated from v(0) = θ/2. */
  public static final String QUANTIZED_METHOD = "rnl-q8";
  /** {@link #QUANTIZED_METHOD} after stage 2, given its own headline lines. */
  public static final String QUANTIZED_RIL_METHOD = "rnl+ril-q8";
  /** Max Norm simulated from v(0) = θ/2, the fair baseline of the quantized methods. */
  public static final String HALF_BASELINE = "maxnorm-half";

  /**
   * A headline beyond the paper's.
   *
   * @param key its field in {@code results.json}
   * @param introduction the words that introduce it in {@code report.md}
   * @param headline the comparison
   */
  public record ExtraHeadline(String key, String introduction, Headline headline) {}

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
   * @param reached the first step with accuracy ≥ target, and what it cost; empty if none within T
   */
  public record MethodNumbers(String method, double annAccuracy, int timesteps, double bestAccuracy, int bestStep,
      double conversionLoss, List<Integer> tableSteps, List<Double> accuracyAtSteps, double target,
      Optional<Reached> reached) {}

  /**
   * The first step within {@link #WITHIN_POINTS} of the ANN.
   *
   * @param step the step t
   * @param accuracy the SNN's accuracy at t, in percent
   * @param spikesPerImage the spikes of all spiking layers in steps 1..t, per image
   * @param energy spikesPerImage × α, in joules per image
   */
  public record Reached(int step, double accuracy, double spikesPerImage, double energy) {}

  /**
   * The headline: {@code method} reaches {@code accuracy} in {@code stepRatio}× fewer steps than
   * {@code baseline} at {@code energyRatio}× its energy. Present only when both methods reach their
   * targets; otherwise {@code text} says why not.
   *
   * @param stepRatio baseline's step / method's step
   * @param energyRatio method's energy / baseline's energy; NaN if the baseline spent none
   * @param text the sentence the report shows
   */
  public record Headline(String method, String baseline, Optional<Reached> methodReached,
      Optional<Reached> baselineReached, double stepRatio, double energyRatio, String text) {}

  /** The numbers of one method. */
  public static MethodNumbers of(MethodResult result, double alpha) {
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
    OptionalInt step = m.firstStepWithin(WITHIN_POINTS);
    Optional<Reached> reached = step.isPresent()
        ? Optional.of(new Reached(step.getAsInt(), m.accuracyAt(step.getAsInt()), m.spikesUpTo(step.getAsInt()),
            m.energyUpTo(step.getAsInt(), alpha)))
        : Optional.empty();
    return new MethodNumbers(result.method(), result.annAccuracy(), m.timesteps(), accuracy[best], best + 1,
        result.annAccuracy() - accuracy[best], steps, List.copyOf(atSteps), result.annAccuracy() - WITHIN_POINTS,
        reached);
  }

  /** The numbers of every method, in order. */
  public static List<MethodNumbers> of(DemoResults results) {
    return results.methods().stream().map(r -> of(r, results.alpha())).toList();
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

  /** The headline of {@link #HEADLINE_METHOD} against {@link #HEADLINE_BASELINE}. */
  public static Headline headline(DemoResults results) {
    return headline(results, HEADLINE_METHOD, HEADLINE_BASELINE);
  }

  /**
   * The headlines beyond the paper's whose two methods the run has: {@link #CLIP_ONLY_METHOD}
   * against {@link #HEADLINE_BASELINE}, then {@link #QUANTIZED_RIL_METHOD} against it and against
   * {@link #HALF_BASELINE}.
   */
  public static List<ExtraHeadline> extraHeadlines(DemoResults results) {
    List<ExtraHeadline> extra = new ArrayList<>();
    addIfRun(extra, results, "clipOnlyHeadline", "Beyond the paper, with clip-only scaling: ",
        CLIP_ONLY_METHOD, HEADLINE_BASELINE);
    addIfRun(extra, results, "quantizedHeadline", "Beyond the paper, both stages with Rate Norm "
        + "Layers quantized to 8 levels, a spike penalty in stage 1 and v(0) = θ/2: ",
        QUANTIZED_RIL_METHOD, HEADLINE_BASELINE);
    addIfRun(extra, results, "quantizedAgainstHalfHeadline", "The same against Max Norm also "
        + "started at v(0) = θ/2: ", QUANTIZED_RIL_METHOD, HALF_BASELINE);
    return extra;
  }

  private static void addIfRun(List<ExtraHeadline> extra, DemoResults results, String key,
      String introduction, String method, String baseline) {
    if (results.method(method).isPresent() && results.method(baseline).isPresent()) {
      extra.add(new ExtraHeadline(key, introduction, headline(results, method, baseline)));
    }
  }

  /** The headline of {@code method} against {@code baseline}. */
  public static Headline headline(DemoResults results, String method, String baseline) {
    Optional<MethodResult> a = results.method(method);
    Optional<MethodResult> b = results.method(baseline);
    if (a.isEmpty() || b.isEmpty()) {
      List<String> missing = new ArrayList<>();
      a.ifPresentOrElse(x -> { }, () -> missing.add(method));
      b.ifPresentOrElse(x -> { }, () -> missing.add(baseline));
      return new Headline(method, baseline, Optional.empty(), Optional.empty(), Double.NaN, Double.NaN,
          "No headline: it compares " + method + " with " + baseline + ", and this run has no "
              + String.join(" and no ", missing) + ".");
    }
    MethodNumbers na = of(a.get(), results.alpha());
    MethodNumbers nb = of(b.get(), results.alpha());
    Optional<Reached> ra = na.reached();
    Optional<Reached> rb = nb.reached();
    String within = Format.points(WITHIN_POINTS) + " point" + (WITHIN_POINTS == 1 ? "" : "s");
    if (ra.isEmpty() && rb.isEmpty()) {
      return new Headline(method, baseline, ra, rb, Double.NaN, Double.NaN,
          "Neither " + method + " nor " + baseline + " comes within " + within + " of its ANN within T = "
              + na.timesteps() + " (" + method + ") and T = " + nb.timesteps() + " (" + baseline + ") steps.");
    }
    if (ra.isEmpty()) {
      Reached y = rb.get();
      return new Headline(method, baseline, ra, rb, Double.NaN, Double.NaN,
          method + " does not come within " + within + " of its ANN (" + Format.percent(na.annAccuracy())
              + " %) within T = " + na.timesteps() + " steps; " + baseline + " reaches " + Format.percent(y.accuracy())
              + " % at t = " + y.step() + ".");
    }
    Reached x = ra.get();
    if (rb.isEmpty()) {
      return new Headline(method, baseline, ra, rb, Double.NaN, Double.NaN,
          method + " reaches " + Format.percent(x.accuracy()) + " % at t = " + x.step() + " (within " + within
              + " of its ANN's " + Format.percent(na.annAccuracy()) + " %), using " + Format.energy(x.energy())
              + " J per image; " + baseline + " does not come within " + within + " of its ANN within T = "
              + nb.timesteps() + " steps, so more than " + Format.ratio((double) nb.timesteps() / x.step())
              + "× as many steps.");
    }
    Reached y = rb.get();
    double stepRatio = (double) y.step() / x.step();
    double energyRatio = y.energy() > 0 ? x.energy() / y.energy() : Double.NaN;
    String steps = stepRatio >= 1
        ? Format.ratio(stepRatio) + "× fewer steps than " + baseline
        : Format.ratio(1 / stepRatio) + "× more steps than " + baseline;
    String energy = Double.isNaN(energyRatio)
        ? "while " + baseline + " spent no spikes (energy ratio undefined)"
        : "at " + Format.ratio(energyRatio) + "× its energy";
    String text = method + " reaches " + Format.percent(x.accuracy()) + " % in " + steps + " " + energy
        + " (t = " + x.step() + " vs " + y.step() + "; " + Format.energy(x.energy()) + " J vs "
        + Format.energy(y.energy()) + " J per image; each within " + within + " of its own ANN: "
        + Format.percent(na.annAccuracy()) + " % and " + Format.percent(nb.annAccuracy()) + " %).";
    return new Headline(method, baseline, ra, rb, stepRatio, energyRatio, text);
  }
}
