package org.spikebridge.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.metrics.EnergyModel;
import org.spikebridge.metrics.MetricsFiles;
import org.spikebridge.metrics.SweepLayout;

/**
 * The report of a conversion sweep, rendered into its folder: {@code report.md} with the table of
 * every cell (failed and missing ones with their message), and per (checkpoint, T, seed) an
 * accuracy-against-T chart and an accuracy-against-energy chart, each with a line per method and
 * its settings ({@code MethodCharts}), drawn from each done cell's {@code cells/ID/metrics.json}.
 */
public final class SweepReport {
  private SweepReport() {}

  /** Writes {@code sweepDir/plots/*.png|svg}, then {@code sweepDir/report.md}; returns every file written. */
  public static List<Path> render(Path sweepDir) throws IOException {
    SweepTable table = SweepTable.read(sweepDir);
    List<ReportPlots.Figure> figures = new ArrayList<>();
    for (Map.Entry<String, List<SweepTable.Cell>> group : groups(table).entrySet()) {
      DemoResults results = results(sweepDir, group.getValue());
      SweepTable.Cell first = group.getValue().get(0);
      String title = String.format(Locale.ROOT, "Accuracy vs time steps, checkpoint c%d, T = %d, seed %d",
          first.checkpoint(), first.timesteps(), first.seed());
      figures.add(ReportPlots.figure("accuracy-" + group.getKey(), title, "one line per method of the checkpoint "
          + first.checkpointPath() + ", dotted lines the ANN accuracies, T on a log scale",
          t -> MethodCharts.accuracy(results, t)));
      figures.add(ReportPlots.figure("accuracy-energy-" + group.getKey(), title.replace("time steps", "energy"),
          ReportPlots.energyCaption(results.energy()), t -> MethodCharts.accuracyEnergy(results, t)));
    }
    List<Path> written = new ArrayList<>(ReportPlots.write(figures, sweepDir));
    Path report = sweepDir.resolve(ReportRenderer.REPORT);
    AtomicFiles.writeString(report, markdown(table, figures));
    written.add(report);
    return written;
  }

  /** The done cells by (checkpoint, T, seed), e.g. {@code c0-T64-s1}, in grid order. */
  private static Map<String, List<SweepTable.Cell>> groups(SweepTable table) {
    Map<String, List<SweepTable.Cell>> groups = new LinkedHashMap<>();
    for (SweepTable.Cell cell : table.cells()) {
      if (cell.ok()) {
        String key = String.format(Locale.ROOT, "c%d-T%d-s%d", cell.checkpoint(), cell.timesteps(), cell.seed());
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(cell);
      }
    }
    return groups;
  }

  /** The metrics of {@code cells}, one method each, labelled with its method and settings. */
  private static DemoResults results(Path sweepDir, List<SweepTable.Cell> cells) throws IOException {
    List<MethodResult> methods = new ArrayList<>();
    double alpha = Double.NaN;
    for (SweepTable.Cell cell : cells) {
      Path dir = sweepDir.resolve(SweepLayout.metricsFolder(cell.id()));
      MetricsFiles.Contents contents = MetricsFiles.readContents(dir);
      if (contents.metrics().timesteps() != cell.timesteps()) {
        throw new FileFormatException(dir.resolve(MetricsFiles.METRICS), "timesteps",
            cell.timesteps() + " (the T of cell " + cell.id() + ")", contents.metrics().timesteps());
      }
      alpha = Double.isNaN(alpha) ? contents.alpha() : alpha;
      methods.add(MethodResult.of(cell.method(), contents));
    }
    return new DemoResults(Map.of(), "", alpha, EnergyModel.CMOS_45NM, methods);
  }

  /** The text of {@code report.md}. */
  static String markdown(SweepTable table, List<ReportPlots.Figure> figures) {
    StringBuilder md = new StringBuilder("# Sweep report\n\n");
    long ok = table.cells().stream().filter(SweepTable.Cell::ok).count();
    md.append(table.cells().size()).append(" cells, ").append(ok).append(" done; the others failed (with their "
        + "message) or have not run yet.\n\n## Cells\n\n");
    md.append("| cell | checkpoint | method | T | seed | status | ANN (%) | SNN at T (%) | spikes per image "
        + "| seconds | message |\n|---|---|---|---:|---:|---|---:|---:|---:|---:|---|\n");
    for (SweepTable.Cell c : table.cells()) {
      md.append("| ").append(ReportRenderer.cell(c.id())).append(" | ").append(ReportRenderer.cell(c.checkpointPath()))
          .append(" | ").append(ReportRenderer.cell(c.method())).append(" | ").append(c.timesteps()).append(" | ")
          .append(c.seed()).append(" | ").append(c.status()).append(" | ").append(Format.percent(c.annAccuracy()))
          .append(" | ").append(Format.percent(c.accuracy())).append(" | ")
          .append(c.ok() ? Format.spikes(c.spikesPerImage()) : "—").append(" | ")
          .append(c.ok() ? String.format(Locale.ROOT, "%.1f", c.seconds()) : "—").append(" | ")
          .append(ReportRenderer.cell(c.error())).append(" |\n");
    }
    md.append("\n## Accuracy vs time steps and energy\n\n");
    if (figures.isEmpty()) {
      md.append("No cell is done yet.\n");
    }
    for (ReportPlots.Figure figure : figures) {
      ReportRenderer.appendFigure(md, figure);
    }
    return md.toString();
  }
}
