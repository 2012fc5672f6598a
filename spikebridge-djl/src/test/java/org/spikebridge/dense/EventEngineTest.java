package org.spikebridge.dense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.EarlyExit;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.RandomSpikingNetworks;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.Recording;
import org.spikebridge.simulate.ResetMode;
import org.spikebridge.simulate.SimulationEngine;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.StepRecord;
import org.spikebridge.simulate.event.CalibrationOptions;
import org.spikebridge.simulate.event.EventEngine;
import org.spikebridge.simulate.event.FiringRateCalibration;
import org.spikebridge.simulate.event.PostConversionCalibration;

/**
 * The event engine against the dense reference engine on random cnn7, VGG-style, residual and
 * max-pooled networks.
 */
class EventEngineTest {
  private static final DenseEngine DENSE = new DenseEngine(Device.cpu());
  private static final EventEngine EVENT = new EventEngine(2);
  private static final int IMAGES = 32;
  private static final int STEPS = 96;

  /** Three conv-BN-ReLU-avgpool blocks (one with padding) and a Linear, on 3×16×16 inputs. */
  private static Architecture vggStyle() {
    return new ArchitectureBuilder("vgg-style", TensorShape.of(3, 16, 16))
        .conv(16, 3, 1, 1).batchNorm(1e-5).activation(Activation.RELU)
        .conv(16, 3, 1, 1).batchNorm(1e-5).activation(Activation.RELU).avgPool(2)
        .conv(32, 3, 1, 1).batchNorm(1e-5).activation(Activation.RELU).avgPool(2)
        .conv(32, 3, 2, 1).batchNorm(1e-5).activation(Activation.RELU).avgPool(2)
        .flatten().linear(24).activation(Activation.RELU).linear(10).build(10);
  }

  /**
   * Wide layers whose maps outweigh the currents of a lockstep group (the event engine adds their
   * spikes for all of the group's images at once, as for VGG-16's deeper layers), on 3×16×16.
   */
  private static Architecture wide() {
    return new ArchitectureBuilder("wide", TensorShape.of(3, 16, 16))
        .conv(64, 3, 1, 1).activation(Activation.RELU).avgPool(2)
        .conv(512, 3, 1, 1).activation(Activation.RELU).avgPool(2)
        .conv(512, 3, 1, 1).activation(Activation.RELU)
        .flatten().linear(10).build(10);
  }

  /** A residual block (identity branch into an Add) between two pooled convolutions, on 3×16×16. */
  private static Architecture residual() {
    ArchitectureBuilder b = new ArchitectureBuilder("residual", TensorShape.of(3, 16, 16))
        .conv(16, 3, 1, 1).batchNorm(1e-5).activation(Activation.RELU);
    String skip = b.last();
    b.conv(16, 3, 1, 1).batchNorm(1e-5);
    b.add(b.last(), skip).activation(Activation.RELU).avgPool(2)
        .conv(32, 3, 2, 1).activation(Activation.RELU).avgPool(2);
    return b.flatten().linear(10).build(10);
  }

  /**
   * A pre-activation block: the residual sum goes through BatchNorm (an Affine map on the current
   * in the spiking twin) before its activation, then a strided conv, on 3×16×16.
   */
  private static Architecture preActivation() {
    ArchitectureBuilder b = new ArchitectureBuilder("pre-activation", TensorShape.of(3, 16, 16))
        .conv(16, 3, 1, 1).batchNorm(1e-5).activation(Activation.RELU);
    String skip = b.last();
    b.conv(16, 3, 1, 1);
    b.add(b.last(), skip).batchNorm(1e-5).activation(Activation.RELU)
        .conv(32, 3, 2, 1).activation(Activation.RELU).avgPool(2);
    return b.flatten().linear(10).build(10);
  }

  /**
   * Spiking max pooling: tiling 2×2 windows whose output is read by a convolution and by the
   * identity branch of a residual sum, then overlapping 3×3 windows with stride 2 and padding 1
   * (ResNet's stem), on 3×16×16.
   */
  private static Architecture maxPooled() {
    ArchitectureBuilder b = new ArchitectureBuilder("max-pooled", TensorShape.of(3, 16, 16))
        .conv(16, 3, 1, 1).activation(Activation.RELU).maxPool(2);
    String skip = b.last();
    b.conv(16, 3, 1, 1);
    b.add(b.last(), skip).activation(Activation.RELU).maxPool(3, 2, 1)
        .conv(32, 3, 1, 1).activation(Activation.RELU);
    return b.flatten().linear(10).build(10);
  }

