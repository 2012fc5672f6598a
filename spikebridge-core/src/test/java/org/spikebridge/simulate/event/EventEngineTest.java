package org.spikebridge.simulate.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikebridge.convert.AnalogReference;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.metrics.SimulationMetrics;
import org.spikebridge.metrics.SimulationRecorder;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.BatchReference;
import org.spikebridge.simulate.EarlyExit;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.RandomSpikingNetworks;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.Recording;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.StepRecord;

/** The event engine on a network small enough to simulate by hand, and its kernels against naive code. */
class EventEngineTest {
  private static final Provenance PROVENANCE = new Provenance("hand", 1, "test", Map.of(), Map.of());
  private static final EventEngine ENGINE = new EventEngine(2);

  /**
   * input [1, 3, 3] → conv 2×2 (weights 0.5 on the diagonal, bias 0.25) → if (θ = 1) → flatten →
   * fc (4 → 2: class 0 sums the diagonal neurons, class 1 is 10 × the others).
   */
  private static SpikingNetwork hand() {
    return hand(0);
  }

  /** {@link #hand()} with its spiking layer standing for rates quantized to {@code levels}. */
  private static SpikingNetwork hand(int levels) {
    Architecture a = new Architecture("hand", TensorShape.of(1, 3, 3), 2, List.of(
        new Layer.Conv2d("conv", List.of("input"), 1, 1, 2, 1, 0, true),
        new Layer.IntegrateAndFire("if", List.of("conv"), false, levels),
        new Layer.Flatten("flatten", List.of("if")),
        new Layer.Linear("fc", List.of("flatten"), 4, 2, false)));
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("conv.weight", new Tensor(TensorShape.of(1, 1, 2, 2), new float[] {0.5f, 0, 0, 0.5f}));
    p.put("conv.bias", new Tensor(TensorShape.of(1), new float[] {0.25f}));
    p.put("if.threshold", new Tensor(TensorShape.of(1), new float[] {1}));
    p.put("fc.weight", new Tensor(TensorShape.of(2, 4), new float[] {1, 0, 0, 1, 0, 10, 10, 0}));
    return new SpikingNetwork(new Network(a, p, PROVENANCE));
  }

  /** The 3×3 identity image, label 1. */
  private static Batch diagonal() {
    return new Batch(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new int[] {1}, 1, 1, 3, 3);
  }

  private static Recording record(EventEngine engine, SpikingNetwork snn, Batch batch,
      SimulationOptions options) {
    Recording recorder = new Recording();
    engine.simulate(snn, batch, options, recorder);
    return recorder;
  }

  private static List<StepRecord> run(SpikingNetwork snn, Batch batch, SimulationOptions options,
      List<BatchReference> references) {
    Recording recorder = record(ENGINE, snn, batch, options);
    references.addAll(recorder.batches);
    return recorder.steps;
  }

  @Test
  void simulatesTheHandWorkedNetwork() {
    // Currents: 1.25 on the diagonal neurons a, 0.25 on the others b. From v = 0, a fires at
    // every step; b reaches θ at t = 4. r̂ = [1, .25, .25, 1], ‖r̂‖² = 2.125, Ω = 2.5 / 2.125.
    // Output: class 0 gets 2 per step; class 1 gets 20 at t = 4 → accumulated [8, 20] at t = 4.
    // K(t) = 2·0.25² / 2.125 while b is silent (t ≤ 3), 0 at t = 4. The ANN: [2, 5] → class 1.
    List<BatchReference> refs = new ArrayList<>();
    List<StepRecord> steps = run(hand(), diagonal(),
        new SimulationOptions(4, InputCoding.CONSTANT, InitialMembrane.ZERO, Readout.ACCUMULATE, 1), refs);
    assertThat(refs.get(0).annPredictions()).containsExactly(1);
    assertThat(refs.get(0).omega()[0][0]).isCloseTo(2.5f / 2.125f, within(1e-6f));
    assertThat(steps).extracting(s -> s.spikes()[0]).containsExactly(2L, 2L, 2L, 4L);
    assertThat(steps).extracting(s -> s.predictions()[0]).containsExactly(0, 0, 0, 1);
    for (int t = 0; t < 3; t++) {
      assertThat(steps.get(t).k()[0][0]).isCloseTo(0.125f / 2.125f, within(1e-6f));
    }
    assertThat(steps.get(3).k()[0][0]).isCloseTo(0f, within(1e-6f));
  }

