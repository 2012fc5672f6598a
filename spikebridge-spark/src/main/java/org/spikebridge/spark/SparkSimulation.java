package org.spikebridge.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.Normalization;
import org.spikebridge.metrics.SimulationRecorder;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.SpikingRun;
import org.spikebridge.simulate.event.EventEngine;

/**
 * A test set simulated on Spark: split into slices of whole batches, one per partition; each task
 * simulates its slice with the event engine into a recorder of its own, and the driver
 * {@link SimulationRecorder#merge merges} them. As the recorder's sums are exact and the batches
 * are those of one machine (same size, same boundaries, so the same Poisson draws), the merged
 * metrics equal those of {@link SpikingRun} over the whole set, whatever the partitioning.
 */
public final class SparkSimulation {
  /** One single-threaded engine per task thread: Spark runs tasks in parallel, not the engine. */
  private static final ThreadLocal<EventEngine> ENGINE = ThreadLocal.withInitial(() -> new EventEngine(1));

  private SparkSimulation() {}

  /** The engine's name, for provenance. */
  public static String engineName() {
    return engine().name();
  }

  /** The event engine of the calling task thread. */
  static EventEngine engine() {
    return ENGINE.get();
  }

  /**
   * The recorder of the network broadcast as {@code snn}, simulated with {@code options} on
   * {@code test} (pixels normalized by {@code normalization}, {@code batchSize} images per
   * batch) over {@code partitions} tasks.
   */
  public static SimulationRecorder record(JavaSparkContext spark, Broadcast<NetworkFolder> snn, ImageSet test,
      Normalization normalization, int batchSize, SimulationOptions options, int partitions) {
    List<ImageSet> slices = slices(test, batchSize, partitions);
    List<SimulationRecorder> parts = spark.parallelize(slices, slices.size())
        .map(slice -> new SpikingRun(engine(), slice, normalization, batchSize)
            .record(snn.value().spikingNetwork(), options))
        .collect();
    SimulationRecorder merged = SpikingRun.recorder(snn.value().spikingNetwork(), options);
    parts.forEach(merged::merge);
    return merged;
  }

  /**
   * {@code test} cut into at most {@code partitions} consecutive slices of whole batches of
   * {@code batchSize} images (the last batch may be smaller), as evenly as the batches allow.
   */
  static List<ImageSet> slices(ImageSet test, int batchSize, int partitions) {
    if (batchSize <= 0 || partitions <= 0) {
      throw new IllegalArgumentException("batch size and partitions must be > 0, found " + batchSize + " and "
          + partitions);
    }
    int batches = (test.size() + batchSize - 1) / batchSize;
    int parts = Math.min(partitions, batches);
    List<ImageSet> slices = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) batches * p / parts) * batchSize;
      int to = Math.min(test.size(), (int) ((long) batches * (p + 1) / parts) * batchSize);
      slices.add(test.subset(IntStream.range(from, to).toArray()));
    }
    return slices;
  }
}
