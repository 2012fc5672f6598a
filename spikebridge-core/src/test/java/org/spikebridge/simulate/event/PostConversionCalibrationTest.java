package org.spikebridge.simulate.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.convert.LayerCorrections;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.RandomSpikingNetworks;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.Recording;
import org.spikebridge.simulate.ResetMode;
import org.spikebridge.simulate.SimulationOptions;

/** Post-conversion calibration on networks small enough to follow by hand. */
class PostConversionCalibrationTest {
  private static final Provenance PROVENANCE = new Provenance("hand", 1, "test", Map.of(), Map.of());
  private static final EventEngine ENGINE = new EventEngine(2);
  /** Two one-pixel images: the first layer's currents 0.3 and 0.55. */
  private static final CalibrationSet TWO_PIXELS = new CalibrationSet(new float[] {0.3f, 0.55f}, 2, 1, 1, 1);

  /**
   * input [1, 1, 1] → conv1 (1×1, weight 1, no bias) → if1 (θ = 1) → flatten → fc1 (weight 1,
   * bias 0.05) → if2 (θ = 1) → fc2 (two classes, weights 1 and −1).
   */
  private static SpikingNetwork twoLayers() {
    Architecture a = new Architecture("two-layers", TensorShape.of(1, 1, 1), 2, List.of(
        new Layer.Conv2d("conv1", List.of("input"), 1, 1, 1, 1, 0, false),
        new Layer.IntegrateAndFire("if1", List.of("conv1"), false),
        new Layer.Flatten("flatten", List.of("if1")),
        new Layer.Linear("fc1", List.of("flatten"), 1, 1, true),
        new Layer.IntegrateAndFire("if2", List.of("fc1"), false),
        new Layer.Linear("fc2", List.of("if2"), 1, 2, true)));
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("conv1.weight", tensor(1f));
    p.put("if1.threshold", tensor(1f));
    p.put("fc1.weight", tensor(1f));
    p.put("fc1.bias", tensor(0.05f));
    p.put("if2.threshold", tensor(1f));
    p.put("fc2.weight", tensor(1f, -1f));
    p.put("fc2.bias", tensor(0f, 0f));
    return new SpikingNetwork(reshaped(a, p));
  }

  /** {@code values} as parameters of {@code a}, each reshaped to the shape it asks for. */
  private static Network reshaped(Architecture a, Map<String, Tensor> values) {
    Map<String, Tensor> p = new LinkedHashMap<>();
    a.parameterShapes().forEach((name, shape) -> p.put(name, new Tensor(shape, values.get(name).data())));
    return new Network(a, p, PROVENANCE);
  }

  private static Tensor tensor(float... values) {
    return new Tensor(TensorShape.of(values.length), values);
  }

  private static float[] parameter(SpikingNetwork snn, String name) {
    return snn.network().parameter(name).data();
  }