  /**
   * Convolutions whose windows are not square (3×2 and 2×3 kernels, two strides, four unequal
   * pads, as ONNX imports give), one of them reading an average pooling, on 3×16×16.
   */
  private static Architecture rectangular() {
    return new ArchitectureBuilder("rectangular", TensorShape.of(3, 16, 16))
        .conv(48, 3, 1, 0, new Layer.Conv2d.Rectangle(2, 2, 1, 1, 0))
        .activation(Activation.RELU).avgPool(2)
        .conv(32, 2, 2, 1, new Layer.Conv2d.Rectangle(3, 1, 0, 0, 1))
        .activation(Activation.RELU).flatten().linear(10).build(10);
  }

  private static Architecture model(String name) {
    return switch (name) {
      case "cnn7" -> ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RELU);
      case "vgg" -> vggStyle();
      case "wide" -> wide();
      case "preact" -> preActivation();
      case "maxpool" -> maxPooled();
      case "rect" -> rectangular();
      default -> residual();
    };
  }

  /** Images with values in [0, 1], for both codings, and random labels. */
  private static Batch images(int n, int c, int h, int w, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[n * c * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(10);
    }
    return new Batch(x, labels, n, c, h, w);
  }

  @ParameterizedTest(name = "{0}, {1}, {2}, {3}, reset {4}")
  @CsvSource({
      "cnn7, CONSTANT, ZERO, ACCUMULATE, SUBTRACT",
      "cnn7, POISSON, HALF_THRESHOLD, SPIKE_COUNT, SUBTRACT",
      "vgg, CONSTANT, HALF_THRESHOLD, ACCUMULATE, SUBTRACT",
      "vgg, POISSON, ZERO, SPIKE_COUNT, SUBTRACT",
      "wide, CONSTANT, ZERO, ACCUMULATE, SUBTRACT",
      "wide, POISSON, HALF_THRESHOLD, SPIKE_COUNT, SUBTRACT",
      "residual, CONSTANT, ZERO, ACCUMULATE, SUBTRACT",
      "preact, CONSTANT, HALF_THRESHOLD, ACCUMULATE, SUBTRACT",
      "maxpool, CONSTANT, ZERO, ACCUMULATE, SUBTRACT",
      "maxpool, POISSON, HALF_THRESHOLD, SPIKE_COUNT, SUBTRACT",
      "rect, CONSTANT, ZERO, ACCUMULATE, SUBTRACT",
      "rect, POISSON, HALF_THRESHOLD, SPIKE_COUNT, SUBTRACT",
      "cnn7, CONSTANT, CALIBRATED, ACCUMULATE, SUBTRACT",
      "residual, CONSTANT, CALIBRATED, ACCUMULATE, SUBTRACT",
      "preact, POISSON, CALIBRATED, SPIKE_COUNT, SUBTRACT",
      "cnn7, CONSTANT, ZERO, ACCUMULATE, ZERO",
      "cnn7, POISSON, HALF_THRESHOLD, SPIKE_COUNT, ZERO",
      "vgg, CONSTANT, HALF_THRESHOLD, SPIKE_COUNT, ZERO",
      "residual, CONSTANT, ZERO, ACCUMULATE, ZERO",
      "maxpool, POISSON, ZERO, SPIKE_COUNT, ZERO",
      "cnn7, CONSTANT, HALF_THRESHOLD, ACCUMULATE, SIGNED",
      "cnn7, POISSON, ZERO, SPIKE_COUNT, SIGNED",
      "vgg, CONSTANT, HALF_THRESHOLD, ACCUMULATE, SIGNED",
      "residual, CONSTANT, CALIBRATED, ACCUMULATE, SIGNED",
      "wide, CONSTANT, HALF_THRESHOLD, ACCUMULATE, SIGNED",
      "rect, CONSTANT, ZERO, ACCUMULATE, SIGNED"})
  void givesTheDenseEnginesSpikesAndAccuracy(String name, InputCoding coding, InitialMembrane v0,
      Readout readout, ResetMode reset) {
    boolean cnn7 = "cnn7".equals(name);
    Batch batch = cnn7 ? images(IMAGES, 1, 28, 28, 5) : images(IMAGES, 3, 16, 16, 6);
    SpikingNetwork snn = FiringRateCalibration.calibrate(
        RandomSpikingNetworks.of(model(name), 7), batch, 0.1);
    if (v0 == InitialMembrane.CALIBRATED) {
      snn = calibrated(snn, batch);
    }
    if ("preact".equals(name)) {
      assertThat(snn.network().architecture().layers()).anyMatch(Layer.Affine.class::isInstance);
    }
    if ("maxpool".equals(name)) {
      assertThat(snn.network().architecture().layers()).filteredOn(Layer.MaxPool2d.class::isInstance)
          .hasSize(2);
    }
    SimulationOptions options = new SimulationOptions(STEPS, coding, v0, readout, 11).withReset(reset);
    Recording dense = new Recording();
    Recording event = new Recording();
    DENSE.simulate(snn, batch, options, dense);
    EVENT.simulate(snn, batch, options, event);

    assertThat(event.batches.get(0).annPredictions()).isEqualTo(dense.batches.get(0).annPredictions());
    assertThat(event.steps).hasSize(STEPS);
    int layers = snn.spikingLayers().size();
    long[] totalDense = new long[layers];
    long[] totalEvent = new long[layers];
    long moved = 0;
    int flips = 0;
    double worstK = 0;
    for (int t = 0; t < STEPS; t++) {
      StepRecord d = dense.steps.get(t);
      StepRecord e = event.steps.get(t);
      assertThat(e.t()).isEqualTo(t + 1);
      for (int l = 0; l < layers; l++) {
        totalDense[l] += d.spikes()[l];
        totalEvent[l] += e.spikes()[l];
        moved += Math.abs(d.spikes()[l] - e.spikes()[l]);
        double kd = 0;
        double ke = 0;
        for (int i = 0; i < batch.size(); i++) {
          kd += d.k()[l][i];
          ke += e.k()[l][i];
        }
        // One spike moved by a step changes an image's K by about 2·r̂/(t·‖r̂‖²): allow 1e-3 per image.
        worstK = Math.max(worstK, Math.abs(ke - kd) / (kd + 0.05 * batch.size()));
      }
      // a near-tie of two output currents may flip one image's class at one step (float order)
      int differ = Recording.differing(e.predictions(), d.predictions());
      assertThat(differ).as("images classified differently at t = %d", t + 1).isLessThanOrEqualTo(1);
      flips += differ;
    }
    assertThat(flips).as("(image, step) pairs classified differently").isLessThanOrEqualTo(STEPS * IMAGES / 1000);
    // By subtraction, a spike that float order moves by a step is made up for (the charge stays);
    // to zero, the charge above θ is discarded at another step, so the neuron, and those it feeds,
    // can stay a spike off.
    // Signed, a spike that float order fires one step early can also be taken back later: one
    // such neuron counts twice in the spike events.
    int slack = reset == ResetMode.SUBTRACT ? 1 : 2;
    double relative = reset == ResetMode.SIGNED ? 2e-4 : 1e-4;
    long all = 0;
    for (int l = 0; l < layers; l++) {
      all += totalDense[l];
      assertThat((double) Math.abs(totalEvent[l] - totalDense[l]))
          .as("spikes of layer %d", l).isLessThanOrEqualTo(relative * totalDense[l] + slack);
    }
    // Thresholds for a 10 % mean rate by subtraction (to zero, fewer): the run must be busy enough
    // to mean something.
    long busy = IMAGES * STEPS * (cnn7 ? 1_000L : 500L);
    assertThat(all).as("spikes in the run").isGreaterThan(reset == ResetMode.SUBTRACT ? busy : busy * 4 / 5);
    // A spike that float summation order moves by a step counts twice here.
    assertThat((double) moved / all).as("spikes in another step than the dense engine's").isLessThanOrEqualTo(2e-4);
    assertThat(worstK).as("largest relative difference of the batch's summed K_l(t)").isLessThanOrEqualTo(0.02);
    // The criterion: each neuron's spike count over T equal for ≥ 99.99 % of neurons.
    int[][][] countsDense = dense.spikeCounts.get(0);
    int[][][] countsEvent = event.spikeCounts.get(0);
    long neurons = 0;
    long equal = 0;
    for (int l = 0; l < layers; l++) {
      for (int i = 0; i < batch.size(); i++) {
        assertThat(countsEvent[l][i]).hasSameSizeAs(countsDense[l][i]);
        for (int j = 0; j < countsDense[l][i].length; j++) {
          neurons++;
          equal += countsEvent[l][i][j] == countsDense[l][i][j] ? 1 : 0;
        }
      }
    }
    assertThat((double) equal / neurons).as("neurons with the dense engine's spike count").isGreaterThanOrEqualTo(0.9999);
  }

  /**
   * Early exit on both engines, on the random cnn7: under the exact rule the dense engine's classes
   * at every step are those of its run to T (the rule never changes a prediction), and with either
   * rule the engines stop the same images at the same steps and agree on classes and spikes as they
   * do without early exit.
   */
  @ParameterizedTest(name = "{0}, {1}, {2}")
  @CsvSource({"exact, CONSTANT, ACCUMULATE", "exact, POISSON, SPIKE_COUNT", "confident, CONSTANT, ACCUMULATE"})
  void stopsTheSameImagesAtTheSameStepsAsTheDenseEngine(String rule, InputCoding coding, Readout readout) {
    Batch batch = images(IMAGES, 1, 28, 28, 5);
    SpikingNetwork snn = FiringRateCalibration.calibrate(RandomSpikingNetworks.of(model("cnn7"), 7), batch, 0.1);
    SimulationOptions full = new SimulationOptions(STEPS, coding, InitialMembrane.ZERO, readout, 11);
    SimulationOptions options = full.withEarlyExit("exact".equals(rule) ? EarlyExit.exact()
        : EarlyExit.confident(4, 0.05));
    Recording dense = new Recording();
    Recording event = new Recording();
    DENSE.simulate(snn, batch, options, dense);
    EVENT.simulate(snn, batch, options, event);
    if ("exact".equals(rule)) {
      Recording denseFull = new Recording();
      DENSE.simulate(snn, batch, full, denseFull);
      for (int t = 0; t < STEPS; t++) {
        assertThat(dense.steps.get(t).predictions()).as("dense classes at t = %d", t + 1)
            .isEqualTo(denseFull.steps.get(t).predictions());
      }
    }
    int early = 0;
    long spikesDense = 0;
    long spikesEvent = 0;
    for (int t = 0; t < STEPS; t++) {
      StepRecord d = dense.steps.get(t);
      StepRecord e = event.steps.get(t);
      assertThat(e.stopped()).as("images stopping at t = %d", t + 1).isEqualTo(d.stopped());
      early += d.stopped();
      int differ = Recording.differing(e.predictions(), d.predictions());
      for (int i = 0; i < IMAGES; i++) {
        assertThat(Float.isNaN(e.k()[0][i])).as("image %d stopped at t = %d", i, t + 1)
            .isEqualTo(Float.isNaN(d.k()[0][i]));
      }
      assertThat(differ).as("images classified differently at t = %d", t + 1).isLessThanOrEqualTo(1);
      spikesDense += Arrays.stream(d.spikes()).sum();
      spikesEvent += Arrays.stream(e.spikes()).sum();
    }
    assertThat(early).as("images stopped before T").isGreaterThanOrEqualTo(IMAGES / 8);
    assertThat((double) Math.abs(spikesEvent - spikesDense)).isLessThanOrEqualTo(1e-4 * spikesDense + 1);
  }

  /**
   * The dense engine for an observer of classes only, on the random cnn7 under the exact early exit:
   * it reports −1 for the ANN's classes and NaN for Ω and K, as the event engine does, and the same
   * spikes, classes and stops at every step, and the same spike count per neuron, as with the
   * analog pass.
   */
  @Test
  void theDenseEngineGivesTheSameSpikesAndClassesWithoutTheAnalogPass() {
    Batch batch = images(IMAGES, 1, 28, 28, 5);
    SpikingNetwork snn = FiringRateCalibration.calibrate(RandomSpikingNetworks.of(model("cnn7"), 7), batch, 0.1);
    SimulationOptions options = new SimulationOptions(STEPS, InputCoding.CONSTANT, InitialMembrane.HALF_THRESHOLD,
        Readout.ACCUMULATE, 11).withEarlyExit(EarlyExit.exact());
    Recording full = new Recording();
    Recording classes = new Recording(false);
    DENSE.simulate(snn, batch, options, full);
    DENSE.simulate(snn, batch, options, classes);
    for (int t = 0; t < STEPS; t++) {
      StepRecord f = full.steps.get(t);
      StepRecord c = classes.steps.get(t);
      assertThat(c.spikes()).as("spikes at t = %d", t + 1).isEqualTo(f.spikes());
      assertThat(c.predictions()).as("classes at t = %d", t + 1).isEqualTo(f.predictions());
      assertThat(c.stopped()).as("images stopping at t = %d", t + 1).isEqualTo(f.stopped());
      assertThat(allNaN(c.k())).as("K is NaN at t = %d", t + 1).isTrue();
    }
    assertThat(classes.spikeCounts.get(0)).isDeepEqualTo(full.spikeCounts.get(0));
    assertThat(classes.batches.get(0).annPredictions()).containsOnly(-1);
    assertThat(allNaN(classes.batches.get(0).omega())).as("Ω is NaN").isTrue();
    assertThat(Arrays.stream(full.batches.get(0).annPredictions()).min().getAsInt()).as("ANN classes").isNotNegative();
    assertThat(full.steps.get(0).k()[0]).as("K of the first layer at t = 1").doesNotContain(Float.NaN);
    assertThat(full.steps.stream().mapToInt(StepRecord::stopped).sum()).as("images stopped early").isPositive();
  }

  private static boolean allNaN(float[][] values) {
    return Arrays.stream(values).allMatch(row -> IntStream.range(0, row.length).allMatch(i -> Float.isNaN(row[i])));
  }

  /**
   * {@code snn} calibrated at T = 8 on {@code batch} (post-conversion calibration), starting from
   * v(0) = θ/2 so that every layer's stored v(0) is not 0 and the engines must read it.
   */
  private static SpikingNetwork calibrated(SpikingNetwork snn, Batch batch) {
    CalibrationSet images = new CalibrationSet(batch.images(), batch.size(), batch.channels(),
        batch.height(), batch.width());
    SpikingNetwork calibrated = PostConversionCalibration.calibrate(snn, images,
        new CalibrationOptions(8, InitialMembrane.HALF_THRESHOLD, List.of(0.25, 0.75)), EVENT).snn();
    for (Layer.IntegrateAndFire f : calibrated.spikingLayers()) {
      assertThat(calibrated.network().parameter(f.name() + ".initial_membrane").data()[0])
          .as("v(0) of %s", f.name()).isPositive();
    }
    return calibrated;
  }

  /**
   * With levels on its spiking layers the dense engine compares the SNN with the quantized rates
   * as the event engine does (checked by hand in core): the same ANN classes and Ω, and an Ω that,
   * for nine in ten (layer, image) pairs or more, is not the one of the same network without levels.
   */
  @Test
  void comparesQuantizedLayersWithQuantizedRatesAsTheEventEngineDoes() {
    Batch batch = images(IMAGES, 1, 28, 28, 5);
    SpikingNetwork continuous = FiringRateCalibration.calibrate(
        RandomSpikingNetworks.of(model("cnn7"), 7), batch, 0.1);
    Network n = continuous.network();
    List<Layer> layers = n.architecture().layers().stream()
        .map(l -> l instanceof Layer.IntegrateAndFire f
            ? new Layer.IntegrateAndFire(f.name(), f.inputs(), f.perChannel(), 8) : l)
        .toList();
    SpikingNetwork quantized = new SpikingNetwork(new Network(new Architecture(
        n.architecture().name(), n.architecture().inputShape(), n.architecture().numClasses(),
        layers), n.parameters(), n.provenance()));
    SimulationOptions options = new SimulationOptions(4, InputCoding.CONSTANT,
        InitialMembrane.HALF_THRESHOLD, Readout.ACCUMULATE, 11);
    Recording dense = new Recording();
    Recording event = new Recording();
    Recording plain = new Recording();
    DENSE.simulate(quantized, batch, options, dense);
    EVENT.simulate(quantized, batch, options, event);
    DENSE.simulate(continuous, batch, options, plain);

    assertThat(dense.batches.get(0).annPredictions()).isEqualTo(event.batches.get(0).annPredictions());
    float[][] omegaDense = dense.batches.get(0).omega();
    float[][] omegaEvent = event.batches.get(0).omega();
    int moved = 0;
    for (int l = 0; l < omegaDense.length; l++) {
      for (int i = 0; i < IMAGES; i++) {
        assertThat(omegaDense[l][i]).as("Ω of layer %d, image %d", l, i)
            .isCloseTo(omegaEvent[l][i], within(1e-4f * omegaEvent[l][i]));
        moved += Math.abs(omegaDense[l][i] - plain.batches.get(0).omega()[l][i])
            > 1e-3 * omegaDense[l][i] ? 1 : 0;
      }
    }
    assertThat(moved).as("(layer, image) pairs whose Ω the levels changed")
        .isGreaterThanOrEqualTo(omegaDense.length * IMAGES * 9 / 10);
  }

  /**
   * The accuracy criterion where it can be checked, image by image: on 2,000 images one
   * image is 0.05 points, so at every t the two engines must predict the same class for every
   * image but at most one (a near-tie of two output currents that float summation order flips).
   * Both engines run for observers of classes only, so neither makes the analog pass or K.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"cnn7", "vgg"})
  void everyImagesClassAtEveryStepIsTheDenseEnginesOnTwoThousandImagesButOneNearTie(String name) {
    boolean cnn7 = "cnn7".equals(name);
    int images = 2000;
    int steps = 64;
    Batch all = cnn7 ? images(images, 1, 28, 28, 15) : images(images, 3, 16, 16, 16);
    Batch sample = cnn7 ? images(IMAGES, 1, 28, 28, 5) : images(IMAGES, 3, 16, 16, 6);
    SpikingNetwork snn = FiringRateCalibration.calibrate(RandomSpikingNetworks.of(model(name), 7), sample, 0.1);
    SimulationOptions options = new SimulationOptions(steps, InputCoding.CONSTANT, InitialMembrane.ZERO,
        Readout.ACCUMULATE, 11);
    int[] differ = new int[steps];
    int size = all.channels() * all.height() * all.width();
    for (int first = 0; first < images; first += 250) {
      int[] labels = java.util.Arrays.copyOfRange(all.labels(), first, first + 250);
      Batch batch = new Batch(java.util.Arrays.copyOfRange(all.images(), first * size, (first + 250) * size),
          labels, 250, all.channels(), all.height(), all.width());
      Recording dense = new Recording(false);
      Recording event = new Recording(false);
      DENSE.simulate(snn, batch, options, dense);
      EVENT.simulate(snn, batch, options, event);
      for (int t = 0; t < steps; t++) {
        differ[t] += Recording.differing(event.steps.get(t).predictions(), dense.steps.get(t).predictions());
      }
    }
    for (int t = 0; t < steps; t++) {
      assertThat(differ[t]).as("images classified differently at t = %d", t + 1).isLessThanOrEqualTo(1);
    }
  }

  /**
   * input [1, 1, 1] = 1 → conv 1×1 (weight {@code w1}) → if1 (θ = 1) → fc1 (weight {@code w2},
   * bias {@code b2}) → if2 (θ = 1) → fc (2 classes, weights {@code w3} and biases {@code b3}).
   */
  private static SpikingNetwork chain(float w1, float w2, float b2, float[] w3, float[] b3) {
    Architecture a = new Architecture("chain", TensorShape.of(1, 1, 1), 2, List.of(
        new Layer.Conv2d("conv", List.of("input"), 1, 1, 1, 1, 0, false),
        new Layer.IntegrateAndFire("if1", List.of("conv"), false),
        new Layer.Flatten("flatten", List.of("if1")),
        new Layer.Linear("fc1", List.of("flatten"), 1, 1, true),
        new Layer.IntegrateAndFire("if2", List.of("fc1"), false),
        new Layer.Linear("fc", List.of("if2"), 1, 2, true)));
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("conv.weight", new Tensor(TensorShape.of(1, 1, 1, 1), new float[] {w1}));
    p.put("if1.threshold", new Tensor(TensorShape.of(1), new float[] {1}));
    p.put("fc1.weight", new Tensor(TensorShape.of(1, 1), new float[] {w2}));
    p.put("fc1.bias", new Tensor(TensorShape.of(1), new float[] {b2}));
    p.put("if2.threshold", new Tensor(TensorShape.of(1), new float[] {1}));
    p.put("fc.weight", new Tensor(TensorShape.of(2, 1), w3));
    p.put("fc.bias", new Tensor(TensorShape.of(2), b3));
    return new SpikingNetwork(new Network(a, p, new Provenance("hand", 1, "test", Map.of(), Map.of())));
  }

  /** {@code snn} on the one-pixel image 1 for {@code steps} steps on {@code engine}. */
  private static Recording runOnePixel(SimulationEngine engine, SpikingNetwork snn, int steps,
      Readout readout, ResetMode reset) {
    Recording recording = new Recording();
    engine.simulate(snn, new Batch(new float[] {1}, new int[1], 1, 1, 1, 1),
        new SimulationOptions(steps, InputCoding.CONSTANT, InitialMembrane.ZERO, readout, 1).withReset(reset),
        recording);
    return recording;
  }

  /**
   * {@link #chain} with w1 = 0.6, w2 = 0, b2 = 0.6: both spiking layers get a constant current of
   * 0.6, if1 as the first layer under constant coding, if2 as a layer fed by spikes. By hand (see
   * the neuron's test), both fire at steps 2, 4 and 5 by subtraction, at steps 2 and 4 only to
   * zero, on either engine. Signed, as by subtraction: v never falls below 0.
   */
  @ParameterizedTest
  @EnumSource(ResetMode.class)
  void bothEnginesFireAtTheHandComputedSteps(ResetMode reset) {
    SpikingNetwork snn = chain(0.6f, 0, 0.6f, new float[] {1, 0}, new float[2]);
    long[] expected = reset != ResetMode.ZERO ? new long[] {0, 1, 0, 1, 1} : new long[] {0, 1, 0, 1, 0};
    for (SimulationEngine engine : List.of(DENSE, EVENT)) {
      Recording recording = runOnePixel(engine, snn, 5, Readout.ACCUMULATE, reset);
      for (int l = 0; l < 2; l++) {
        int layer = l;
        assertThat(recording.steps).extracting(s -> s.spikes()[layer])
            .as("%s, layer %d, %s", engine.name(), l + 1, reset).containsExactly(toObjects(expected));
      }
    }
  }

  /**
   * The output neurons of spike-count readout reset as the layers do. {@link #chain} with w1 = 0.5,
   * w2 = 1, b2 = 0: if1 and if2 fire at steps 2, 4, 6 and 8 under either reset (each lands exactly
   * on θ; signed spikes are those by subtraction, v never being below 0). Class 0 gets 0.9 at every step, class 1 gets 1.9 at if2's spikes. By subtraction, class 0
   * fires at steps 2 to 8 (7 spikes) and class 1 at 2, 4, 5, 6, 7, 8 (6: v = 1.9 → 0.9, 0.9,
   * 2.8 → 1.8 → 0.8, 2.7 → 1.7 → 0.7, 2.6): class 0 at t = 8. To zero, both fire at 2, 4, 6 and 8
   * only, and the tie goes to the larger accumulated current, 1.9·4 = 7.6 against 0.9·8 = 7.2:
   * class 1.
   */
  @ParameterizedTest
  @EnumSource(ResetMode.class)
  void bothEnginesResetTheSpikeCountOutputNeurons(ResetMode reset) {
    SpikingNetwork snn = chain(0.5f, 1, 0, new float[] {0, 1.9f}, new float[] {0.9f, 0});
    for (SimulationEngine engine : List.of(DENSE, EVENT)) {
      Recording recording = runOnePixel(engine, snn, 8, Readout.SPIKE_COUNT, reset);
      assertThat(recording.steps).extracting(s -> s.spikes()[1]).as("%s, if2", engine.name())
          .containsExactly(0L, 1L, 0L, 1L, 0L, 1L, 0L, 1L);
      assertThat(recording.steps.get(7).predictions()).as("%s, %s, class at t = 8", engine.name(), reset)
          .containsExactly(reset != ResetMode.ZERO ? 0 : 1);
    }
  }

  /**
   * Signed spikes by hand: {@link #chain} with w1 = 0.6, w2 = −1.5, b2 = 1.2. if1 fires at steps 2,
   * 4 and 5 (as above), so if2 gets 1.2 at steps 1 and 3 and 1.2 − 1.5 = −0.3 at steps 2, 4, 5.
   * Signed: v = 1.2 → fires, 0.2; −0.1 &lt; 0 with one spike out → takes it back, 0.9; 2.1 → fires,
   * 1.1; 0.8; 0.5: spike events at steps 1, 2, 3, net count 1 = floor(1.5 / θ), the charge it got
   * (1.2·5 − 1.5·3). By subtraction: fires at 1 and 3 (v = 0.2, −0.1, 1.1 → 0.1, −0.2, −0.5), count
   * 2. Class 0 reads if2 with weight 1, class 1 gets 0.4 per step: at t = 2 class 0 has 0 signed
   * (1 − 1) against 0.8, class 1; by subtraction 1 against 0.8, class 0.
   */
  @ParameterizedTest
  @EnumSource(value = ResetMode.class, names = {"SUBTRACT", "SIGNED"})
  void bothEnginesTakeBackTheHandComputedSpike(ResetMode reset) {
    SpikingNetwork snn = chain(0.6f, -1.5f, 1.2f, new float[] {1, 0}, new float[] {0, 0.4f});
    boolean signed = reset == ResetMode.SIGNED;
    for (SimulationEngine engine : List.of(DENSE, EVENT)) {
      Recording recording = runOnePixel(engine, snn, 5, Readout.ACCUMULATE, reset);
      assertThat(recording.steps).extracting(s -> s.spikes()[1]).as("%s, if2, %s", engine.name(), reset)
          .containsExactly(signed ? new Long[] {1L, 1L, 1L, 0L, 0L} : new Long[] {1L, 0L, 1L, 0L, 0L});
      assertThat(recording.spikeCounts.get(0)[1][0]).as("%s, if2's count, %s", engine.name(), reset)
          .containsExactly(signed ? 1 : 2);
      assertThat(recording.steps.get(1).predictions()).as("%s, class at t = 2, %s", engine.name(), reset)
          .containsExactly(signed ? 1 : 0);
    }
  }

  /**
   * Signed spikes are refused, by both engines and before any step, where they have no meaning: on
   * a network with spiking max pooling; and with the exact early exit, whose bound assumes spikes
   * of 0 or 1.
   */
  @Test
  void signedSpikesAreRefusedWithMaxPoolingAndTheExactExit() {
    Batch batch = images(2, 3, 16, 16, 6);
    SpikingNetwork snn = RandomSpikingNetworks.of(model("maxpool"), 7);
    SimulationOptions signed = new SimulationOptions(4, InputCoding.CONSTANT, InitialMembrane.ZERO,
        Readout.ACCUMULATE, 1).withReset(ResetMode.SIGNED);
    for (SimulationEngine engine : List.of(DENSE, EVENT)) {
      assertThatThrownBy(() -> engine.simulate(snn, batch, signed, new Recording()))
          .as(engine.name()).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("max pooling").hasMessageContaining("reset signed");
    }
    assertThatThrownBy(() -> signed.withEarlyExit(EarlyExit.exact()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exact")
        .hasMessageContaining("confident");
  }

  private static Long[] toObjects(long[] values) {
    return Arrays.stream(values).boxed().toArray(Long[]::new);
  }
}