  /**
   * With 3 levels the ANN rate of b is floor(3·0.25 + 1/2)/3 = 1/3: r̂ = [1, 1/3, 1/3, 1], ‖r̂‖² =
   * 20/9, Ω = (8/3)/(20/9) = 1.2, K(t) = 2·(1/3)²/(20/9) = 0.1 while b is silent and
   * 2·(1/4 − 1/3)²/(20/9) = 0.00625 at t = 4; the spikes are those of the network without levels.
   */
  @Test
  void comparesAQuantizedLayerWithItsQuantizedRates() {
    List<BatchReference> refs = new ArrayList<>();
    List<StepRecord> steps = run(hand(3), diagonal(),
        new SimulationOptions(4, InputCoding.CONSTANT, InitialMembrane.ZERO, Readout.ACCUMULATE, 1), refs);
    assertThat(refs.get(0).omega()[0][0]).isCloseTo(1.2f, within(1e-6f));
    assertThat(steps).extracting(s -> s.spikes()[0]).containsExactly(2L, 2L, 2L, 4L);
    for (int t = 0; t < 3; t++) {
      assertThat(steps.get(t).k()[0][0]).isCloseTo(0.1f, within(1e-6f));
    }
    assertThat(steps.get(3).k()[0][0]).isCloseTo(0.00625f, within(1e-6f));
  }

  /**
   * Each neuron's count, reported in [C, H, W] order: a 1×1 conv with weights 0.5 and 1 makes two
   * channels of the input pixels (1, 0.5), currents (0.5, 0.25) and (1, 0.5), which fire 2, 1, 4
   * and 2 times in 4 steps from v = 0 (θ = 1).
   */
  @Test
  void reportsEachNeuronsSpikeCountInChannelHeightWidthOrder() {
    Architecture a = new Architecture("two-channels", TensorShape.of(1, 1, 2), 2, List.of(
        new Layer.Conv2d("conv", List.of("input"), 1, 2, 1, 1, 0, false),
        new Layer.IntegrateAndFire("if", List.of("conv"), false),
        new Layer.Flatten("flatten", List.of("if")),
        new Layer.Linear("fc", List.of("flatten"), 4, 2, false)));
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("conv.weight", new Tensor(TensorShape.of(2, 1, 1, 1), new float[] {0.5f, 1}));
    p.put("if.threshold", new Tensor(TensorShape.of(1), new float[] {1}));
    p.put("fc.weight", Tensor.filled(TensorShape.of(2, 4), 0f));
    List<int[][][]> counts = record(ENGINE, new SpikingNetwork(new Network(a, p, PROVENANCE)),
        new Batch(new float[] {1, 0.5f}, new int[1], 1, 1, 1, 2),
        new SimulationOptions(4, InputCoding.CONSTANT, InitialMembrane.ZERO, Readout.ACCUMULATE, 1)).spikeCounts;
    assertThat(counts).hasSize(1);
    assertThat(counts.get(0)[0][0]).containsExactly(2, 1, 4, 2);
  }

  @Test
  void startsFromHalfTheThreshold() {
    // v(0) = 0.5: b reaches 1.0 at t = 2 and fires; a fires at every step.
    List<StepRecord> steps = run(hand(), diagonal(), new SimulationOptions(4, InputCoding.CONSTANT,
        InitialMembrane.HALF_THRESHOLD, Readout.ACCUMULATE, 1), new ArrayList<>());
    assertThat(steps).extracting(s -> s.spikes()[0]).containsExactly(2L, 4L, 2L, 2L);
    assertThat(steps).extracting(s -> s.predictions()[0]).containsExactly(0, 1, 1, 1);
  }

  @Test
  void countsOutputSpikesForTheSpikeCountReadout() {
    // Output currents per step: [2, 0], [2, 0], [2, 0], [2, 20] → class 0 spikes at every step
    // (threshold 1, reset by subtraction), class 1 once at t = 4: class 0 leads all along.
    List<StepRecord> steps = run(hand(), diagonal(), new SimulationOptions(4, InputCoding.CONSTANT,
        InitialMembrane.ZERO, Readout.SPIKE_COUNT, 1), new ArrayList<>());
    assertThat(steps).extracting(s -> s.predictions()[0]).containsExactly(0, 0, 0, 0);
  }

