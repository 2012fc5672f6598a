package org.spikebridge.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.report.ReportNumbers.MethodNumbers;

/**
 * Renders a run's results ({@code demo} or {@code compare}) as {@code report.md} and the plots of
 * {@link ReportPlots}, every file written
 * atomically. The Markdown is a pure function of the {@link DemoResults}: rendering the same
 * results twice, or results read back from {@code results.json}, gives the same text.
 */
public final class ReportRenderer {
  /** What each method the demo runs is, for the report's Methods section. */
  private static final Map<String, String> METHODS = Map.ofEntries(
      Map.entry("rnl", "the network trained with Rate Norm Layers (fine-tuned from the ReLU twin), "
          + "stage 1 only: each layer's threshold θ = p·running_max as trained (p ≈ 1)."),
      Map.entry("rnl+ril", "rnl after stage 2: one threshold scale p shared by all layers, tuned "
          + "with the Rate Inference Loss (Eq. 13); the candidate with the lowest mean Ω within 1 "
          + "point of stage 1's validation accuracy. As in Eq. 6, a lower p raises every later "
          + "layer's rates by 1/p."),
      Map.entry("rnl+ril-clip", "as rnl+ril, with clip-only scaling (beyond the paper): a lower p "
          + "only clips each layer's largest activations, as Robust Norm does, and p is folded into "
          + "the next layer's weights (`tune --clip-only`). Simulated to T = 128 at most."),
      Map.entry("rnl-q8", "beyond the paper: the ReLU twin fine-tuned with each Rate Norm Layer "
          + "quantized to 8 levels with a half-step shift (clip-floor-shift, Bu et al. 2022; `train "
          + "--levels 8`) and a spike penalty of 0.1 per 1,000 spikes per step (`--spike-penalty "
          + "0.1`), stage 1 only, simulated from v(0) = θ/2, the start that shift stands for, to T = "
          + "64 at most. Its ANN is the quantized network (its spiking layers keep the levels, and "
          + "the simulation compares with them); as t grows its SNN tends to the same network "
          + "without the quantization."),
      Map.entry("rnl+ril-q8", "rnl-q8 after stage 2, as rnl+ril (one shared p, Eq. 6), except that "
          + "p starts from stage 1's 1/2, the threshold the levels were trained with, instead of "
          + "0.95. Simulated and scored as rnl-q8."),
      Map.entry("maxnorm-half", "maxnorm simulated from v(0) = θ/2, to T = 128 at most, to compare "
          + "the quantized methods with at the same start."),
      Map.entry("maxnorm", "the ReLU twin with θ_l = the layer's largest activation on the "
          + "calibration images (data-based Max Norm, Rueckauer et al. 2017)."),
      Map.entry("robustnorm", "the ReLU twin with θ_l = the 99.9th percentile of the layer's "
          + "non-zero activations (Robust Norm)."),
      Map.entry("scaled", "the ReLU twin with Max Norm's thresholds × 0.8 (Han et al. 2020; Fig. 4b)."),
      Map.entry("channelnorm", "the ReLU twin with one threshold per channel, its largest "
          + "activation (Kim et al. 2020)."));

  /** The report's file name. */
  public static final String REPORT = "report.md";

  private ReportRenderer() {}

  /**
   * Writes {@code runDir/plots/*.png|svg} ({@link ReportPlots#writeAll}), then
   * {@code runDir/report.md}; returns every file written. Rendering the same results again, a
   * run killed midway leaves the old or the new report and every plot it links to (their names
   * depend only on the results), each complete, in its old or its new rendering.
   */
  public static List<Path> render(DemoResults results, Path runDir) throws IOException {
    List<Path> written = new ArrayList<>(ReportPlots.writeAll(results, runDir));
    Path report = runDir.resolve(REPORT);
    AtomicFiles.writeString(report, markdown(results));
    written.add(report);
    return written;
  }

