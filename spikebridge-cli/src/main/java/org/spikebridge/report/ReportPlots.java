package org.spikebridge.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.Styler.YAxisPosition;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.metrics.SimulationMetrics;

/**
 * The report's plots (XChart), each written atomically as PNG and SVG. Run with
 * {@code -Djava.awt.headless=true} on a machine without a display.
 */
public final class ReportPlots {
  /** Width of every plot in pixels. */
  public static final int WIDTH = 900;
  /** Height of every plot in pixels. */
  public static final int HEIGHT = 720;

  /** The plots, by base file name (without extension), in report order. */
  public enum Plot {
    /** Accuracy against T for every method, with the ANN accuracies as references. */
    ACCURACY("accuracy", "Accuracy vs time steps"),
    /** K curves per spiking layer (Figs. 4 and 6a). */
    K_CURVES("k-curves", "K curves per spiking layer"),
    /** Ω and threshold per layer (Fig. 6c). */
    OMEGA_THRESHOLD("omega-threshold", "Ω and threshold per spiking layer"),
    /** Power per step with the energy to the target shaded (Fig. 7a). */
    POWER("power", "Power per time step");

    private final String file;
    private final String title;

    Plot(String file, String title) {
      this.file = file;
      this.title = title;
    }

    /** The base file name. */
    public String file() {
      return file;
    }

    /** The plot's title. */
    public String title() {
      return title;
    }
  }

