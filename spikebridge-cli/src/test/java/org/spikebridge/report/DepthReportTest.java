package org.spikebridge.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spikebridge.report.HandMadeResults.T;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYSeries;
import org.spikebridge.metrics.SimulationMetrics;

/**
 * The depth report on hand-made runs: the two-layer {@link HandMadeResults} (rnl+ril within 1
 * point at t = 10 with 150 spikes, maxnorm at t = 15 with 90, robustnorm never) and a one-layer
 * network made here.
 */
class DepthReportTest {
  @TempDir
  Path dir;

  /**
   * One spiking layer, ANN 80 %: {@code spikes} per step, accuracy 0 until {@code first}, then 79.5.
   */
  private static MethodResult oneLayer(String method, int first, double spikes) {
    double[] acc = new double[T];
    Arrays.fill(acc, first - 1, T, 79.5);
    double[][] k = new double[1][T];
    Arrays.fill(k[0], 0.5);
    double[][] perStep = new double[1][T];
    Arrays.fill(perStep[0], spikes);
    return new MethodResult(method, 80, new SimulationMetrics(100, T, List.of("fc1"), 80, acc, acc.clone(), k,
        new double[] {1}, perStep), List.of(1.0), null);
  }

  /** rnl+ril at t = 2 with 2 spikes per step (4 to t), maxnorm at t = 4 with 3 per step (12 to t). */
  private static DepthReport.Network shallow() {
    return new DepthReport.Network("one-layer", HandMadeResults.results(oneLayer("rnl+ril", 2, 2),
        oneLayer("maxnorm", 4, 3)));
  }

  private static List<DepthReport.Network> deepFirst() {
    return List.of(new DepthReport.Network("two-layer", HandMadeResults.all()), shallow());
  }

  @Test
  void theTableListsNetworksByDepthWithEachMethodsStepsSpikesAndRatiosToMaxNorm() throws IOException {
    DepthReport.render(deepFirst(), dir);
    String md = Files.readString(dir.resolve("report.md"));
    List<String> rows = md.lines().filter(l -> l.startsWith("| one-layer") || l.startsWith("| two-layer")).toList();
    assertThat(rows).containsExactly(
        "| one-layer | 1 | rnl+ril | 80.00 | 16 | 2 | 79.50 | 4.0 | 0.50 | 0.33 |",
        "| one-layer | 1 | maxnorm | 80.00 | 16 | 4 | 79.50 | 12.0 | 1.00 | 1.00 |",
        "| two-layer | 2 | rnl+ril | 90.00 | 16 | 10 | 89.00 | 150.0 | 0.67 | 1.67 |",
        "| two-layer | 2 | maxnorm | 92.00 | 16 | 15 | 91.00 | 90.0 | 1.00 | 1.00 |",
        "| two-layer | 2 | robustnorm | 90.00 | 16 | — | — | — | — | — |");
    assertThat(dir.resolve("plots/depth-steps.png")).isNotEmptyFile();
    assertThat(dir.resolve("plots/depth-spikes.svg")).isNotEmptyFile();
  }

  /**
   * maxnorm never within 1 point (robustnorm's curve: 2 spikes per step, 32 in T = 16 steps):
   * rnl+ril's t = 10 and 150 spikes give the bounds 10/16 and 150/32.
   */
  @Test
  void whereMaxNormNeverComesWithinOnePointTheRatiosAreBoundsFromItsT() {
    DemoResults slow = HandMadeResults.results(HandMadeResults.rnlRil(),
        HandMadeResults.renamed(HandMadeResults.robust(), "maxnorm", null));
    String md = DepthReport.markdown(List.of(new DepthReport.Network("slow", slow)), List.of());
    assertThat(md.lines().filter(l -> l.startsWith("| slow")).toList()).containsExactly(
        "| slow | 2 | rnl+ril | 90.00 | 16 | 10 | 89.00 | 150.0 | < 0.63 | < 4.69 |",
        "| slow | 2 | maxnorm | 90.00 | 16 | — | — | — | — | — |");
  }

  @Test
  void thePlotsHaveALinePerMethodThroughTheDepthsWhereItCameWithinOnePoint() {
    Map<String, XYSeries> steps = series("depth-steps");
    assertThat(steps).containsOnlyKeys("rnl+ril", "maxnorm");
    assertThat(steps.get("rnl+ril").getXData()).containsExactly(1.0, 2.0);
    assertThat(steps.get("rnl+ril").getYData()).containsExactly(2.0, 10.0);
    assertThat(series("depth-spikes").get("maxnorm").getYData()).containsExactly(12.0, 90.0);
  }

  private static Map<String, XYSeries> series(String file) {
    return DepthReport.figures(DepthReport.byDepth(deepFirst())).stream().filter(f -> f.file().equals(file))
        .findFirst().orElseThrow().chart().get().getSeriesMap();
  }
}