  /** The text of {@code report.md}. */
  public static String markdown(DemoResults results) {
    List<MethodNumbers> numbers = ReportNumbers.of(results);
    StringBuilder md = new StringBuilder();
    md.append("# ").append(title(results)).append("\n\n");
    if (!results.dataNote().isEmpty()) {
      md.append("> **Data:** ").append(oneLine(results.dataNote())).append("\n\n");
    }
    md.append("Optimal ANN-to-SNN conversion with Rate Norm Layers and the Rate Inference Loss "
        + "(Ding et al., IJCAI-21), in our numbers. Accuracies are percent of test images; "
        + "constant input coding; membrane potential starting at v(0) = ")
        .append(initialMembrane(results)).append("; ").append(readout(results))
        .append("; one time step lasts 1 ms. All numbers come from `").append(ResultsFile.FILE).append("`.\n\n");
    if (results.methods().isEmpty()) {
      md.append("No method was simulated.\n");
      return md.toString();
    }
    HeadlineSection.append(md, results);
    appendMethods(md, numbers);
    appendConversionLoss(md, numbers);
    appendAccuracyAtSteps(md, numbers);
    EnergySection.append(md, results, numbers);
    appendPlots(md, results);
    md.append("## What K and Ω mean\n\n");
    md.append("A spiking neuron can only report a rate: the spikes it has fired so far divided by the steps t, a "
        + "multiple of 1/t. A layer's spiking rates r_l(t) are therefore a quantized estimate of the rates r̂_l "
        + "the ANN computes (its activations divided by the threshold, in [0, 1]), and the estimate improves as t "
        + "grows; this is why an SNN needs many steps to match its ANN. **K_l(t)** = ‖r_l(t) − r̂_l‖₂² / ‖r̂_l‖₂² "
        + "(Eq. 7, the K curve) measures the relative squared error of that estimate in layer l: 0 means the "
        + "spiking layer reproduces the ANN exactly, and dividing by ‖r̂_l‖₂² makes layers of different sizes "
        + "comparable. Theorem 2 bounds it: K_l(t) < 2Ω_l / t, where **Ω_l** = ‖r̂_l‖₁ / ‖r̂_l‖₂² depends only on "
        + "the ANN's rates. Ω is small when the neurons that fire do so at rates near 1 and large when many fire "
        + "at rates near 0; a small Ω lets K fall fast, so the SNN needs fewer steps. The Rate Norm Layer's "
        + "trainable thresholds and the Rate Inference Loss aim at exactly that. Lower K curves and lower Ω "
        + "(plots above) are better.\n\n");
    appendProvenance(md, results);
    return md.toString();
  }

  /** "SpikeBridge demo report", "SpikeBridge compare report" …, or "SpikeBridge report" if the job is unknown. */
  static String title(DemoResults results) {
    return results.job().map(job -> "SpikeBridge " + oneLine(job) + " report").orElse("SpikeBridge report");
  }

  private static void appendConversionLoss(StringBuilder md, List<MethodNumbers> numbers) {
    md.append("## Conversion loss (Table 1 analog)\n\n");
    md.append("Best SNN accuracy over t ≤ T; conversion loss = ANN − best SNN, in points. ANN is the "
        + "converted network read as rates, each spiking layer at its rate limit clip(x/θ, 0, 1) (Lemma 1): "
        + "for a Rate Norm network the trained network itself (its layers clip at θ), for a ReLU network "
        + "the ReLU network with each activation clipped at its layer's threshold, which lies below the "
        + "ReLU network's accuracy when thresholds cut many activations (robustnorm, scaled).\n\n");
    md.append("| method | ANN (%) | best SNN (%) | at t | T | conversion loss (points) |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (MethodNumbers n : numbers) {
      md.append("| ").append(cell(n.method())).append(" | ").append(Format.percent(n.annAccuracy()))
          .append(" | ").append(Format.percent(n.bestAccuracy())).append(" | ").append(n.bestStep())
          .append(" | ").append(n.timesteps()).append(" | ").append(Format.percent(n.conversionLoss()))
          .append(" |\n");
    }
    md.append('\n');
  }

