package org.spikebridge.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.convert.ConversionMethods;
import org.spikebridge.convert.ConversionOptions;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.DatasetSource;
import org.spikebridge.data.ImageFit;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.NetworkData;
import org.spikebridge.data.Normalization;
import org.spikebridge.data.Split;
import org.spikebridge.metrics.MetricsFiles;
import org.spikebridge.metrics.SimulationMetrics;
import org.spikebridge.metrics.SweepLayout;
import org.spikebridge.network.Network;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.simulate.SpikingRun;
import org.spikebridge.simulate.event.EventEngine;

class SweepJobTest {
  private static final int IMAGES = 24;
  private static final int BATCH = 8;
  private static final int CALIBRATION = 12;
  private static final List<String> METHODS = List.of("maxnorm", "robustnorm");
  private static final List<Integer> STEPS = List.of(8, 16);
  private static JavaSparkContext spark;
  @TempDir
  static Path shared;
  private static Path ann;
  private static String dataset;

  @BeforeAll
  static void start() throws Exception {
    spark = LocalSpark.start();
    ann = TinyProblem.ann(5, shared.resolve("ann"));
    dataset = TinyProblem.dataset(shared.resolve("data"), IMAGES);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static SweepJob.Settings settings(Path out, List<String> methods, int maxCells) {
    return new SweepJob.Settings(List.of(ann.toString()), methods, STEPS, List.of(1L), dataset, null,
        out.toUri().toString(), BATCH, 0, CALIBRATION, maxCells);
  }

  /** One machine, by core alone: convert with the method's defaults, simulate as simulate does. */
  private static SimulationMetrics single(String method, int timesteps) throws Exception {
    return single(method, ConversionOptions.defaults(), timesteps);
  }

  /** One machine, by core alone: convert with {@code options}, simulate as simulate does. */
  private static SimulationMetrics single(String method, ConversionOptions options, int timesteps)
      throws Exception {
    Network network = NetworkFiles.load(ann);
    DatasetSource source = NetworkData.source(dataset, null, ImageFit.asIs(1), network);
    Normalization normalization = NetworkData.normalization(source, network);
    ImageSet train = source.load(Split.TRAIN);
    SpikingNetwork snn = ConversionMethods.byName(method).convert(network,
        options.withCalibration(CalibrationSet.sample(train, normalization, CALIBRATION, 1)));
    return new SpikingRun(new EventEngine(1), source.load(Split.TEST), normalization, BATCH)
        .simulate(method, snn, SimulateJob.options(snn, timesteps), 1.0).metrics();
  }

  @Test
  void givesTheAccuraciesOfSingleRuns(@TempDir Path out) throws Exception {
    SweepJob.Summary summary = SweepJob.run(spark, settings(out, METHODS, 0));
    assertThat(summary.results()).hasSize(4).allMatch(SweepResult::ok);
    for (SweepResult r : summary.results()) {
      SimulationMetrics one = single(r.cell().method(), r.cell().timesteps());
      assertThat(r.accuracy()).as(r.cell().id()).isEqualTo(one.accuracyAt(r.cell().timesteps()));
      assertThat(r.annAccuracy()).as(r.cell().id()).isEqualTo(one.annAccuracy());
      assertThat(r.spikesPerImage()).as(r.cell().id()).isEqualTo(one.spikesUpTo(r.cell().timesteps()));
    }
    assertThat(Files.readAllLines(out.resolve(SweepLayout.CSV))).hasSize(5)
        .anyMatch(line -> line.contains(",maxnorm,16,1,ok,"));
    assertThat(Files.readString(out.resolve(SweepLayout.TABLE))).contains("\"format\" : \"spikebridge-sweep\"")
        .contains("\"id\" : \"c0-robustnorm-T16-s1\"");
  }

  @Test
  void aCellsMetricsAreThoseOfASingleSimulate(@TempDir Path out) throws Exception {
    SweepJob.run(spark, settings(out, List.of("robustnorm"), 0));
    for (int t : STEPS) {
      Path cell = out.resolve(SweepLayout.CELLS).resolve("c0-robustnorm-T" + t + "-s1");
      MetricsFiles.Contents written = MetricsFiles.readContents(cell);
      assertThat(written.metrics()).isEqualTo(single("robustnorm", t));
      assertThat(written.run()).containsEntry("method", "robustnorm").containsEntry("timesteps", t);
      assertThat(cell.resolve(MetricsFiles.CURVES)).exists();
    }
  }

  @Test
  void settingsCellsGiveTheAccuraciesOfSingleConversionsWithThoseSettings(@TempDir Path out) throws Exception {
    List<String> methods = List.of("robustnorm:percentile=99", "robustnorm:percentile=50",
        "scaled:factor=0.5:form=weight-norm");
    List<ConversionOptions> options = List.of(ConversionOptions.defaults().withPercentile(99),
        ConversionOptions.defaults().withPercentile(50), ConversionOptions.defaults().withFactor(0.5)
            .withForm(ConversionOptions.ThresholdForm.WEIGHT_NORMALIZATION));
    SweepJob.Summary summary = SweepJob.run(spark, settings(out, methods, 0));
    assertThat(summary.results()).hasSize(6).allMatch(SweepResult::ok);
    for (SweepResult r : summary.results()) {
      int m = methods.indexOf(r.cell().method());
      int t = r.cell().timesteps();
      SimulationMetrics one = single(r.cell().method().split(":")[0], options.get(m), t);
      assertThat(r.accuracy()).as(r.cell().id()).isEqualTo(one.accuracyAt(t));
      assertThat(r.spikesPerImage()).as(r.cell().id()).isEqualTo(one.spikesUpTo(t));
    }
    assertThat(summary.results()).extracting(r -> r.cell().id()).contains("c0-robustnorm_percentile_99-T8-s1",
        "c0-robustnorm_percentile_50-T16-s1", "c0-scaled_factor_0.5_form_weight_norm-T8-s1");
    assertThat(Files.readString(out.resolve(SweepLayout.CSV))).contains(",robustnorm:percentile=50,16,1,ok,");
  }

  @Test
  void aBadSettingIsAnErrorNamingTheMethodAndTheSetting() {
    assertThatThrownBy(() -> SweepCell.grid(List.of("a"), List.of("robustnorm:percentil=99"), STEPS, List.of(1L)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("method robustnorm")
        .hasMessageContaining("'percentil=99'").hasMessageContaining("percentile, form, maxpool");
    assertThatThrownBy(() -> SweepCell.grid(List.of("a"), List.of("maxnorm:factor=2"), STEPS, List.of(1L)))
        .hasMessageContaining("method maxnorm").hasMessageContaining("'factor=2'");
    assertThatThrownBy(() -> SweepCell.grid(List.of("a"), List.of("scaled:factor=-1"), STEPS, List.of(1L)))
        .hasMessage("method scaled: setting factor=-1: expected a positive finite threshold factor, found -1.0");
    assertThatThrownBy(() -> SweepCell.grid(List.of("a"), List.of("robustnorm:percentile=x"), STEPS, List.of(1L)))
        .hasMessage("method robustnorm: setting percentile=x: expected a number, found 'x'");
    assertThatThrownBy(() -> SweepCell.grid(List.of("a"), List.of("maxnorm:form=x"), STEPS, List.of(1L)))
        .hasMessage("method maxnorm: setting form=x: expected balancing or weight-norm, found 'x'");
  }

  @Test
  void aRerunComputesOnlyTheMissingCells(@TempDir Path out) throws Exception {
    SweepJob.Summary first = SweepJob.run(spark, settings(out, METHODS, 1));
    assertThat(first.computed()).containsExactly("c0-maxnorm-T8-s1");
    assertThat(first.results()).extracting(SweepResult::status)
        .containsExactly(SweepResult.OK, SweepResult.MISSING, SweepResult.MISSING, SweepResult.MISSING);
    Path done = out.resolve(SweepLayout.CELLS).resolve("c0-maxnorm-T8-s1.json");
    String before = Files.readString(done);
    Files.setLastModifiedTime(done, FileTime.fromMillis(1_000_000));

    SweepJob.Summary second = SweepJob.run(spark, settings(out, METHODS, 0));
    assertThat(second.computed()).containsExactly("c0-maxnorm-T16-s1", "c0-robustnorm-T8-s1",
        "c0-robustnorm-T16-s1");
    assertThat(second.results()).allMatch(SweepResult::ok);
    assertThat(Files.getLastModifiedTime(done).toMillis()).as("the done cell is not rewritten").isEqualTo(1_000_000);
    assertThat(Files.readString(done)).isEqualTo(before);
    assertThat(second.results().get(0)).isEqualTo(first.results().get(0));
  }

  @Test
  void aFailedCellIsReportedAndRedoneLater(@TempDir Path out) throws Exception {
    // rnl converts only Rate Norm Layers; this checkpoint has ReLUs
    SweepJob.Summary summary = SweepJob.run(spark, new SweepJob.Settings(List.of(ann.toString()),
        List.of("rnl", "maxnorm"), List.of(8), List.of(1L), dataset, null, out.toUri().toString(), BATCH, 0,
        CALIBRATION, 0));
    assertThat(summary.results()).extracting(SweepResult::status).containsExactly(SweepResult.FAILED, SweepResult.OK);
    assertThat(summary.results().get(0).error()).startsWith("IllegalArgumentException: ")
        .contains("the rnl method needs Rate Norm Layers");
    assertThat(Files.readString(out.resolve(SweepLayout.CSV))).contains(",rnl,8,1,failed,");
    assertThat(Files.exists(out.resolve(SweepLayout.CELLS).resolve("c0-rnl-T8-s1.json"))).isFalse();
    assertThat(Files.exists(out.resolve(SweepLayout.CELLS).resolve("c0-rnl-T8-s1"))).isFalse();
    assertThat(out.resolve(SweepLayout.CELLS).resolve("c0-maxnorm-T8-s1").resolve(MetricsFiles.METRICS)).exists();
  }
}
