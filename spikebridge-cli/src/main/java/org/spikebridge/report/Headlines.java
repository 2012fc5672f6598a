package org.spikebridge.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.spikebridge.report.ReportNumbers.MethodNumbers;
import org.spikebridge.report.ReportNumbers.Reached;

/**
 * The report's comparisons of two methods, each at its first step within
 * {@link ReportNumbers#WITHIN_POINTS} of its own ANN: the paper's headline ({@code rnl+ril} against
 * {@code maxnorm}), the headlines beyond the paper whose methods the run has, and the best method of
 * any run against {@code maxnorm} and {@code robustnorm}.
 */
public final class Headlines {
  private static final String WITHIN = Format.exact(ReportNumbers.WITHIN_POINTS) + " point"
      + (ReportNumbers.WITHIN_POINTS == 1 ? "" : "s");

  private Headlines() {}

  /** What a headline's energy counts. */
  public enum EnergyBasis {
    /** The energy model's picojoules: when both methods have operation counts. */
    PICOJOULES,
    /** Spikes, Eq. 14's energy divided by α (the same ratio for any α): when either lacks counts. */
    SPIKES;

    /** Picojoules when both methods have operation counts, else spikes. */
    static EnergyBasis between(MethodNumbers a, MethodNumbers b) {
      return a.annCost().isPresent() && b.annCost().isPresent() ? PICOJOULES : SPIKES;
    }

    /** What {@code r} spent in this basis. */
    public double of(Reached r) {
      return this == PICOJOULES ? r.snnCost().orElseThrow().picojoules() : r.spikesPerImage();
    }

    /** What {@code r} spent, as the report prints it, e.g. {@code 820 pJ} or {@code 150.0 spikes}. */
    String shown(Reached r) {
      return this == PICOJOULES ? Format.picojoules(of(r)) : Format.spikes(of(r)) + " spikes";
    }

    /** What a method that spent none of it spent: "energy" or "spikes". */
    String noun() {
      return this == PICOJOULES ? "energy" : "spikes";
    }

    /** The words after the energies of a comparison, saying what they are. */
    String note() {
      return this == PICOJOULES ? "" : "; Eq. 14's energy, spikes × α, has the same ratio for any α";
    }
  }

  /**
   * A headline beyond the paper's.
   *
   * @param key its field in {@code results.json}
   * @param introduction the words that introduce it in {@code report.md}
   * @param headline the comparison
   */
  public record ExtraHeadline(String key, String introduction, Headline headline) {}

  /**
   * A comparison: {@code method} reaches its target in {@code stepRatio}× fewer steps than
   * {@code baseline} at {@code energyRatio}× its energy. The ratios are numbers only when both
   * methods reach their targets; otherwise they are NaN and {@code text} says why not.
   *
   * @param stepRatio baseline's step / method's step
   * @param energyRatio method's energy / baseline's energy in {@code energyBasis}; NaN if the
   *     baseline spent none
   * @param energyBasis what the energies count
   * @param text the sentence the report shows
   */
  public record Headline(String method, String baseline, Optional<Reached> methodReached,
      Optional<Reached> baselineReached, double stepRatio, double energyRatio, EnergyBasis energyBasis,
      String text) {}

  /**
   * The best method of a run against the baselines it has.
   *
   * @param best the method that first comes within {@link ReportNumbers#WITHIN_POINTS} of its ANN at
   *     the fewest steps (ties: the lower energy, then report order); empty if none does
   * @param headlines the best method against {@code maxnorm} and {@code robustnorm}, each when the run
   *     has it and it is not the best
   * @param text the sentence that introduces them, or says why there are none
   */
  public record BestHeadlines(Optional<String> best, List<Headline> headlines, String text) {}

  /** The paper's headline: {@link ReportNumbers#HEADLINE_METHOD} against {@link ReportNumbers#HEADLINE_BASELINE}. */
  public static Headline paper(DemoResults results) {
    return of(results, ReportNumbers.HEADLINE_METHOD, ReportNumbers.HEADLINE_BASELINE);
  }

  /**
   * The headlines beyond the paper's whose two methods the run has: {@code rnl+ril-clip} against
   * {@code maxnorm}, then {@code rnl+ril-q8} against it and against {@code maxnorm-half}.
   */
  public static List<ExtraHeadline> extra(DemoResults results) {
    List<ExtraHeadline> extra = new ArrayList<>();
    addIfRun(extra, results, "clipOnlyHeadline", "Beyond the paper, with clip-only scaling: ",
        ReportNumbers.CLIP_ONLY_METHOD, ReportNumbers.HEADLINE_BASELINE);
    addIfRun(extra, results, "quantizedHeadline", "Beyond the paper, both stages with Rate Norm "
        + "Layers quantized to 8 levels, a spike penalty in stage 1 and v(0) = θ/2: ",
        ReportNumbers.QUANTIZED_RIL_METHOD, ReportNumbers.HEADLINE_BASELINE);
    addIfRun(extra, results, "quantizedAgainstHalfHeadline", "The same against Max Norm also "
        + "started at v(0) = θ/2: ", ReportNumbers.QUANTIZED_RIL_METHOD, ReportNumbers.HALF_BASELINE);
    return extra;
  }