  /**
   * By hand, T = 4, v(0) = 0. if1: currents 0.3 and 0.55 fire 1 and 2 spikes (rates 0.25, 0.5, mean
   * 0.375) where the ANN's rates are 0.3 and 0.55 (mean 0.425): Δb = 1·(0.425 − 0.375) = 0.05, a
   * bias conv1 did not have. Corrected (0.35, 0.6), if1 fires at step 3, and at steps 2 and 4.
   * if2 then gets 0.05 + those spikes: 1 and 2 spikes (mean rate 0.375) where the ANN's rates are
   * clip(0.3 + 0.05) and clip(0.55 + 0.05) (mean 0.475): Δb = 0.1, fc1's bias 0.05 → 0.15.
   * Corrected, if2 still fires 1 and 2 spikes: rate error ((0.25 − 0.35)² + (0.5 − 0.6)²)/2 = 0.01;
   * if1's: ((0.25 − 0.3)² + (0.5 − 0.55)²)/2 = 0.0025.
   */
  @Test
  void shiftsEachLayersBiasByTheHandComputedAmount() {
    PostConversionCalibration.Outcome outcome = PostConversionCalibration.calibrate(twoLayers(),
        TWO_PIXELS, new CalibrationOptions(4, InitialMembrane.ZERO, List.of(0.0)), ENGINE);

    List<PostConversionCalibration.LayerCorrection> c = outcome.corrections();
    assertThat(c).extracting(PostConversionCalibration.LayerCorrection::layer).containsExactly("if1", "if2");
    assertThat(c.get(0).biasShift()[0]).isCloseTo(0.05f, within(1e-6f));
    assertThat(c.get(1).biasShift()[0]).isCloseTo(0.1f, within(1e-6f));
    assertThat(c.get(0).rateError()).isCloseTo(0.0025, within(1e-7));
    assertThat(c.get(1).rateError()).isCloseTo(0.01, within(1e-7));
    SpikingNetwork snn = outcome.snn();
    assertThat(snn.network().architecture().layer("conv1")).isEqualTo(
        new Layer.Conv2d("conv1", List.of("input"), 1, 1, 1, 1, 0, true));
    assertThat(parameter(snn, "conv1.bias")[0]).isCloseTo(0.05f, within(1e-6f));
    assertThat(parameter(snn, "fc1.bias")[0]).isCloseTo(0.15f, within(1e-6f));
    assertThat(parameter(snn, "if1.initial_membrane")).containsExactly(0f);
    assertThat(parameter(snn, "if2.initial_membrane")).containsExactly(0f);
    assertThat(InitialMembrane.trainedFor(snn)).isEqualTo(InitialMembrane.CALIBRATED);
    assertThat(snn.network().provenance().settings())
        .containsEntry("calibration.timesteps", "4")
        .containsEntry("calibration.images", "2")
        .containsEntry("calibration.if1.meanAbsBiasShift", "0.0500000")
        .containsEntry("calibration.if2.meanAbsBiasShift", "0.100000")
        .containsEntry("calibration.if2.initialMembrane", "0.0·θ");
    // The network as converted is untouched.
    assertThat(parameter(twoLayers(), "fc1.bias")).containsExactly(0.05f);
  }

  /**
   * Calibration simulates the neurons as they will run. {@link #twoLayers} with fc1's weight −1.5
   * and bias 1.2, one image of 0.6, T = 5, v(0) = 0. if1 fires at steps 2, 4 and 5, its ANN rate:
   * no shift. if2 gets 1.2 at steps 1 and 3 and −0.3 at the others; its ANN rate is
   * clip(1.2 − 1.5·0.6) = 0.3. By subtraction it fires at 1 and 3 (rate 0.4): Δb = −0.1. Signed it
   * fires at 1, takes that spike back at 2 (v = −0.1 → 0.9) and fires at 3 (net rate 0.2):
   * Δb = +0.1.
   */
  @ParameterizedTest
  @EnumSource(value = ResetMode.class, names = {"SUBTRACT", "SIGNED"})
  void calibratesTheNeuronsAsTheyWillRun(ResetMode reset) {
    Map<String, Tensor> p = new LinkedHashMap<>(twoLayers().network().parameters());
    p.put("fc1.weight", tensor(-1.5f));
    p.put("fc1.bias", tensor(1.2f));
    SpikingNetwork snn = new SpikingNetwork(reshaped(twoLayers().network().architecture(), p));
    PostConversionCalibration.Outcome outcome = PostConversionCalibration.calibrate(snn,
        new CalibrationSet(new float[] {0.6f}, 1, 1, 1, 1),
        new CalibrationOptions(5, InitialMembrane.ZERO, List.of(0.0)).withReset(reset), ENGINE);

    List<PostConversionCalibration.LayerCorrection> c = outcome.corrections();
    assertThat(c.get(0).biasShift()[0]).isCloseTo(0f, within(1e-6f));
    assertThat(c.get(1).biasShift()[0]).isCloseTo(reset == ResetMode.SIGNED ? 0.1f : -0.1f, within(1e-6f));
    assertThat(outcome.snn().network().provenance().settings())
        .containsEntry("calibration.reset", reset.describe());
  }

