package org.spikebridge.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.files.StagedFolder;
import org.spikebridge.metrics.EnergyModel;

/**
 * The report's plots (XChart), each written atomically as PNG and SVG: accuracy against T and
 * against energy, one K-curve panel per method, firing rates, Ω and thresholds, and Eq. 14's power.
 * Run with {@code -Djava.awt.headless=true} on a machine without a display.
 */
public final class ReportPlots {
  /** Width of every plot in pixels. */
  public static final int WIDTH = 900;
  /** Height of every plot in pixels. */
  public static final int HEIGHT = 720;
  /** The folder, relative to the run folder, that holds the plots. */
  public static final String FOLDER = "plots";
  /** The base file name of the K-curve panels, followed by the method's {@link #safeFileName}. */
  public static final String K_CURVES = "k-curves-";

  private ReportPlots() {}

  /**
   * One plot.
   *
   * @param file its base file name, without extension, unique among the run's plots
   * @param title its title, also the alt text in {@code report.md}
   * @param caption what it shows, for {@code report.md}
   * @param chart draws it
   */
  public record Figure(String file, String title, String caption, Supplier<XYChart> chart) {}

  /** The plots of {@code results}, in report order. */
  public static List<Figure> figures(DemoResults results) {
    List<Figure> figures = new ArrayList<>();
    figures.add(figure("accuracy", "Accuracy vs time steps", "every method, dotted lines the ANN accuracies, "
        + "T on a log scale", t -> MethodCharts.accuracy(results, t)));
    figures.add(figure("accuracy-energy", "Accuracy vs energy per image", energyCaption(results.energy())
        + withoutCounts(results), t -> MethodCharts.accuracyEnergy(results, t)));
    Set<String> files = new HashSet<>();
    for (MethodResult r : results.methods()) {
      figures.add(figure(unique(files, K_CURVES + safeFileName(r.method())), "K curves of " + r.method(),
          "one colour per spiking layer, dotted in the same colour the bound 2Ω_l/t of Theorem 2, log axes "
              + "(Figs. 4 and 6a)", t -> LayerCharts.kCurves(r, t)));
    }
    figures.add(figure("firing-rates", "Mean firing rate per spiking layer", "each method's spikes per neuron "
        + "per step in each spiking layer, averaged over its T steps" + withoutCounts(results),
        t -> LayerCharts.firingRates(results, t)));
    figures.add(figure("omega-threshold", "Ω and threshold per spiking layer", "Ω per layer (left axis, solid) "
        + "and threshold θ (right axis, dashed) per method (Fig. 6c)", t -> LayerCharts.omegaThreshold(results, t)));
    figures.add(figure("power", "Power per time step", "Eq. 14, P = α × spikes per 1 ms step, in units of "
        + "α (the energy of one spike, which the paper leaves to the hardware), for "
        + Format.list(MethodCharts.powerMethods(results).stream().map(MethodResult::method).toList())
        + ", the energy up to each one's ANN − 1 point step shaded (Fig. 7a)", t -> MethodCharts.power(results, t)));
    return figures;
  }

  /**
   * Writes every plot as {@code runDir/plots/<file>.png} and {@code .svg} and returns the files
   * written. The plots are drawn into a staging folder whose files then replace those of
   * {@code plots/}, one rename each, and plots the new set lacks are deleted
   * ({@link StagedFolder#replace}): whenever the run is killed, every plot is there and complete.
   * A {@code plots} that is a symbolic link is refused before anything is written.
   */
  public static List<Path> writeAll(DemoResults results, Path runDir) throws IOException {
    return write(figures(results), runDir);
  }

  /** Writes {@code figures} as {@link #writeAll} writes the plots of a run. */
  static List<Path> write(List<Figure> figures, Path runDir) throws IOException {
    Path dir = runDir.resolve(FOLDER);
    List<Path> written = new ArrayList<>();
    try (StagedFolder staged = StagedFolder.replace(dir)) {
      for (Figure figure : figures) {
        XYChart chart = figure.chart().get();
        String png = figure.file() + ".png";
        String svg = figure.file() + ".svg";
        AtomicFiles.write(staged.path().resolve(png),
            out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        AtomicFiles.write(staged.path().resolve(svg), out -> VectorGraphicsEncoder.saveVectorGraphic(
            chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        written.add(dir.resolve(png));
        written.add(dir.resolve(svg));
      }
      staged.commit();
    }
    return written;
  }

  /** {@code name} with every character other than A–Z, a–z, 0–9, '.' and '-' replaced by '-'. */
  public static String safeFileName(String name) {
    return name.replaceAll("[^A-Za-z0-9.-]", "-");
  }

  /** The figure drawn by {@code chart} from its title, a placeholder chart when it has no data. */
  static Figure figure(String file, String title, String caption, Function<String, XYChart> chart) {
    return new Figure(file, title, caption, () -> ChartStyle.orPlaceholder(chart.apply(title)));
  }

  /** {@code file}, or {@code file-2}, {@code file-3} … if taken; marked as taken. */
  private static String unique(Set<String> taken, String file) {
    String candidate = file;
    for (int n = 2; !taken.add(candidate); n++) {
      candidate = file + "-" + n;
    }
    return candidate;
  }

  /** The caption of the accuracy-energy chart drawn with {@code energy}. */
  static String energyCaption(EnergyModel energy) {
    return "the SNN's energy per image up to each step t (SOPs × " + Format.exact(energy.picojoulesPerAc())
        + " pJ + t × input-layer MACs × " + Format.exact(energy.picojoulesPerMac()) + " pJ, log scale) against "
        + "its accuracy at t, one line per method; diamonds: each ANN's energy (its MACs × "
        + Format.exact(energy.picojoulesPerMac()) + " pJ) and accuracy";
  }

  /** "; no line for a, b and c, …" naming the methods without operation counts, or nothing. */
  private static String withoutCounts(DemoResults results) {
    List<String> without = results.methods().stream().filter(r -> r.operations() == null)
        .map(MethodResult::method).toList();
    return without.isEmpty() ? "" : "; no line for " + Format.list(without)
        + ", whose results have no operation counts (written by an older version)";
  }
}