  @Test
  void feedsTheKCurvesOfTheRecorder() {
    SimulationRecorder recorder = new SimulationRecorder(List.of("if"), 4);
    ENGINE.simulate(hand(), diagonal(), new SimulationOptions(4, InputCoding.CONSTANT,
        InitialMembrane.ZERO, Readout.ACCUMULATE, 1), recorder);
    SimulationMetrics m = recorder.result();
    assertThat(m.annAccuracy()).isEqualTo(100.0);
    assertThat(m.accuracy()).containsExactly(0, 0, 0, 100);
    assertThat(m.spikesPerImage()[0]).containsExactly(2, 2, 2, 4);
    assertThat(m.k()[0][0]).isCloseTo(0.125 / 2.125, within(1e-6));
    assertThat(m.k()[0][3]).isCloseTo(0, within(1e-6));
    assertThat(m.omega()[0]).isCloseTo(2.5 / 2.125, within(1e-6));
  }

  /**
   * An observer that reads only the classes gets the hand-worked spikes and classes without the
   * ANN's analog pass: its ANN class is −1, and Ω and K are NaN, where the full run has 1, 2.5 /
   * 2.125 and 0.125 / 2.125.
   */
  @Test
  void skipsTheAnalogPassForAnObserverOfClassesOnly() {
    SimulationOptions options = new SimulationOptions(4, InputCoding.CONSTANT, InitialMembrane.ZERO,
        Readout.ACCUMULATE, 1);
    Recording classes = new Recording(false);
    ENGINE.simulate(hand(), diagonal(), options, classes);
    assertThat(classes.steps).extracting(s -> s.spikes()[0]).containsExactly(2L, 2L, 2L, 4L);
    assertThat(classes.steps).extracting(s -> s.predictions()[0]).containsExactly(0, 0, 0, 1);
    assertThat(classes.batches.get(0).annPredictions()).containsExactly(-1);
    assertThat(classes.batches.get(0).omega()[0][0]).isNaN();
    assertThat(classes.steps).allSatisfy(s -> assertThat(s.k()[0][0]).isNaN());
  }

  /**
   * On a random network of three spiking layers with pooling, under constant coding and the exact
   * early exit, skipping the analog pass changes no spike, no class and no stop at any step.
   */
  @Test
  void givesTheSameSpikesAndClassesWithoutTheAnalogPass() {
    Batch batch = uniformImages(9, 2, 8);
    SpikingNetwork snn = FiringRateCalibration.calibrate(
        RandomSpikingNetworks.of(threeLayers("deep", 2, 8, 16, 5), 5), batch, 0.2);
    SimulationOptions options = new SimulationOptions(40, InputCoding.CONSTANT, InitialMembrane.HALF_THRESHOLD,
        Readout.ACCUMULATE, 1).withEarlyExit(EarlyExit.exact());
    Recording full = record(ENGINE, snn, batch, options);
    Recording classes = new Recording(false);
    ENGINE.simulate(snn, batch, options, classes);
    for (int t = 0; t < 40; t++) {
      assertThat(classes.steps.get(t).spikes()).as("spikes at t = %d", t + 1).isEqualTo(full.steps.get(t).spikes());
      assertThat(classes.steps.get(t).predictions()).as("classes at t = %d", t + 1)
          .isEqualTo(full.steps.get(t).predictions());
      assertThat(classes.steps.get(t).stopped()).isEqualTo(full.steps.get(t).stopped());
    }
    assertThat(Arrays.stream(full.batches.get(0).annPredictions()).min().getAsInt()).as("ANN classes").isNotNegative();
    assertThat(classes.batches.get(0).annPredictions()).containsOnly(-1);
    assertThat(full.steps.stream().mapToInt(StepRecord::stopped).sum()).as("images stopped early").isPositive();
    assertThat(full.steps.get(0).spikes()[2]).as("last spiking layer's spikes at t = 1").isPositive();
  }