  private static void appendAccuracyAtSteps(StringBuilder md, List<MethodNumbers> numbers) {
    md.append("## Accuracy at T time steps (Table 2 analog)\n\n");
    List<Integer> steps = numbers.stream().flatMap(n -> n.tableSteps().stream()).distinct().sorted().toList();
    md.append("| method |");
    for (int t : steps) {
      md.append(" T = ").append(t).append(" |");
    }
    md.append("\n| --- |");
    md.append(" ---: |".repeat(steps.size()));
    md.append('\n');
    for (MethodNumbers n : numbers) {
      md.append("| ").append(cell(n.method())).append(" |");
      for (int t : steps) {
        int i = n.tableSteps().indexOf(t);
        md.append(' ').append(i < 0 ? "—" : Format.percent(n.accuracyAtSteps().get(i))).append(" |");
      }
      md.append('\n');
    }
    md.append("\n— : not simulated that long.\n\n");
  }

  /** Every plot inline, with its caption and links to its PNG and SVG. */
  private static void appendPlots(StringBuilder md, DemoResults results) {
    md.append("## Plots\n\n");
    for (ReportPlots.Figure figure : ReportPlots.figures(results)) {
      appendFigure(md, figure);
    }
  }

  /** {@code figure} inline, with its caption and links to its PNG and SVG. */
  static void appendFigure(StringBuilder md, ReportPlots.Figure figure) {
    String base = ReportPlots.FOLDER + "/" + figure.file();
    md.append("**").append(figure.title()).append("** — ").append(figure.caption()).append(". [PNG](")
        .append(base).append(".png), [SVG](").append(base).append(".svg)\n\n");
    md.append("![").append(figure.title()).append("](").append(base).append(".png)\n\n");
  }

  private static void appendProvenance(StringBuilder md, DemoResults results) {
    if (results.provenance().isEmpty()) {
      return;
    }
    md.append("## Provenance\n\n");
    for (Map.Entry<String, Object> e : results.provenance().entrySet()) {
      md.append("- ").append(oneLine(e.getKey())).append(": `")
          .append(oneLine(String.valueOf(e.getValue())).replace("`", "'")).append("`\n");
    }
    md.append('\n');
  }

  /** The run's v(0), and the methods that start from θ/2 regardless. */
  private static String initialMembrane(DemoResults results) {
    String v0 = String.valueOf(results.provenance().getOrDefault(DemoResults.INITIAL_MEMBRANE, "0"));
    List<String> fromHalf = Stream.of(ReportNumbers.QUANTIZED_METHOD,
            ReportNumbers.QUANTIZED_RIL_METHOD, ReportNumbers.HALF_BASELINE)
        .filter(m -> results.method(m).isPresent()).toList();
    return v0.equals("0") && !fromHalf.isEmpty() ? v0 + " (θ/2 for " + Format.list(fromHalf) + ")" : v0;
  }

  /** How the output became a class, as the run's provenance records it (compare's --readout). */
  private static String readout(DemoResults results) {
    Map<String, Object> p = results.provenance();
    if (!"spike-count".equals(p.get(DemoResults.READOUT))) {
      return "the class is the largest accumulated output current";
    }
    Object percentile = p.get(DemoResults.OUTPUT_PERCENTILE);
    return "the class is the output neuron with the most spikes (θ = 1)" + (percentile == null ? ""
        : ", the output layer mapped at percentile " + percentile
            + (Boolean.TRUE.equals(p.get(DemoResults.OUTPUT_MARGIN)) ? " with the runner-up's margin"
                : ""));
  }

  /** What each method this report knows is; nothing if it knows none of them (e.g. a user's labels). */
  private static void appendMethods(StringBuilder md, List<MethodNumbers> numbers) {
    List<String> known = numbers.stream().map(MethodNumbers::method).filter(METHODS::containsKey).toList();
    if (known.isEmpty()) {
      return;
    }
    md.append("## Methods\n\n");
    for (String method : known) {
      md.append("- **").append(cell(method)).append("**: ").append(METHODS.get(method)).append("\n");
    }
    md.append("\n");
  }

  /** {@code text} on one line, safe in a table cell. */
  static String cell(String text) {
    return oneLine(text).replace("|", "\\|");
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
