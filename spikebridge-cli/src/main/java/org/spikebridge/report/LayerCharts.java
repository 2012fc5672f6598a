package org.spikebridge.report;

import java.awt.BasicStroke;
import java.awt.Color;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.YAxisPosition;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spikebridge.metrics.SimulationMetrics;

/** The charts per spiking layer: K curves, firing rates, Ω and thresholds. */
final class LayerCharts {
  private LayerCharts() {}

  /** The name of the series holding Theorem 2's bound 2Ω_l/t of the K curve named {@code curve}. */
  static String boundName(String curve) {
    return curve + " bound 2Ω/t";
  }

  /**
   * The K curves of one method (Eq. 7), one colour per spiking layer, each with Theorem 2's bound
   * 2Ω_l/t dotted in its colour, on logarithmic axes.
   */
  static XYChart kCurves(MethodResult r, String title) {
    XYChart chart = ChartStyle.base(title, "time step t (log scale)", "K_l(t) (Eq. 7, dimensionless, log scale)");
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    SimulationMetrics m = r.metrics();
    double[][] k = m.k();
    double[] steps = ChartStyle.oneTo(m.timesteps());
    for (int l = 0; l < k.length; l++) {
      String layer = m.layers().get(l);
      ChartStyle.line(chart, layer, steps, k[l], ChartStyle.color(l), ChartStyle.SOLID);
      ChartStyle.line(chart, boundName(layer), steps, m.bound(l), ChartStyle.color(l), ChartStyle.DOTTED);
    }
    return chart;
  }

  /**
   * For every method with operation counts, the mean firing rate of each spiking layer over its T
   * steps, in spikes per neuron per step, against the layer's index.
   */
  static XYChart firingRates(DemoResults results, String title) {
    XYChart chart = ChartStyle.base(title, "spiking layer l (1 = first)",
        "mean firing rate (spikes per neuron per step)");
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setMarkerSize(7);
    for (int i = 0; i < results.methods().size(); i++) {
      MethodResult r = results.methods().get(i);
      if (r.operations() != null) {
        addPerLayer(chart, r.method(), meanRates(r), 0, ChartStyle.color(i), SeriesMarkers.CIRCLE, ChartStyle.SOLID);
      }
    }
    chart.getStyler().setYAxisMin(0.0);
    return chart;
  }

  /** Per spiking layer, its firing rate averaged over the method's T steps. */
  private static double[] meanRates(MethodResult r) {
    double[][] rates = r.operations().firingRates(r.metrics());
    double[] mean = new double[rates.length];
    for (int l = 0; l < rates.length; l++) {
      double sum = 0;
      for (double rate : rates[l]) {
        sum += rate;
      }
      mean[l] = sum / rates[l].length;
    }
    return mean;
  }

  /** Ω per layer on the left axis and the threshold θ per layer on the right, per method (Fig. 6c). */
  static XYChart omegaThreshold(DemoResults results, String title) {
    XYChart chart = ChartStyle.base(title, "spiking layer l (1 = first)", "");
    chart.setYAxisGroupTitle(0, "Ω_l (Theorem 2, dimensionless)");
    chart.setYAxisGroupTitle(1, "threshold θ_l (activation units)");
    chart.getStyler().setYAxisGroupPosition(1, YAxisPosition.Right);
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setMarkerSize(7);
    for (int i = 0; i < results.methods().size(); i++) {
      MethodResult r = results.methods().get(i);
      Color color = ChartStyle.color(i);
      addPerLayer(chart, "Ω · " + r.method(), r.metrics().omega(), 0, color, SeriesMarkers.CIRCLE, ChartStyle.SOLID);
      double[] thresholds = r.thresholds().stream().mapToDouble(Double::doubleValue).toArray();
      addPerLayer(chart, "θ · " + r.method(), thresholds, 1, color, SeriesMarkers.SQUARE, ChartStyle.DASHED);
    }
    return chart;
  }

  /** One value per spiking layer l at x = l + 1 (non-finite values left out) on y axis {@code axis}. */
  private static void addPerLayer(XYChart chart, String name, double[] values, int axis, Color color,
      Marker marker, BasicStroke stroke) {
    double[] layers = ChartStyle.oneTo(values.length);
    XYSeries s = ChartStyle.line(chart, name, layers, values, color, stroke);
    if (s != null) {
      s.setYAxisGroup(axis);
      s.setMarker(marker);
    }
  }
}