  @Test
  void givesEachImageTheSameResultsWhateverTheThreadsAndBatch() {
    SpikingNetwork snn = hand();
    float[] images = new float[5 * 9];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble(0, 2);
    }
    SimulationOptions options = new SimulationOptions(20, InputCoding.POISSON, InitialMembrane.ZERO,
        Readout.ACCUMULATE, 5);
    Batch batch = new Batch(images, new int[5], 5, 1, 3, 3);
    List<StepRecord> two = run(snn, batch, options, new ArrayList<>());
    List<StepRecord> one = record(new EventEngine(1), snn, batch, options).steps;
    for (int t = 0; t < 20; t++) {
      assertThat(two.get(t).spikes()).isEqualTo(one.get(t).spikes());
      assertThat(two.get(t).predictions()).isEqualTo(one.get(t).predictions());
    }
  }

  /**
   * The pooled convolution's map equals AvgPool2d then Conv2d of the analog reference, for values
   * and for spikes (values 0 or 1), with strides, paddings and a window that overlaps.
   */
  @ParameterizedTest(name = "pool {0}/{1}/{2}, conv {3}/{4}/{5}")
  @CsvSource({"1, 1, 0, 3, 1, 1", "2, 2, 0, 3, 1, 0", "3, 2, 1, 3, 2, 1", "2, 2, 0, 2, 2, 0", "1, 1, 0, 1, 1, 0"})
  void scattersLikeTheAnalogPoolAndConvolution(int pk, int ps, int pp, int k, int stride, int pad) {
    int c = 3;
    int h = 9;
    int w = 8;
    int oc = 5;
    List<Layer> layers = new ArrayList<>();
    String last = "input";
    if (pk > 1 || ps > 1 || pp > 0) {
      layers.add(new Layer.AvgPool2d("pool", List.of("input"), pk, ps, pp));
      last = "pool";
    }
    layers.add(new Layer.Conv2d("conv", List.of(last), c, oc, k, stride, pad, false));
    TensorShape out = Architecture.inferShapes(TensorShape.of(c, h, w), layers).get("conv");
    // A classifier head, only to make an architecture of it.
    layers.add(new Layer.Flatten("flatten", List.of("conv")));
    layers.add(new Layer.Linear("fc", List.of("flatten"), Math.toIntExact(out.size()), 1, false));
    Architecture a = new Architecture("map", TensorShape.of(c, h, w), 1, layers);
    SplittableRandom random = new SplittableRandom(9);
    float[] weight = new float[oc * c * k * k];
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) random.nextGaussian();
    }
    Network net = new Network(a, Map.of("conv.weight", new Tensor(TensorShape.of(oc, c, k, k), weight),
        "fc.weight", Tensor.filled(TensorShape.of(1, Math.toIntExact(out.size())), 0f)), PROVENANCE);
    ConvolutionSynapses map = new ConvolutionSynapses(
        new ConvolutionSynapses.Geometry(c, h, w, pk, ps, pp, k, k, stride, pad, oc), weight);
    assertThat(map.targetSize()).isEqualTo(out.size());
    int images = 3;
    int[] groupScratch = new int[map.groupScratchSize(images)];
    for (String form : new String[] {"values", "spikes", "spikes of a group"}) {
      boolean spikes = !"values".equals(form);
      int[][] fired = new int[images][c * h * w];
      int[] counts = new int[images];
      float[][] actual = new float[images][map.targetSize()];
      float[][] expected = new float[images][];
      for (int g = 0; g < images; g++) {
        float[] chw = new float[c * h * w];
        for (int i = 0; i < chw.length; i++) {
          chw[i] = spikes ? (random.nextDouble() < 0.3 ? 1 : 0) : (float) random.nextDouble();
        }
        expected[g] = AnalogReference.forward(net, chw, 1).get("conv");
        float[] hwc = new float[chw.length];
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            for (int ci = 0; ci < c; ci++) {
              int s = (y * w + x) * c + ci;
              hwc[s] = chw[(ci * h + y) * w + x];
              if (hwc[s] == 1f) {
                fired[g][counts[g]++] = s;
              }
            }
          }
        }
        if ("values".equals(form)) {
          map.addValues(hwc, actual[g]);
        } else if ("spikes".equals(form)) {
          map.addSpikes(fired[g], counts[g], actual[g], new int[map.scratchSize()]);
        }
      }
      if ("spikes of a group".equals(form)) {
        // twice with the same scratch: the second call must not see the first one's counts
        map.addSpikes(fired, counts, new float[images][map.targetSize()], images, groupScratch);
        map.addSpikes(fired, counts, actual, images, groupScratch);
      }
      for (int g = 0; g < images; g++) {
        for (int o = 0; o < oc; o++) {
          for (int p = 0; p < out.dim(1) * out.dim(2); p++) {
            assertThat(actual[g][p * oc + o]).as("image %d, channel %d, pixel %d, %s", g, o, p, form)
                .isCloseTo(expected[g][o * out.dim(1) * out.dim(2) + p], within(1e-4f));
          }
        }
      }
    }
  }

  /**
   * Images run in lockstep groups whose deep maps add every image's spikes together give each
   * image the results it gets alone: its class and K at every step, and its spikes.
   */
  @Test
  void givesEachImageOfALockstepGroupItsResultsAlone() {
    int n = 11;
    Batch batch = uniformImages(n, 3, 4);
    float[] pixels = batch.images();
    SpikingNetwork snn = FiringRateCalibration.calibrate(
        RandomSpikingNetworks.of(threeLayers("wide", 3, 64, 512, 10), 2), batch, 0.1);
    assertThat(ImageGroup.size(EventNetwork.compile(snn), EventEngine.GROUP))
        .as("images per lockstep group").isEqualTo(EventEngine.GROUP);
    // constant coding: Poisson draws depend on the whole batch
    SimulationOptions options = new SimulationOptions(24, InputCoding.CONSTANT, InitialMembrane.ZERO,
        Readout.ACCUMULATE, 8);
    List<StepRecord> together = run(snn, batch, options, new ArrayList<>());
    long[][] alone = new long[24][3];
    for (int i = 0; i < n; i++) {
      Batch one = new Batch(Arrays.copyOfRange(pixels, i * 192, (i + 1) * 192), new int[1], 1, 3, 8, 8);
      List<StepRecord> steps = run(snn, one, options, new ArrayList<>());
      for (int t = 0; t < 24; t++) {
        assertThat(steps.get(t).predictions()[0]).isEqualTo(together.get(t).predictions()[i]);
        for (int l = 0; l < 3; l++) {
          assertThat(steps.get(t).k()[l][0]).as("K of layer %d, image %d, t = %d", l, i, t + 1)
              .isEqualTo(together.get(t).k()[l][i]);
          alone[t][l] += steps.get(t).spikes()[l];
        }
      }
    }
    for (int t = 0; t < 24; t++) {
      assertThat(together.get(t).spikes()).as("spikes per layer at t = %d", t + 1).isEqualTo(alone[t]);
    }
    assertThat(Arrays.stream(alone).flatMapToLong(Arrays::stream).sum()).as("spikes in the run")
        .isGreaterThan(n * 24 * 1000L);
  }

  /** n images of channels × 8 × 8 pixels drawn uniformly from [0, 1) with {@code seed}, labels 0. */
  private static Batch uniformImages(int n, int channels, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] pixels = new float[n * channels * 8 * 8];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextDouble();
    }
    return new Batch(pixels, new int[n], n, channels, 8, 8);
  }

  /**
   * On channels × 8 × 8 inputs: a padded 3×3 conv of {@code first} channels, average pooling, two
   * padded 3×3 convs of {@code deep} channels (ReLU after each conv), then Linear to the classes.
   */
  private static Architecture threeLayers(String name, int channels, int first, int deep, int classes) {
    return new ArchitectureBuilder(name, TensorShape.of(channels, 8, 8))
        .conv(first, 3, 1, 1).activation(Activation.RELU).avgPool(2)
        .conv(deep, 3, 1, 1).activation(Activation.RELU)
        .conv(deep, 3, 1, 1).activation(Activation.RELU)
        .flatten().linear(classes).build(classes);
  }

  @Test
  void namesTheLayerItCannotMap() {
    Architecture a = new Architecture("pool-only", TensorShape.of(1, 4, 4), 2, List.of(
        new Layer.Conv2d("conv", List.of("input"), 1, 1, 1, 1, 0, false),
        new Layer.IntegrateAndFire("if1", List.of("conv"), false),
        new Layer.AvgPool2d("pool", List.of("if1"), 2, 2, 0),
        new Layer.IntegrateAndFire("if2", List.of("pool"), false),
        new Layer.Flatten("flatten", List.of("if2")),
        new Layer.Linear("fc", List.of("flatten"), 4, 2, false)));
    Map<String, Tensor> p = new LinkedHashMap<>();
    a.parameterShapes().forEach((name, shape) ->
        p.put(name, Tensor.filled(shape, 1f)));
    SpikingNetwork snn = new SpikingNetwork(new Network(a, p, PROVENANCE));
    assertThatThrownBy(() -> ENGINE.simulate(snn, new Batch(new float[16], new int[1], 1, 1, 4, 4),
        new SimulationOptions(2, InputCoding.CONSTANT, InitialMembrane.ZERO, Readout.ACCUMULATE, 1),
        new Recording()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'pool'").hasMessageContaining("'if2'");
  }
}
