package org.spikebridge.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.report.ReportNumbers.MethodNumbers;
import org.spikebridge.report.ReportNumbers.Reached;

/**
 * The depth curve: for networks of different depth, each compared with the same methods (one demo
 * or compare run each), every method's first step within {@link ReportNumbers#WITHIN_POINTS} of
 * its own ANN and the spikes per image up to it, against the number of spiking layers; as a table
 * with each method's ratios to Max Norm, and as two plots.
 */
public final class DepthReport {
  private DepthReport() {}

  /**
   * One network's run.
   *
   * @param name the network's name in the report (its run folder's name)
   * @param results its demo or compare results
   */
  public record Network(String name, DemoResults results) {
    /** The spiking layers of its deepest converted network. */
    int spikingLayers() {
      return results.methods().stream().mapToInt(m -> m.metrics().layers().size()).max().orElse(0);
    }
  }

  /** Writes {@code dir/plots/depth-*.png|svg}, then {@code dir/report.md}; returns every file written. */
  public static List<Path> render(List<Network> networks, Path dir) throws IOException {
    List<Network> byDepth = byDepth(networks);
    List<ReportPlots.Figure> figures = figures(byDepth);
    List<Path> written = new ArrayList<>(ReportPlots.write(figures, dir));
    Path report = dir.resolve(ReportRenderer.REPORT);
    AtomicFiles.writeString(report, markdown(byDepth, figures));
    written.add(report);
    return written;
  }

  /** {@code networks} from the fewest spiking layers to the most (ties in the order given). */
  static List<Network> byDepth(List<Network> networks) {
    return networks.stream().sorted(Comparator.comparingInt(Network::spikingLayers)).toList();
  }

  /** The two plots: steps and spikes to within 1 point, against depth. */
  static List<ReportPlots.Figure> figures(List<Network> byDepth) {
    return List.of(
        ReportPlots.figure("depth-steps", "First step within 1 point of the ANN vs depth", "one line per "
            + "method, log scale; a method missing at a depth did not come within 1 point by its T",
            t -> chart(byDepth, t, "first step t within 1 point", Reached::step)),
        ReportPlots.figure("depth-spikes", "Spikes to that step vs depth", "spikes per image of all "
            + "spiking layers in steps 1..t, one line per method, log scale",
            t -> chart(byDepth, t, "spikes per image to t", Reached::spikesPerImage)));
  }

  /** The text of {@code report.md}: the table of every network and method, then the plots. */
  static String markdown(List<Network> byDepth, List<ReportPlots.Figure> figures) {
    StringBuilder md = new StringBuilder("# Depth report\n\n");
    md.append("Each network's methods as its run measured them, in order of depth. First t: the first step whose "
        + "accuracy is within ").append(Format.exact(ReportNumbers.WITHIN_POINTS)).append(" point of the method's "
        + "own ANN; spikes: per image, all spiking layers, steps 1..t; the ratios compare with ")
        .append(ReportNumbers.HEADLINE_BASELINE).append(" on the same network; \"< x\" where ")
        .append(ReportNumbers.HEADLINE_BASELINE).append(" did not come within 1 point by its T: x is the ratio to its "
        + "T and to its spikes in T steps, which it would have exceeded. — : not within 1 point by T.\n\n");
    md.append("| network | spiking layers | method | ANN (%) | T | first t | accuracy at t (%) | spikes per image "
        + "| steps vs " + ReportNumbers.HEADLINE_BASELINE + " | spikes vs " + ReportNumbers.HEADLINE_BASELINE
        + " |\n|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Network network : byDepth) {
      List<MethodNumbers> numbers = ReportNumbers.of(network.results());
      Optional<Reached> baseline = numbers.stream()
          .filter(n -> n.method().equals(ReportNumbers.HEADLINE_BASELINE)).findFirst()
          .flatMap(MethodNumbers::reached);
      Optional<Reached> bound = network.results().methods().stream()
          .filter(m -> m.method().equals(ReportNumbers.HEADLINE_BASELINE)).findFirst().map(DepthReport::atT);
      for (MethodNumbers n : numbers) {
        md.append("| ").append(ReportRenderer.cell(network.name())).append(" | ").append(network.spikingLayers())
            .append(" | ").append(ReportRenderer.cell(n.method())).append(" | ").append(Format.percent(n.annAccuracy()))
            .append(" | ").append(n.timesteps()).append(" | ")
            .append(n.reached().map(r -> Integer.toString(r.step())).orElse("—")).append(" | ")
            .append(n.reached().map(r -> Format.percent(r.accuracy())).orElse("—")).append(" | ")
            .append(n.reached().map(r -> Format.spikes(r.spikesPerImage())).orElse("—")).append(" | ")
            .append(ratio(n.reached(), baseline, bound, Reached::step)).append(" | ")
            .append(ratio(n.reached(), baseline, bound, Reached::spikesPerImage)).append(" |\n");
      }
    }
    md.append("\n## Plots\n\n");
    for (ReportPlots.Figure figure : figures) {
      ReportRenderer.appendFigure(md, figure);
    }
    return md.toString();
  }

  /** A run's step T, with its accuracy and spikes per image in steps 1..T. */
  private static Reached atT(MethodResult result) {
    int t = result.metrics().timesteps();
    return new Reached(t, result.metrics().accuracyAt(t), result.metrics().spikesUpTo(t), Double.NaN,
        Optional.empty());
  }

  /**
   * The method's value over the baseline's, e.g. "0.33"; where only the method came within 1 point,
   * "&lt; x" with x its value over the baseline's at T; — when the method did not.
   */
  private static String ratio(Optional<Reached> method, Optional<Reached> baseline, Optional<Reached> bound,
      ToDoubleFunction<Reached> value) {
    if (method.isEmpty() || bound.isEmpty()) {
      return "—";
    }
    double mine = value.applyAsDouble(method.get());
    return baseline.isPresent() ? Format.ratio(mine / value.applyAsDouble(baseline.get()))
        : "< " + Format.ratio(mine / value.applyAsDouble(bound.get()));
  }

  /** A line per method through the networks (x: spiking layers) where it came within 1 point. */
  private static XYChart chart(List<Network> byDepth, String title, String yTitle, ToDoubleFunction<Reached> value) {
    Map<String, double[]> lines = new LinkedHashMap<>();
    Set<String> methods = new LinkedHashSet<>();
    byDepth.forEach(n -> n.results().methods().forEach(m -> methods.add(m.method())));
    for (String method : methods) {
      double[] ys = new double[byDepth.size()];
      for (int i = 0; i < byDepth.size(); i++) {
        DemoResults results = byDepth.get(i).results();
        ys[i] = results.methods().stream().filter(m -> m.method().equals(method)).findFirst()
            .flatMap(m -> ReportNumbers.of(m, results).reached()).map(value::applyAsDouble).orElse(Double.NaN);
      }
      lines.put(method, ys);
    }
    double[] xs = byDepth.stream().mapToDouble(Network::spikingLayers).toArray();
    XYChart chart = ChartStyle.base(title, "spiking layers", yTitle);
    chart.getStyler().setYAxisLogarithmic(true);
    int index = 0;
    for (Map.Entry<String, double[]> line : lines.entrySet()) {
      XYSeries series = ChartStyle.line(chart, line.getKey(), xs, line.getValue(), ChartStyle.color(index++),
          ChartStyle.SOLID);
      if (series != null) {
        series.setMarker(SeriesMarkers.CIRCLE); // a method may reach within 1 point at one depth only
      }
    }
    return chart;
  }
}