  /**
   * The fraction kept for the first layer is the one whose corrected layer has the smaller rate
   * error, with the correction found when it is tried alone; its v(0) is that fraction of θ.
   */
  @Test
  void keepsTheInitialMembraneWithTheSmallestRateError() {
    Batch batch = images(16, 5);
    SpikingNetwork snn = FiringRateCalibration.calibrate(
        RandomSpikingNetworks.of(ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RELU), 7), batch, 0.2);
    CalibrationSet images = new CalibrationSet(batch.images(), batch.size(), 1, 28, 28);
    PostConversionCalibration.LayerCorrection zero = firstLayer(snn, images, List.of(0.0));
    PostConversionCalibration.LayerCorrection half = firstLayer(snn, images, List.of(0.5));
    assertThat(zero.rateError()).isNotEqualTo(half.rateError());
    PostConversionCalibration.Outcome both = PostConversionCalibration.calibrate(snn, images,
        new CalibrationOptions(3, InitialMembrane.ZERO, List.of(0.0, 0.5)), ENGINE);

    PostConversionCalibration.LayerCorrection best = zero.rateError() < half.rateError() ? zero : half;
    PostConversionCalibration.LayerCorrection kept = both.corrections().get(0);
    assertThat(kept.membraneFraction()).isEqualTo(best.membraneFraction());
    assertThat(kept.biasShift()).containsExactly(best.biasShift());
    float theta = snn.thresholds(snn.spikingLayers().get(0))[0];
    assertThat(parameter(both.snn(), kept.layer() + ".initial_membrane"))
        .containsExactly((float) (best.membraneFraction() * theta));
  }

  private static PostConversionCalibration.LayerCorrection firstLayer(SpikingNetwork snn,
      CalibrationSet images, List<Double> fractions) {
    InitialMembrane start = fractions.get(0) == 0.5 ? InitialMembrane.HALF_THRESHOLD : InitialMembrane.ZERO;
    return PostConversionCalibration.calibrate(snn, images, new CalibrationOptions(3, start, fractions),
        ENGINE).corrections().get(0);
  }

  private static Batch images(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[n * 28 * 28];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    return new Batch(x, new int[n], n, 1, 28, 28);
  }

  /**
   * A layer with per-channel thresholds 1 and 2 on a current of 0.3, started from a stored v(0) of
   * 0.5 and 1 (θ/2): by hand, channel 0 charges 0.8, fires at 1.1, then 0.4, 0.7 (1 spike);
   * channel 1 charges 1.3, 1.6, 1.9, fires at 2.2 (1 spike). From v(0) = 0, channel 1 stays silent.
   */
  @Test
  void theEngineStartsFromTheStoredInitialMembrane() {
    Architecture a = new Architecture("per-channel", TensorShape.of(1, 1, 1), 2, List.of(
        new Layer.Conv2d("conv", List.of("input"), 1, 2, 1, 1, 0, false),
        new Layer.IntegrateAndFire("if", List.of("conv"), true),
        new Layer.Flatten("flatten", List.of("if")),
        new Layer.Linear("fc", List.of("flatten"), 2, 2, false)));
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("conv.weight", tensor(1f, 1f));
    p.put("if.threshold", tensor(1f, 2f));
    p.put("fc.weight", tensor(1f, 0f, 0f, 1f));
    SpikingNetwork plain = new SpikingNetwork(reshaped(a, p));
    SpikingNetwork started = new SpikingNetwork(
        LayerCorrections.withInitialMembrane(plain.network(), "if", new float[] {0.5f, 1f}));
    Batch one = new Batch(new float[] {0.3f}, new int[1], 1, 1, 1, 1);

    assertThat(counts(started, one, InitialMembrane.CALIBRATED)).containsExactly(1, 1);
    assertThat(counts(plain, one, InitialMembrane.HALF_THRESHOLD)).containsExactly(1, 1);
    assertThat(counts(started, one, InitialMembrane.ZERO)).containsExactly(1, 0);
    assertThat(counts(plain, one, InitialMembrane.CALIBRATED)).containsExactly(1, 0);
  }

  private static int[] counts(SpikingNetwork snn, Batch batch, InitialMembrane v0) {
    Recording recording = new Recording();
    ENGINE.simulate(snn, batch, new SimulationOptions(4, InputCoding.CONSTANT, v0, Readout.ACCUMULATE, 1),
        recording);
    return recording.spikeCounts.get(0)[0][0];
  }

  @Test
  void theInitialMembraneSurvivesSavingAndLoading(@TempDir Path dir) throws IOException {
    SpikingNetwork plain = twoLayers();
    SpikingNetwork.save(plain, dir.resolve("plain"));
    assertThat(Files.readString(dir.resolve("plain").resolve(NetworkFiles.MANIFEST)))
        .doesNotContain("initialMembrane").doesNotContain("initial_membrane");
    SpikingNetwork calibrated = PostConversionCalibration.calibrate(plain, TWO_PIXELS,
        CalibrationOptions.of(4, InitialMembrane.ZERO), ENGINE).snn();

    SpikingNetwork.save(calibrated, dir.resolve("calibrated"));
    SpikingNetwork loaded = SpikingNetwork.load(dir.resolve("calibrated"));

    assertThat(loaded.network().architecture()).isEqualTo(calibrated.network().architecture());
    assertThat(loaded.spikingLayers()).allMatch(Layer.IntegrateAndFire::initialMembrane);
    for (String name : List.of("if1.initial_membrane", "if2.initial_membrane", "conv1.bias", "fc1.bias")) {
      assertThat(parameter(loaded, name)).as(name).containsExactly(parameter(calibrated, name));
    }
    assertThat(loaded.network().provenance()).isEqualTo(calibrated.network().provenance());
    assertThat(InitialMembrane.trainedFor(loaded)).isEqualTo(InitialMembrane.CALIBRATED);
    assertThat(InitialMembrane.trainedFor(SpikingNetwork.load(dir.resolve("plain"))))
        .isEqualTo(InitialMembrane.ZERO);
  }

  @Test
  void refusesACalibratedNetwork() {
    SpikingNetwork calibrated = PostConversionCalibration.calibrate(twoLayers(), TWO_PIXELS,
        CalibrationOptions.of(2, InitialMembrane.ZERO), ENGINE).snn();

    assertThatThrownBy(() -> PostConversionCalibration.calibrate(calibrated, TWO_PIXELS,
        CalibrationOptions.of(2, InitialMembrane.ZERO), ENGINE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already calibrated").hasMessageContaining("'if1'");
  }

  /** if2 reads if1's spikes as they are (an identity map): no layer of its map has a bias. */
  @Test
  void namesTheLayerWhoseMapCarriesNoBias() {
    Architecture a = new Architecture("identity", TensorShape.of(1, 1, 1), 2, List.of(
        new Layer.Conv2d("conv1", List.of("input"), 1, 1, 1, 1, 0, true),
        new Layer.IntegrateAndFire("if1", List.of("conv1"), false),
        new Layer.IntegrateAndFire("if2", List.of("if1"), false),
        new Layer.Flatten("flatten", List.of("if2")),
        new Layer.Linear("fc", List.of("flatten"), 1, 2, false)));
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("conv1.weight", tensor(1f));
    p.put("conv1.bias", tensor(0f));
    p.put("if1.threshold", tensor(1f));
    p.put("if2.threshold", tensor(0.5f));
    p.put("fc.weight", tensor(1f, -1f));
    SpikingNetwork snn = new SpikingNetwork(reshaped(a, p));

    assertThatThrownBy(() -> PostConversionCalibration.calibrate(snn, TWO_PIXELS,
        CalibrationOptions.of(2, InitialMembrane.ZERO), ENGINE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layer 'if2'").hasMessageContaining("'if1' (IntegrateAndFire)")
        .hasMessageContaining("no Conv2d, Linear or Affine layer");
  }
}
