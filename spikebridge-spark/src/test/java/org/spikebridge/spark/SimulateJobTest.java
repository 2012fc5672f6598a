package org.spikebridge.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.DatasetSource;
import org.spikebridge.data.ImageFit;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.NetworkData;
import org.spikebridge.data.Split;
import org.spikebridge.metrics.MetricsFiles;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.SpikingRun;
import org.spikebridge.simulate.event.EventEngine;

class SimulateJobTest {
  private static final int IMAGES = 44;
  private static final int BATCH = 8;
  private static final int T = 16;
  private static JavaSparkContext spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void slicesAreWholeBatchesInOrder() {
    ImageSet test = new ImageSet("t", 1, 1, 1, 2, new byte[IMAGES], new int[IMAGES]);
    assertThat(SparkSimulation.slices(test, BATCH, 4)).extracting(ImageSet::size).containsExactly(8, 16, 8, 12);
    assertThat(SparkSimulation.slices(test, BATCH, 100)).hasSize(6);
  }

  /**
   * Four partitions on two cores write exactly the files of one machine: the test set simulated
   * in one pass by the code path of {@code spikebridge simulate} (SpikingRun), with the job's own
   * provenance block.
   */
  @Test
  void fourPartitionsWriteTheFilesOfOneMachine(@TempDir Path dir) throws Exception {
    Path snn = TinyProblem.saved(3, dir.resolve("snn"));
    String dataset = TinyProblem.dataset(dir.resolve("data"), IMAGES);
    Path out = dir.resolve("spark");
    MetricsFiles.Contents written = SimulateJob.run(spark, new SimulateJob.Settings(snn.toString(), dataset, null,
        out.toUri().toString(), T, BATCH, 0, 1.0, 4), "test");

    SpikingNetwork network = SpikingNetwork.load(snn);
    DatasetSource source = NetworkData.source(dataset, null, ImageFit.asIs(1), network.network());
    ImageSet test = NetworkData.load(source, Split.TEST, network.network().architecture().inputShape(), snn);
    SimulationOptions options = SimulateJob.options(network, T);
    MetricsFiles.Contents one = new SpikingRun(new EventEngine(1), test, NetworkData.normalization(source,
        network.network()), BATCH).simulate("one machine", network, options, 1.0);
    Path local = dir.resolve("one");
    MetricsFiles.write(one.withRun(MetricsFiles.readContents(out).run()), local);

    assertThat(written.metrics().images()).isEqualTo(IMAGES);
    assertThat(written.metrics().spikesUpTo(T)).as("spikes per image").isPositive();
    for (String file : new String[] {MetricsFiles.METRICS, MetricsFiles.CURVES}) {
      assertThat(Files.readString(out.resolve(file))).as(file).isEqualTo(Files.readString(local.resolve(file)));
    }
    try (var files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("no temporary files left")
          .noneMatch(name -> name.endsWith(".tmp"));
    }
  }
}
