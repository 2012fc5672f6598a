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
import org.openjdk.jmh.infra.Blackhole;
import org.spikebridge.simulate.IntegrateAndFireNeuron;
import org.spikebridge.simulate.ResetMode;
import org.spikebridge.simulate.event.ConvolutionSynapses;
import org.spikebridge.simulate.event.WeightRuns;

/**
 * The event engine's inner kernels, one step of one image: the spike scatter of a pooled
 * convolution (cnn7's second map: 32×26×26 spikes, AvgPool 2, Conv 3×3 → 32; and a VGG-16 map:
 * 64×32×32, Conv 3×3 pad 1 → 64), the bare weight-run addition, and the membrane update. Spikes
 * are a seeded random 10 % of the source. Run: {@code java -jar spikebridge-bench/target/benchmarks.jar}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class EventKernelBenchmark {

  @Param({"cnn7", "vgg"})
  public String map;

  private ConvolutionSynapses synapses;
  private int[] spikes;
  private int spikeCount;
  private float[] current;
  private int[] scratch;
  private float[] weights;
  private float[] membrane;
  private float[] drive;
  private float[] theta;
  private int[] fired;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(1);
    ConvolutionSynapses.Geometry g = "cnn7".equals(map)
        ? new ConvolutionSynapses.Geometry(32, 26, 26, 2, 2, 0, 3, 3, 1, 0, 32)
        : new ConvolutionSynapses.Geometry(64, 32, 32, 1, 1, 0, 3, 3, 1, 1, 64);
    weights = RandomMaps.weights(g, random);
    synapses = new ConvolutionSynapses(g, weights);
    spikes = new int[synapses.sourceSize()];
    spikeCount = RandomMaps.spikes(synapses.sourceSize(), random, spikes);
    current = new float[synapses.targetSize()];
    scratch = new int[synapses.scratchSize()];
    int n = synapses.sourceSize();
    membrane = new float[n];
    drive = new float[n];
    theta = new float[n];
    fired = new int[n];
    for (int i = 0; i < n; i++) {
      drive[i] = (float) (random.nextDouble() * 0.2);
      theta[i] = 1f;
    }
  }

  /** One step's scatter of 10 % spikes through the pooled convolution. */
  @Benchmark
  public long scatterSpikes() {
    return synapses.addSpikes(spikes, spikeCount, current, scratch);
  }

  /** The bare run addition, 96 floats (three taps of 32 channels), the upper bound per run. */
  @Benchmark
  public void addRunOf96(Blackhole hole) {
    WeightRuns.add(weights, 0, current, 64, 96);
    hole.consume(current);
  }

  /** One step's charge-fire-reset (by subtraction) of every neuron of the source layer. */
  @Benchmark
  public int chargeAndFire() {
    return IntegrateAndFireNeuron.chargeAndFire(membrane, drive, theta, ResetMode.SUBTRACT, fired);
  }
}
