package org.spikebridge.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The look shared by the report's charts: size, colours, strokes, and lines that suit their axes. */
final class ChartStyle {
  /** One colour per method or per layer, repeating after ten. */
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
  static final BasicStroke SOLID = new BasicStroke(2f);
  static final BasicStroke DASHED =
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
  static final BasicStroke DOTTED =
      new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f);

  private ChartStyle() {}

  /** The colour of the {@code index}-th method or layer. */
  static Color color(int index) {
    return PALETTE[index % PALETTE.length];
  }

  /** An empty chart of the report's size and look. */
  static XYChart base(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChart(ReportPlots.WIDTH, ReportPlots.HEIGHT);
    chart.setTitle(title);
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

  /** 1, 2, …, n: the steps of a run, or the indices of its spiking layers. */
  static double[] oneTo(int n) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = i + 1;
    }
    return values;
  }

  /**
   * Adds a line without markers through the points a chart can show: finite, and positive on a
   * logarithmic axis (NaN means no image defined the value). Returns null if no point is left.
   */
  static XYSeries line(XYChart chart, String name, double[] xs, double[] ys, Color color, BasicStroke stroke) {
    boolean logX = chart.getStyler().isXAxisLogarithmic();
    boolean logY = chart.getStyler().isYAxisLogarithmic();
    List<Double> keptX = new ArrayList<>();
    List<Double> keptY = new ArrayList<>();
    for (int i = 0; i < xs.length; i++) {
      if (Double.isFinite(xs[i]) && Double.isFinite(ys[i]) && (!logX || xs[i] > 0) && (!logY || ys[i] > 0)) {
        keptX.add(xs[i]);
        keptY.add(ys[i]);
      }
    }
    if (keptX.isEmpty()) {
      return null;
    }
    XYSeries s = chart.addSeries(name, keptX, keptY);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
    s.setMarkerColor(color);
    s.setLineStyle(stroke);
    return s;
  }

  /** {@code chart}, with a grey placeholder series and linear axes if it has no series. */
  static XYChart orPlaceholder(XYChart chart) {
    if (chart.getSeriesMap().isEmpty()) {
      XYSeries none = chart.addSeries("(no data)", new double[] {1}, new double[] {1});
      none.setMarker(SeriesMarkers.NONE);
      none.setLineColor(Color.LIGHT_GRAY);
      chart.getStyler().setXAxisLogarithmic(false);
      chart.getStyler().setYAxisLogarithmic(false);
    }
    return chart;
  }
}