  /** The best method of the run against {@code maxnorm} and {@code robustnorm}. */
  public static BestHeadlines best(DemoResults results) {
    Optional<MethodNumbers> best = bestOf(ReportNumbers.of(results));
    if (best.isEmpty()) {
      return new BestHeadlines(Optional.empty(), List.of(), "No method comes within " + WITHIN
          + " of its ANN within its T steps, so none is best.");
    }
    String name = best.get().method();
    List<String> baselines = Stream.of(ReportNumbers.HEADLINE_BASELINE, ReportNumbers.ROBUST_BASELINE)
        .filter(b -> !b.equals(name)).toList();
    List<Headline> headlines = baselines.stream().filter(b -> results.method(b).isPresent())
        .map(b -> of(results, name, b)).toList();
    String text = "The best method, the one that first comes within " + WITHIN + " of its ANN at the "
        + "fewest steps (ties: the lower energy), is " + name + ", at t = "
        + best.get().reached().orElseThrow().step()
        + (headlines.isEmpty() ? "; this run has no " + String.join(" and no ", baselines)
            + " to compare it with." : ".");
    return new BestHeadlines(Optional.of(name), headlines, text);
  }

  /** The headline of {@code method} against {@code baseline}. */
  public static Headline of(DemoResults results, String method, String baseline) {
    Optional<MethodResult> a = results.method(method);
    Optional<MethodResult> b = results.method(baseline);
    if (a.isEmpty() || b.isEmpty()) {
      List<String> missing = new ArrayList<>();
      a.ifPresentOrElse(x -> { }, () -> missing.add(method));
      b.ifPresentOrElse(x -> { }, () -> missing.add(baseline));
      return new Headline(method, baseline, Optional.empty(), Optional.empty(), Double.NaN, Double.NaN,
          EnergyBasis.SPIKES, "No headline: it compares " + method + " with " + baseline
              + ", and this run has no " + String.join(" and no ", missing) + ".");
    }
    MethodNumbers na = ReportNumbers.of(a.get(), results);
    MethodNumbers nb = ReportNumbers.of(b.get(), results);
    EnergyBasis basis = EnergyBasis.between(na, nb);
    if (na.reached().isPresent() && nb.reached().isPresent()) {
      return bothReach(na, nb, basis);
    }
    return new Headline(method, baseline, na.reached(), nb.reached(), Double.NaN, Double.NaN, basis,
        notBoth(na, nb, basis));
  }

  /** The method first within reach at the fewest steps; ties: the lower energy, then report order. */
  private static Optional<MethodNumbers> bestOf(List<MethodNumbers> numbers) {
    List<MethodNumbers> reaching = numbers.stream().filter(n -> n.reached().isPresent()).toList();
    int fewest = reaching.stream().mapToInt(n -> n.reached().orElseThrow().step()).min().orElse(0);
    List<MethodNumbers> tied = reaching.stream().filter(n -> n.reached().orElseThrow().step() == fewest).toList();
    EnergyBasis basis = tied.stream().allMatch(n -> n.annCost().isPresent())
        ? EnergyBasis.PICOJOULES : EnergyBasis.SPIKES;
    return tied.stream().min(Comparator.comparingDouble(n -> basis.of(n.reached().orElseThrow())));
  }

  private static void addIfRun(List<ExtraHeadline> extra, DemoResults results, String key,
      String introduction, String method, String baseline) {
    if (results.method(method).isPresent() && results.method(baseline).isPresent()) {
      extra.add(new ExtraHeadline(key, introduction, of(results, method, baseline)));
    }
  }

  private static Headline bothReach(MethodNumbers na, MethodNumbers nb, EnergyBasis basis) {
    Reached x = na.reached().orElseThrow();
    Reached y = nb.reached().orElseThrow();
    double stepRatio = (double) y.step() / x.step();
    double energyRatio = basis.of(y) > 0 ? basis.of(x) / basis.of(y) : Double.NaN;
    String steps = stepRatio >= 1
        ? Format.ratio(stepRatio) + "× fewer steps than " + nb.method()
        : Format.ratio(1 / stepRatio) + "× more steps than " + nb.method();
    String energy = Double.isNaN(energyRatio)
        ? "while " + nb.method() + " spent no " + basis.noun() + " (energy ratio undefined)"
        : "at " + Format.ratio(energyRatio) + "× its energy";
    String text = na.method() + " reaches " + Format.percent(x.accuracy()) + " % in " + steps + " " + energy
        + " (t = " + x.step() + " vs " + y.step() + "; " + basis.shown(x) + " vs " + basis.shown(y)
        + " per image" + basis.note() + "; each within " + WITHIN + " of its own ANN: "
        + Format.percent(na.annAccuracy()) + " % and " + Format.percent(nb.annAccuracy()) + " %).";
    return new Headline(na.method(), nb.method(), na.reached(), nb.reached(), stepRatio, energyRatio, basis, text);
  }

  /** The sentence when at most one of the two methods reaches its target. */
  private static String notBoth(MethodNumbers na, MethodNumbers nb, EnergyBasis basis) {
    String method = na.method();
    String baseline = nb.method();
    if (na.reached().isEmpty() && nb.reached().isEmpty()) {
      return "Neither " + method + " nor " + baseline + " comes within " + WITHIN + " of its ANN within T = "
          + na.timesteps() + " (" + method + ") and T = " + nb.timesteps() + " (" + baseline + ") steps.";
    }
    if (na.reached().isEmpty()) {
      Reached y = nb.reached().orElseThrow();
      return method + " does not come within " + WITHIN + " of its ANN (" + Format.percent(na.annAccuracy())
          + " %) within T = " + na.timesteps() + " steps; " + baseline + " reaches " + Format.percent(y.accuracy())
          + " % at t = " + y.step() + ".";
    }
    Reached x = na.reached().orElseThrow();
    return method + " reaches " + Format.percent(x.accuracy()) + " % at t = " + x.step() + " (within " + WITHIN
        + " of its ANN's " + Format.percent(na.annAccuracy()) + " %), using " + basis.shown(x)
        + " per image; " + baseline + " does not come within " + WITHIN + " of its ANN within T = "
        + nb.timesteps() + " steps, so more than " + Format.ratio((double) nb.timesteps() / x.step())
        + "× as many steps.";
  }
}
