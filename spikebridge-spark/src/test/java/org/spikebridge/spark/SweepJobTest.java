package org.spikebridge.spark;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.spikebridge.metrics.SimulationMetrics;
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
    Network network = NetworkFiles.load(ann);
    DatasetSource source = NetworkData.source(dataset, null, ImageFit.asIs(1), network);
    Normalization normalization = NetworkData.normalization(source, network);
    ImageSet train = source.load(Split.TRAIN);
    SpikingNetwork snn = ConversionMethods.byName(method).convert(network, ConversionOptions.defaults()
        .withCalibration(CalibrationSet.sample(train, normalization, CALIBRATION, 1)));
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
    assertThat(Files.readAllLines(out.resolve(SweepFiles.CSV))).hasSize(5)
        .anyMatch(line -> line.contains(",maxnorm,16,1,ok,"));
  }

  @Test
  void aRerunComputesOnlyTheMissingCells(@TempDir Path out) throws Exception {
    SweepJob.Summary first = SweepJob.run(spark, settings(out, METHODS, 1));
    assertThat(first.computed()).containsExactly("c0-maxnorm-T8-s1");
    assertThat(first.results()).extracting(SweepResult::status)
        .containsExactly(SweepResult.OK, SweepResult.MISSING, SweepResult.MISSING, SweepResult.MISSING);
    Path done = out.resolve(SweepFiles.CELLS).resolve("c0-maxnorm-T8-s1.json");
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
    assertThat(Files.readString(out.resolve(SweepFiles.CSV))).contains(",rnl,8,1,failed,");
    assertThat(Files.exists(out.resolve(SweepFiles.CELLS).resolve("c0-rnl-T8-s1.json"))).isFalse();
  }
}
