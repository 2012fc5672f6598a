package org.spikebridge.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spikebridge.metrics.OperationCounts;
import org.spikebridge.metrics.SimulationMetrics;
import org.spikebridge.report.ReportNumbers.Reached;

/** The charts of whole networks, one line per method: accuracy against T and against energy, and power. */
final class MethodCharts {
  /** Picojoules in one microjoule, the unit of the accuracy-energy chart. */
  private static final double PICOJOULES_PER_MICROJOULE = 1e6;

  private MethodCharts() {}

  /**
   * Accuracy against T for every method, T on a logarithmic axis with ticks at powers of two
   * (drawn as log₂ T on a linear axis, labelled 2^x), and the ANN accuracies as dotted references.
   */
  static XYChart accuracy(DemoResults results, String title) {
    XYChart chart = ChartStyle.base(title, "time steps T (log scale)", "accuracy (%)");
    int maxT = 1;
    for (int i = 0; i < results.methods().size(); i++) {
      MethodResult r = results.methods().get(i);
      maxT = Math.max(maxT, r.metrics().timesteps());
      ChartStyle.line(chart, r.method(), log2(ChartStyle.oneTo(r.metrics().timesteps())), r.metrics().accuracy(),
          ChartStyle.color(i), ChartStyle.SOLID);
    }
    double right = Math.max(1, Math.ceil(Math.log(maxT) / Math.log(2)));
    // One reference line per distinct ANN accuracy, naming the methods that share it.
    Map<Double, List<String>> anns = new LinkedHashMap<>();
    for (MethodResult r : results.methods()) {
      anns.computeIfAbsent(r.annAccuracy(), a -> new ArrayList<>()).add(r.method());
    }
    int i = 0;
    for (Map.Entry<Double, List<String>> e : anns.entrySet()) {
      ChartStyle.line(chart, "ANN " + Format.percent(e.getKey()) + " % (" + String.join(", ", e.getValue()) + ")",
          new double[] {0, right}, new double[] {e.getKey(), e.getKey()}, i == 0 ? Color.BLACK : Color.GRAY,
          ChartStyle.DOTTED);
      i++;
    }
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(right);
    chart.getStyler().setxAxisTickLabelsFormattingFunction(MethodCharts::powerOfTwoLabel);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(100.0);
    return chart;
  }

  /** The tick label of log₂ T = x: 2^x at whole x, none between. */
  static String powerOfTwoLabel(double x) {
    long whole = Math.round(x);
    return Math.abs(x - whole) < 1e-9 && whole >= 0 && whole < 62 ? Long.toString(1L << whole) : "";
  }

  private static double[] log2(double[] values) {
    double[] logs = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      logs[i] = Math.log(values[i]) / Math.log(2);
    }
    return logs;
  }

  /**
   * Accuracy at each step t against the SNN's energy per image up to t, in µJ on a logarithmic
   * axis, for every method with operation counts; a diamond per distinct ANN at its energy and
   * accuracy, in the colour of its first method.
   */
  static XYChart accuracyEnergy(DemoResults results, String title) {
    XYChart chart = ChartStyle.base(title, "energy per image up to step t (µJ, log scale)", "accuracy at t (%)");
    chart.getStyler().setXAxisLogarithmic(true);
    Map<List<Double>, List<String>> anns = new LinkedHashMap<>();
    Map<List<Double>, Color> annColors = new LinkedHashMap<>();
    for (int i = 0; i < results.methods().size(); i++) {
      MethodResult r = results.methods().get(i);
      OperationCounts counts = r.operations();
      if (counts == null) {
        continue;
      }
      double[] microjoules = results.energy().snnPicojoules(r.metrics(), counts);
      for (int j = 0; j < microjoules.length; j++) {
        microjoules[j] /= PICOJOULES_PER_MICROJOULE;
      }
      ChartStyle.line(chart, r.method(), microjoules, r.metrics().accuracy(), ChartStyle.color(i), ChartStyle.SOLID);
      List<Double> ann =
          List.of(results.energy().annPicojoules(counts) / PICOJOULES_PER_MICROJOULE, r.annAccuracy());
      anns.computeIfAbsent(ann, a -> new ArrayList<>()).add(r.method());
      annColors.putIfAbsent(ann, ChartStyle.color(i));
    }
    for (Map.Entry<List<Double>, List<String>> e : anns.entrySet()) {
      double energy = e.getKey().get(0);
      double accuracy = e.getKey().get(1);
      XYSeries s = ChartStyle.line(chart, "ANN of " + String.join(", ", e.getValue()) + ": "
          + Format.picojoules(energy * PICOJOULES_PER_MICROJOULE) + ", " + Format.percent(accuracy) + " %",
          new double[] {energy}, new double[] {accuracy}, annColors.get(e.getKey()), ChartStyle.SOLID);
      if (s != null) {
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.DIAMOND);
      }
    }
    chart.getStyler().setMarkerSize(10);
    return chart;
  }

  /** The methods of the power chart: the paper's headline pair if the run has either, else every method. */
  static List<MethodResult> powerMethods(DemoResults results) {
    List<MethodResult> pair = new ArrayList<>();
    results.method(ReportNumbers.HEADLINE_METHOD).ifPresent(pair::add);
    results.method(ReportNumbers.HEADLINE_BASELINE).ifPresent(pair::add);
    return pair.isEmpty() ? results.methods() : pair;
  }

  /**
   * Eq. 14's power per step of {@link #powerMethods} in units of α (spikes per 1 ms step), the
   * energy up to the ANN − 1 point step shaded.
   */
  static XYChart power(DemoResults results, String title) {
    XYChart chart = ChartStyle.base(title, "time step t (1 ms each)",
        "spikes per step per image (Eq. 14's power in units of α per ms)");
    List<MethodResult> methods = powerMethods(results);
    for (int i = 0; i < methods.size(); i++) {
      MethodResult r = methods.get(i);
      SimulationMetrics m = r.metrics();
      double[] power = m.totalSpikesPerImage();
      Color color = ChartStyle.color(results.methods().indexOf(r));
      Optional<Reached> reached = ReportNumbers.of(r, results).reached();
      reached.ifPresent(x -> shade(chart, r.method() + ": energy to t = " + x.step() + " (ANN − 1 pt), "
          + Format.spikes(x.spikesPerImage()) + " spikes", power, x.step(), color));
      boolean dashed = r.method().equals(ReportNumbers.HEADLINE_BASELINE)
          || !r.method().equals(ReportNumbers.HEADLINE_METHOD) && i > 0;
      ChartStyle.line(chart, r.method() + (reached.isPresent() ? "" : " (never within 1 pt)"),
          ChartStyle.oneTo(m.timesteps()), power, color, dashed ? ChartStyle.DASHED : ChartStyle.SOLID);
    }
    chart.getStyler().setYAxisMin(0.0);
    return chart;
  }

  /** The area under {@code power} for steps 1..t. */
  private static void shade(XYChart chart, String name, double[] power, int t, Color color) {
    double[] ys = new double[t];
    System.arraycopy(power, 0, ys, 0, t);
    XYSeries area = ChartStyle.line(chart, name, ChartStyle.oneTo(t), ys, color, ChartStyle.SOLID);
    if (area != null) {
      area.setXYSeriesRenderStyle(XYSeriesRenderStyle.Area);
      area.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
    }
  }
}
