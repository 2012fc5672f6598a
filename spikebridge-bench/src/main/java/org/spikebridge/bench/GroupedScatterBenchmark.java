package org.spikebridge.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spikebridge.simulate.event.ConvolutionSynapses;

/**
 * One step of eight images through a VGG-16 map too large for a core's cache, seeded random 10 %
 * spikes per image: image after image, as the event engine adds the maps that fit the cache,
 * against the eight images together, sorted by source channel, as it adds these. The maps: conv4
 * (512×4×4 spikes, Conv 3×3 pad 1 → 512: 9.4 MB of weights, which a large L3 still holds) and the
 * classifier's second Linear (4096 → 4096: 64 MB, from main memory).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GroupedScatterBenchmark {
  private static final int IMAGES = 8;

  @Param({"conv512", "linear4096"})
  public String map;

  private ConvolutionSynapses synapses;
  private int[][] spikes;
  private int[] counts;
  private float[][] currents;
  private int[] scratch;
  private int[] groupScratch;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(1);
    ConvolutionSynapses.Geometry g = "conv512".equals(map)
        ? new ConvolutionSynapses.Geometry(512, 4, 4, 1, 1, 0, 3, 3, 1, 1, 512)
        : new ConvolutionSynapses.Geometry(4096, 1, 1, 1, 1, 0, 1, 1, 1, 0, 4096);
    synapses = new ConvolutionSynapses(g, RandomMaps.weights(g, random));
    spikes = new int[IMAGES][synapses.sourceSize()];
    counts = new int[IMAGES];
    currents = new float[IMAGES][synapses.targetSize()];
    for (int image = 0; image < IMAGES; image++) {
      counts[image] = RandomMaps.spikes(synapses.sourceSize(), random, spikes[image]);
    }
    scratch = new int[synapses.scratchSize()];
    groupScratch = new int[synapses.groupScratchSize(IMAGES)];
  }

  /** The eight images' spikes, image after image. */
  @Benchmark
  public long imageAfterImage() {
    long additions = 0;
    for (int image = 0; image < IMAGES; image++) {
      additions += synapses.addSpikes(spikes[image], counts[image], currents[image], scratch);
    }
    return additions;
  }

  /** The eight images' spikes together, channel by channel. */
  @Benchmark
  public long together() {
    return synapses.addSpikes(spikes, counts, currents, IMAGES, groupScratch);
  }
}