  /** The folder, relative to the run folder, that holds the plots. */
  public static final String FOLDER = "plots";

  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
  private static final BasicStroke SOLID = new BasicStroke(2f);
  private static final BasicStroke DASHED =
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
  private static final BasicStroke DOTTED =
      new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f);

  private ReportPlots() {}

  /** Writes every plot as {@code runDir/plots/<name>.png} and {@code .svg}; returns the files written. */
  public static List<Path> writeAll(DemoResults results, Path runDir) throws IOException {
    Path dir = runDir.resolve(FOLDER);
    List<Path> written = new ArrayList<>();
    for (Plot plot : Plot.values()) {
      XYChart chart = chart(plot, results);
      Path png = dir.resolve(plot.file() + ".png");
      Path svg = dir.resolve(plot.file() + ".svg");
      AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
      AtomicFiles.write(svg, out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
          VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
      written.add(png);
      written.add(svg);
    }
    return written;
  }

  /** The chart of {@code plot}. */
  public static XYChart chart(Plot plot, DemoResults results) {
    XYChart chart = switch (plot) {
      case ACCURACY -> accuracy(results);
      case K_CURVES -> kCurves(results);
      case OMEGA_THRESHOLD -> omegaThreshold(results);
      case POWER -> power(results);
    };
    if (chart.getSeriesMap().isEmpty()) {
      XYSeries none = chart.addSeries("(no data)", new double[] {1}, new double[] {1});
      none.setMarker(SeriesMarkers.NONE);
      none.setLineColor(Color.LIGHT_GRAY);
      chart.getStyler().setYAxisLogarithmic(false);
    }
    return chart;
  }

  private static XYChart base(Plot plot, String xTitle, String yTitle) {
    XYChart chart = new XYChart(WIDTH, HEIGHT);
    chart.setTitle(plot.title());
    chart.setXAxisTitle(xTitle);
    chart.setYAxisTitle(yTitle);
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setMarkerSize(4);
    chart.getStyler().setAntiAlias(true);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
    chart.getStyler().setChartTitleBoxVisible(false);
    return chart;
  }

  private static double[] steps(int timesteps) {
    double[] t = new double[timesteps];
    for (int j = 0; j < timesteps; j++) {
      t[j] = j + 1;
    }
    return t;
  }

  private static XYChart accuracy(DemoResults results) {
    XYChart chart = base(Plot.ACCURACY, "time steps T", "accuracy (%)");
    int maxT = 1;
    for (int i = 0; i < results.methods().size(); i++) {
      MethodResult r = results.methods().get(i);
      SimulationMetrics m = r.metrics();
      maxT = Math.max(maxT, m.timesteps());
      XYSeries s = chart.addSeries(r.method(), steps(m.timesteps()), m.accuracy());
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(PALETTE[i % PALETTE.length]);
      s.setLineStyle(SOLID);
    }
    // One reference line per distinct ANN accuracy, naming the methods that share it.
    Map<Double, List<String>> anns = new LinkedHashMap<>();
    for (MethodResult r : results.methods()) {
      anns.computeIfAbsent(r.annAccuracy(), a -> new ArrayList<>()).add(r.method());
    }
    int i = 0;
    for (Map.Entry<Double, List<String>> e : anns.entrySet()) {
      XYSeries s = chart.addSeries("ANN " + Format.percent(e.getKey()) + " % (" + String.join(", ", e.getValue()) + ")",
          new double[] {1, maxT}, new double[] {e.getKey(), e.getKey()});
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(i == 0 ? Color.BLACK : Color.GRAY);
      s.setLineStyle(DOTTED);
      i++;
    }
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(100.0);
    return chart;
  }

  /** The headline pair if present, else every method (so the plot is never empty for want of names). */
  private static List<MethodResult> pair(DemoResults results) {
    List<MethodResult> pair = new ArrayList<>();
    results.method(ReportNumbers.HEADLINE_METHOD).ifPresent(pair::add);
    results.method(ReportNumbers.HEADLINE_BASELINE).ifPresent(pair::add);
    return pair.isEmpty() ? results.methods() : pair;
  }

  private static BasicStroke strokeOf(MethodResult r, int index) {
    if (r.method().equals(ReportNumbers.HEADLINE_BASELINE)) {
      return DASHED;
    }
    return r.method().equals(ReportNumbers.HEADLINE_METHOD) || index == 0 ? SOLID : DASHED;
  }

  private static XYChart kCurves(DemoResults results) {
    XYChart chart = base(Plot.K_CURVES, "time step t", "K_l(t) (Eq. 7, dimensionless, log scale)");
    chart.getStyler().setYAxisLogarithmic(true);
    List<MethodResult> methods = pair(results);
    for (int i = 0; i < methods.size(); i++) {
      MethodResult r = methods.get(i);
      SimulationMetrics m = r.metrics();
      double[][] k = m.k();
      for (int l = 0; l < k.length; l++) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int j = 0; j < k[l].length; j++) {
          // A log axis cannot show 0, and NaN means no image defined K at that step.
          if (k[l][j] > 0 && Double.isFinite(k[l][j])) {
            xs.add((double) (j + 1));
            ys.add(k[l][j]);
          }
        }
        if (xs.isEmpty()) {
          continue;
        }
        XYSeries s = chart.addSeries(r.method() + " · " + m.layers().get(l), xs, ys);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(PALETTE[l % PALETTE.length]);
        s.setLineStyle(strokeOf(r, i));
        if (i == 0 && m.omega()[l] > 0) {
          addBound(chart, r.method() + " · " + m.layers().get(l), m.bound(l), PALETTE[l % PALETTE.length]);
        }
      }
    }
    return chart;
  }

  /** The name of the series holding Theorem 2's bound 2Ω_l/t of the K curve named {@code curve}. */
  static String boundName(String curve) {
    return curve + " bound 2Ω/t";
  }

  /** Theorem 2's bound (Eq. 8) as a dotted line in the K curve's colour. */
  private static void addBound(XYChart chart, String curve, double[] bound, Color color) {
    XYSeries s = chart.addSeries(boundName(curve), steps(bound.length), bound);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
    s.setLineStyle(DOTTED);
  }

  /** One value per spiking layer l at x = l + 1 (non-finite values left out) on y axis {@code axis}. */
  private static void addPerLayer(XYChart chart, String name, double[] values, int axis, Color color,
      Marker marker, BasicStroke stroke) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int l = 0; l < values.length; l++) {
      if (Double.isFinite(values[l])) {
        xs.add((double) (l + 1));
        ys.add(values[l]);
      }
    }
    if (!xs.isEmpty()) {
      XYSeries s = chart.addSeries(name, xs, ys);
      s.setYAxisGroup(axis);
      s.setLineColor(color);
      s.setMarkerColor(color);
      s.setMarker(marker);
      s.setLineStyle(stroke);
    }
  }

  private static XYChart omegaThreshold(DemoResults results) {
    XYChart chart = base(Plot.OMEGA_THRESHOLD, "spiking layer l (1 = first)", "");
    chart.setYAxisGroupTitle(0, "Ω_l (Theorem 2, dimensionless)");
    chart.setYAxisGroupTitle(1, "threshold θ_l (activation units)");
    chart.getStyler().setYAxisGroupPosition(1, YAxisPosition.Right);
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setMarkerSize(7);
    for (int i = 0; i < results.methods().size(); i++) {
      MethodResult r = results.methods().get(i);
      Color color = PALETTE[i % PALETTE.length];
      addPerLayer(chart, "Ω · " + r.method(), r.metrics().omega(), 0, color, SeriesMarkers.CIRCLE, SOLID);
      double[] thresholds = r.thresholds().stream().mapToDouble(Double::doubleValue).toArray();
      addPerLayer(chart, "θ · " + r.method(), thresholds, 1, color, SeriesMarkers.SQUARE, DASHED);
    }
    return chart;
  }

  private static XYChart power(DemoResults results) {
    XYChart chart = base(Plot.POWER, "time step t (1 ms each)", "power per image (W, Eq. 14, α = "
        + Format.energy(results.alpha()) + " J/spike)");
    List<MethodResult> methods = pair(results);
    for (int i = 0; i < methods.size(); i++) {
      MethodResult r = methods.get(i);
      SimulationMetrics m = r.metrics();
      double[] power = m.power(results.alpha());
      Color color = PALETTE[results.methods().indexOf(r) % PALETTE.length];
      Optional<ReportNumbers.Reached> reached = ReportNumbers.of(r, results.alpha()).reached();
      if (reached.isPresent()) {
        int t = reached.get().step();
        double[] xs = new double[t];
        double[] ys = new double[t];
        for (int j = 0; j < t; j++) {
          xs[j] = j + 1;
          ys[j] = power[j];
        }
        XYSeries area = chart.addSeries(r.method() + ": energy to t = " + t + " (ANN − 1 pt), "
            + Format.energy(reached.get().energy()) + " J", xs, ys);
        area.setXYSeriesRenderStyle(XYSeriesRenderStyle.Area);
        area.setMarker(SeriesMarkers.NONE);
        area.setLineColor(color);
        area.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
      }
      XYSeries s = chart.addSeries(r.method() + (reached.isPresent() ? "" : " (never within 1 pt)"),
          steps(m.timesteps()), power);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(color);
      s.setLineStyle(strokeOf(r, i));
    }
    chart.getStyler().setYAxisMin(0.0);
    return chart;
  }
}
