package org.spikebridge.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.spikebridge.report.HandMadeResults.T;
import static org.spikebridge.report.HandMadeResults.all;
import static org.spikebridge.report.HandMadeResults.maxnorm;
import static org.spikebridge.report.HandMadeResults.renamed;
import static org.spikebridge.report.HandMadeResults.results;
import static org.spikebridge.report.HandMadeResults.rnlRil;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYSeries;
import org.spikebridge.metrics.SimulationMetrics;
import org.spikebridge.report.ReportPlots.Figure;

class ReportPlotsTest {
  @TempDir
  Path dir;

  private static Figure figure(DemoResults results, String file) {
    return ReportPlots.figures(results).stream().filter(f -> f.file().equals(file)).findFirst().orElseThrow();
  }

  private static Map<String, XYSeries> series(DemoResults results, String file) {
    return figure(results, file).chart().get().getSeriesMap();
  }

  @Test
  void figuresComeInReportOrderWithOneKCurvePanelPerMethod() {
    assertThat(ReportPlots.figures(all())).extracting(Figure::file).containsExactly("accuracy", "accuracy-energy",
        "k-curves-rnl-ril", "k-curves-maxnorm", "k-curves-robustnorm", "firing-rates", "omega-threshold", "power");
  }

  @Test
  void fileNamesAreSafeAndUnique() throws IOException {
    assertThat(ReportPlots.safeFileName("rnl+ril-q8")).isEqualTo("rnl-ril-q8");
    assertThat(ReportPlots.safeFileName("my net/v2 (β)")).isEqualTo("my-net-v2----");
    assertThat(ReportPlots.safeFileName("a.b-C9")).isEqualTo("a.b-C9");
    DemoResults clash = results(rnlRil(), renamed(maxnorm(), "rnl-ril", null), renamed(maxnorm(), "rnl ril", null));
    assertThat(ReportPlots.figures(clash)).extracting(Figure::file)
        .contains("k-curves-rnl-ril", "k-curves-rnl-ril-2", "k-curves-rnl-ril-3");
    ReportPlots.writeAll(clash, dir);
    assertThat(dir.resolve("plots/k-curves-rnl-ril-3.svg")).exists();
  }

  @Test
  void accuracyIsPlottedAgainstLogTwoOfTWithPowerOfTwoTicks() {
    XYSeries rnl = series(all(), "accuracy").get("rnl+ril");
    assertThat(rnl.getXData()[0]).isEqualTo(0.0);
    assertThat(rnl.getXData()[7]).isCloseTo(3, within(1e-12));
    assertThat(rnl.getXData()[T - 1]).isCloseTo(4, within(1e-12));
    assertThat(rnl.getYData()[7]).isEqualTo(80.0);
    assertThat(MethodCharts.powerOfTwoLabel(0)).isEqualTo("1");
    assertThat(MethodCharts.powerOfTwoLabel(3)).isEqualTo("8");
    assertThat(MethodCharts.powerOfTwoLabel(8)).isEqualTo("256");
    assertThat(MethodCharts.powerOfTwoLabel(2.5)).isEmpty();
  }

  /** 82 pJ per step for rnl+ril, 16 × 0.9 + 46 = 60.4 pJ for maxnorm; both ANNs 4600 pJ; robustnorm has no counts. */
  @Test
  void accuracyAgainstEnergyHasALinePerMethodWithCountsAndTheAnnsAsMarkers() {
    Map<String, XYSeries> series = series(all(), "accuracy-energy");
    XYSeries rnl = series.get("rnl+ril");
    for (int t = 1; t <= T; t++) {
      assertThat(rnl.getXData()[t - 1]).as("t = %d", t).isCloseTo(82e-6 * t, within(1e-15));
    }
    assertThat(rnl.getYData()[9]).isEqualTo(89.0);
    assertThat(series.get("maxnorm").getXData()[14]).isCloseTo(906e-6, within(1e-15));
    assertThat(series).doesNotContainKey("robustnorm");
    XYSeries ann = series.get("ANN of rnl+ril: 4.600 nJ, 90.00 %");
    assertThat(ann.getXData()).containsExactly(0.0046);
    assertThat(ann.getYData()).containsExactly(90.0);
    assertThat(series).containsKey("ANN of maxnorm: 4.600 nJ, 92.00 %");
    assertThat(figure(all(), "accuracy-energy").caption())
        .contains("0.9 pJ").contains("4.6 pJ").contains("no line for robustnorm");
  }

  @Test
  void eachKCurvePanelHasOneColourPerLayerAndTheoremTwosBoundInIt() {
    MethodResult rnl = rnlRil();
    Map<String, XYSeries> series = series(all(), "k-curves-rnl-ril");
    SimulationMetrics m = rnl.metrics();
    for (int l = 0; l < m.layers().size(); l++) {
      String layer = m.layers().get(l);
      XYSeries bound = series.get(LayerCharts.boundName(layer));
      assertThat(bound.getLineColor()).isEqualTo(series.get(layer).getLineColor());
      for (int t = 1; t <= T; t++) {
        assertThat(bound.getYData()[t - 1]).as("%s at t = %d", layer, t).isCloseTo(2 * m.omega()[l] / t, within(1e-12));
      }
    }
    assertThat(series.get("conv1").getLineColor()).isNotEqualTo(series.get("fc1").getLineColor());
    // fc1's K is NaN at t = 1 and 0 at t = 16: a log axis shows the 14 steps between.
    assertThat(series.get("fc1").getXData()).hasSize(T - 2);
    assertThat(series.get("conv1").getYData()[3]).isCloseTo(0.25, within(1e-12));
    // maxnorm's fc1 has no Ω, so no bound.
    assertThat(series(all(), "k-curves-maxnorm")).containsKey("fc1").doesNotContainKey(LayerCharts.boundName("fc1"));
  }

  /** rnl+ril 10/20 and 5/5 spikes per neuron per step, maxnorm 4/20 and 2/5; robustnorm has no counts. */
  @Test
  void firingRatesAreTheMeanSpikesPerNeuronPerStep() {
    Map<String, XYSeries> series = series(all(), "firing-rates");
    assertThat(series.get("rnl+ril").getXData()).containsExactly(1.0, 2.0);
    assertThat(series.get("rnl+ril").getYData()).containsExactly(new double[] {0.5, 1.0}, within(1e-12));
    assertThat(series.get("maxnorm").getYData()).containsExactly(new double[] {0.2, 0.4}, within(1e-12));
    assertThat(series).doesNotContainKey("robustnorm");
  }

  @Test
  void powerStatesAlphaAndChartsWithoutDataGetAPlaceholder() {
    assertThat(figure(all(), "power").caption()).contains("in units of α").contains("rnl+ril and maxnorm");
    DemoResults noCounts = results(renamed(rnlRil(), "rnl+ril", null));
    assertThat(series(noCounts, "accuracy-energy")).containsOnlyKeys("(no data)");
    assertThat(series(noCounts, "firing-rates")).containsOnlyKeys("(no data)");
    assertThat(List.of(figure(noCounts, "accuracy-energy").caption())).allMatch(c -> c.contains("no line for rnl+ril"));
  }
}
