package org.spikebridge.report;

import java.util.List;
import org.spikebridge.metrics.EnergyModel;
import org.spikebridge.report.ReportNumbers.MethodNumbers;
import org.spikebridge.report.ReportNumbers.Reached;

/**
 * The section of {@code report.md} on the steps and energy to reach the ANN − 1 point: the energy
 * model's constants, then per method what the SNN spent to its first step within reach, in spikes,
 * synaptic operations and picojoules, against the ANN's MACs and picojoules.
 */
final class EnergySection {
  private static final String NONE = "—";

  private EnergySection() {}

  /** Appends the section to {@code md}. */
  static void append(StringBuilder md, DemoResults results, List<MethodNumbers> numbers) {
    String within = Format.exact(ReportNumbers.WITHIN_POINTS);
    md.append("## Steps and energy to reach ANN − ").append(within).append(" point\n\n");
    md.append("The first step t whose accuracy is at least the ANN's minus ").append(within)
        .append(" point, and what the network spent in steps 1..t, per image (all spiking layers).\n\n");
    appendModel(md, results.energy());
    md.append("| method | target (%) | first t | accuracy at t (%) | spikes per image "
        + "| SOPs per image | SNN energy | ANN MACs | ANN energy | SNN / ANN energy |\n");
    md.append("| --- |").append(" ---: |".repeat(9)).append('\n');
    for (MethodNumbers n : numbers) {
      md.append("| ").append(ReportRenderer.cell(n.method())).append(" | ").append(Format.percent(n.target()))
          .append(" | ").append(reachedCells(n)).append(" | ")
          .append(n.annCost().map(c -> Format.count(c.macs())).orElse(NONE)).append(" | ")
          .append(n.annCost().map(c -> Format.picojoules(c.picojoules())).orElse(NONE)).append(" | ")
          .append(n.reached().flatMap(Reached::snnCost).map(c -> Format.ratio(c.annRatio())).orElse(NONE))
          .append(" |\n");
    }
    md.append('\n');
  }

  /** The constants of the energy model and Eq. 14, once. */
  private static void appendModel(StringBuilder md, EnergyModel energy) {
    String ac = Format.exact(energy.picojoulesPerAc()) + " pJ";
    String mac = Format.exact(energy.picojoulesPerMac()) + " pJ";
    md.append("Energy model: ").append(ac).append(" per accumulate (AC), ").append(mac)
        .append(" per multiply-accumulate (MAC)")
        .append(energy.equals(EnergyModel.CMOS_45NM) ? ", 45 nm CMOS (Horowitz, ISSCC 2014)" : "")
        .append("; the SNN's first layer receives the analog input and does its MACs at every step; "
            + "SOPs = spikes × the layer's mean fan-out. SNN energy = SOPs × ").append(ac)
        .append(" + t × the input layer's MACs × ").append(mac).append("; ANN energy = its MACs × ").append(mac)
        .append(", once per image. The paper's Eq. 14 takes the energy as α × spikes, with α the energy "
            + "of one spike, which it leaves to the hardware: the spikes column is that energy in units of α. "
            + "— : not reached, or no operation counts in the results (written by an older version).\n\n");
  }

  /** The cells from "first t" to "SNN energy". */
  private static String reachedCells(MethodNumbers n) {
    if (n.reached().isEmpty()) {
      return "not within T = " + n.timesteps() + (" | " + NONE).repeat(4);
    }
    Reached x = n.reached().get();
    return x.step() + " | " + Format.percent(x.accuracy()) + " | " + Format.spikes(x.spikesPerImage()) + " | "
        + x.snnCost().map(c -> Format.count(c.synapticOperations()) + " | " + Format.picojoules(c.picojoules()))
            .orElse(NONE + " | " + NONE);
  }
}
