package org.spikebridge.report;

import org.spikebridge.metrics.SimulationMetrics;
import org.spikebridge.report.Headlines.BestHeadlines;
import org.spikebridge.report.Headlines.EnergyBasis;
import org.spikebridge.report.Headlines.ExtraHeadline;
import org.spikebridge.report.Headlines.Headline;
import org.spikebridge.report.ReportNumbers.Reached;

/** The Headline section of {@code report.md}: the {@link Headlines} as sentences and small tables. */
final class HeadlineSection {
  private HeadlineSection() {}

  /** Appends the section to {@code md}. */
  static void append(StringBuilder md, DemoResults results) {
    md.append("## Headline\n\n");
    Headline paper = Headlines.paper(results);
    md.append(paper.text()).append("\n\n");
    appendDetail(md, paper);
    for (ExtraHeadline extra : Headlines.extra(results)) {
      md.append(extra.introduction()).append(extra.headline().text()).append("\n\n");
      appendDetail(md, extra.headline());
    }
    BestHeadlines best = Headlines.best(results);
    md.append("### Best method\n\n").append(best.text()).append("\n\n");
    for (Headline h : best.headlines()) {
      md.append("Against ").append(h.baseline()).append(": ").append(h.text()).append("\n\n");
      appendDetail(md, h);
    }
    if (results.earlyExit() != null) {
      appendEarlyExit(md, results.earlyExit(), results.method(results.earlyExit().method()).orElseThrow());
    }
  }

  /** The method run with early exit beside its run of T steps for every image. */
  private static void appendEarlyExit(StringBuilder md, EarlyExitSummary exit, MethodResult fixed) {
    SimulationMetrics m = fixed.metrics();
    int t = m.timesteps();
    md.append("### Early exit\n\n").append(ReportRenderer.cell(exit.method())).append(" simulated again with the ")
        .append(exit.rule()).append(" early exit: each image stops on its own once its class is settled")
        .append(exit.rule().startsWith("exact") ? " (it can no longer change up to T, so every class is the one at T)"
            : "").append(".\n\n");
    md.append("| | every image to T | early exit |\n| --- | ---: | ---: |\n");
    md.append("| steps per image, mean | ").append(t).append(" | ").append(Format.spikes(exit.meanSteps()))
        .append(" |\n");
    md.append("| steps within which 95 % of images stop | ").append(t).append(" | ").append(exit.stepsFor95Percent())
        .append(" |\n");
    md.append("| accuracy (%) | ").append(Format.percent(m.accuracyAt(t))).append(" | ")
        .append(Format.percent(exit.accuracy())).append(" |\n");
    md.append("| spikes per image (Eq. 14's energy in units of α) | ").append(Format.spikes(m.spikesUpTo(t)))
        .append(" | ").append(Format.spikes(exit.spikesPerImage())).append(" |\n\n");
  }

  /** The two methods' steps and energies side by side, when both reach their targets. */
  private static void appendDetail(StringBuilder md, Headline h) {
    if (Double.isNaN(h.stepRatio())) {
      return;
    }
    Reached a = h.methodReached().orElseThrow();
    Reached b = h.baselineReached().orElseThrow();
    EnergyBasis basis = h.energyBasis();
    md.append("| | ").append(ReportRenderer.cell(h.method())).append(" | ").append(ReportRenderer.cell(h.baseline()))
        .append(" | ratio |\n");
    md.append("| --- | ---: | ---: | ---: |\n");
    md.append("| first t within ").append(Format.exact(ReportNumbers.WITHIN_POINTS)).append(" point | ")
        .append(a.step()).append(" | ").append(b.step()).append(" | ").append(Format.ratio(h.stepRatio()))
        .append("× fewer steps |\n");
    md.append(basis == EnergyBasis.PICOJOULES ? "| energy to that t, per image | "
            : "| spikes to that t, per image (Eq. 14's energy in units of α) | ")
        .append(basis.shown(a)).append(" | ").append(basis.shown(b)).append(" | ")
        .append(Format.ratio(h.energyRatio())).append("× the energy |\n\n");
  }
}
