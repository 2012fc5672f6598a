package org.spikebridge.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.TensorShape;

/**
 * The four baselines on a hand-made network whose thresholds are worked out by hand:
 *
 * <pre>
 *   input [1, 1, 2] → flat → fc1 (2→2) → relu1 → fc2 (2→2) → relu2 → fc3 (2→2)
 *   fc1: W = [[1, 1], [1, −1]],  b = [0, 0.5]
 *   fc2: W = [[1, 0.5], [−1, 1]], b = [0, 0]
 *   fc3: W = [[1, 0], [0, 1]],    b = [0.1, −0.1]
 * </pre>
 *
 * Calibration inputs and activations:
 * <pre>
 *   x        fc1 out       relu1        fc2 out        relu2
 *   (1, 2)   (3, −0.5)     (3, 0)       (3, −3)        (3, 0)
 *   (3, 0)   (3, 3.5)      (3, 3.5)     (4.75, 0.5)    (4.75, 0.5)
 *   (−1, 1)  (0, −1.5)     (0, 0)       (0, 0)         (0, 0)
 * </pre>
 * relu1: max 3.5, per channel (3, 3.5), non-zero values sorted {3, 3, 3.5};
 * relu2: max 4.75, per channel (4.75, 0.5), non-zero values sorted {0.5, 3, 4.75}.
 */
class BaselineConversionTest {
  private static final TensorShape INPUT = TensorShape.of(1, 1, 2);
  private static final CalibrationSet CALIBRATION =
      new CalibrationSet(new float[] {1, 2, 3, 0, -1, 1}, 3, 1, 1, 2);
  private static final ConversionOptions BALANCING =
      new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, MaxPoolPolicy.FAIL)
          .withCalibration(CALIBRATION);
  private static final ConversionOptions NORMALIZATION =
      new ConversionOptions(ThresholdForm.WEIGHT_NORMALIZATION, MaxPoolPolicy.FAIL)
          .withCalibration(CALIBRATION);

  static Network tiny() {
    List<Layer> layers = List.of(
        new Layer.Flatten("flat", List.of(Architecture.INPUT)),
        new Layer.Linear("fc1", List.of("flat"), 2, 2, true),
        new Layer.Relu("relu1", List.of("fc1")),
        new Layer.Linear("fc2", List.of("relu1"), 2, 2, true),
        new Layer.Relu("relu2", List.of("fc2")),
        new Layer.Linear("fc3", List.of("relu2"), 2, 2, true));
    return TestNetworks.network(INPUT, 2, layers, Map.of(
        "fc1.weight", new float[] {1, 1, 1, -1}, "fc1.bias", new float[] {0, 0.5f},
        "fc2.weight", new float[] {1, 0.5f, -1, 1}, "fc2.bias", new float[] {0, 0},
        "fc3.weight", new float[] {1, 0, 0, 1}, "fc3.bias", new float[] {0.1f, -0.1f}));
  }

  private static float[] param(SpikingNetwork snn, String name) {
    return snn.network().parameter(name).data();
  }

  private static void assertValues(float[] actual, double... expected) {
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).as("element " + i).isCloseTo(expected[i], within(1e-5));
    }
  }

  @Test
  void maxNormThresholdsAreTheLayerMaximaAndWeightsCarryTheSourceScale() {
    SpikingNetwork snn = new MaxNormConversion().convert(tiny(), BALANCING);
    assertThat(snn.spikingLayers()).extracting(Layer::name).containsExactly("relu1", "relu2");
    assertThat(snn.spikingLayers()).noneMatch(Layer.IntegrateAndFire::perChannel);
    assertValues(param(snn, "relu1.threshold"), 3.5); // max of {3, 0, 3, 3.5, 0, 0}
    assertValues(param(snn, "relu2.threshold"), 4.75); // max of {3, 0, 4.75, 0.5, 0, 0}
    assertValues(param(snn, "fc1.weight"), 1, 1, 1, -1); // λ_0 = 1
    assertValues(param(snn, "fc1.bias"), 0, 0.5);
    assertValues(param(snn, "fc2.weight"), 3.5, 1.75, -3.5, 3.5); // W·λ_1
    assertValues(param(snn, "fc2.bias"), 0, 0);
    assertValues(param(snn, "fc3.weight"), 4.75, 0, 0, 4.75); // W·λ_2
    assertValues(param(snn, "fc3.bias"), 0.1, -0.1);
    assertThat(snn.network().provenance().settings())
        .containsEntry("conversion.method", "maxnorm")
        .containsEntry("conversion.form", "THRESHOLD_BALANCING")
        .containsEntry("conversion.calibrationImages", "3")
        .doesNotContainKeys("conversion.percentile", "conversion.factor");
  }

  @Test
  void maxNormWeightNormalizationDividesByTheOwnThreshold() {
    SpikingNetwork snn = new MaxNormConversion().convert(tiny(), NORMALIZATION);
    assertValues(param(snn, "relu1.threshold"), 1);
    assertValues(param(snn, "relu2.threshold"), 1);
    assertValues(param(snn, "fc1.weight"), 1 / 3.5, 1 / 3.5, 1 / 3.5, -1 / 3.5); // W/λ_1
    assertValues(param(snn, "fc1.bias"), 0, 0.5 / 3.5);
    // W·λ_1/λ_2 = W·3.5/4.75
    assertValues(param(snn, "fc2.weight"), 3.5 / 4.75, 1.75 / 4.75, -3.5 / 4.75, 3.5 / 4.75);
    assertValues(param(snn, "fc3.weight"), 4.75, 0, 0, 4.75);
    assertValues(param(snn, "fc3.bias"), 0.1, -0.1);
  }

  @Test
  void scaledMultipliesMaxNormByTheFactor() {
    SpikingNetwork snn = new ScaledMaxNormConversion().convert(tiny(), BALANCING);
    assertValues(param(snn, "relu1.threshold"), 2.8); // 0.8 · 3.5
    assertValues(param(snn, "relu2.threshold"), 3.8); // 0.8 · 4.75
    assertValues(param(snn, "fc2.weight"), 2.8, 1.4, -2.8, 2.8);
    assertValues(param(snn, "fc3.weight"), 3.8, 0, 0, 3.8);
    assertThat(snn.network().provenance().settings()).containsEntry("conversion.factor", "0.8");

    SpikingNetwork half = new ScaledMaxNormConversion().convert(tiny(), BALANCING.withFactor(0.5));
    assertValues(param(half, "relu1.threshold"), 1.75);
    assertValues(param(half, "relu2.threshold"), 2.375);
  }

  @Test
  void robustNormTakesThePercentileOfNonZeroActivations() {
    // numpy.percentile, linear: rank r = p/100·(N − 1) among the sorted non-zero values
    double resolution1 = 3.5 / ActivationStatistics.HISTOGRAM_BINS;
    double resolution2 = 4.75 / ActivationStatistics.HISTOGRAM_BINS;
    SpikingNetwork p75 =
        new RobustNormConversion().convert(tiny(), BALANCING.withPercentile(75));
    // relu1 {3, 3, 3.5}: r = 1.5 → 3 + 0.5·(3.5 − 3) = 3.25
    assertThat((double) param(p75, "relu1.threshold")[0]).isCloseTo(3.25, within(resolution1));
    // relu2 {0.5, 3, 4.75}: r = 1.5 → 3 + 0.5·(4.75 − 3) = 3.875
    assertThat((double) param(p75, "relu2.threshold")[0]).isCloseTo(3.875, within(resolution2));
    assertThat((double) param(p75, "fc2.weight")[0]).isCloseTo(3.25, within(resolution1));
    assertThat(p75.network().provenance().settings()).containsEntry("conversion.percentile", "75.0");

    SpikingNetwork p999 = new RobustNormConversion().convert(tiny(), BALANCING);
    // default 99.9: r = 1.998 → 3 + 0.998·0.5 = 3.499 and 3 + 0.998·1.75 = 4.7465
    assertThat((double) param(p999, "relu1.threshold")[0]).isCloseTo(3.499, within(resolution1));
    assertThat((double) param(p999, "relu2.threshold")[0]).isCloseTo(4.7465, within(resolution2));
    SpikingNetwork p50 = new RobustNormConversion().convert(tiny(), BALANCING.withPercentile(50));
    // the median ignores the zeros: 3 for both (with zeros, relu1's median would be 1.5)
    assertThat((double) param(p50, "relu1.threshold")[0]).isCloseTo(3, within(resolution1));
    assertThat((double) param(p50, "relu2.threshold")[0]).isCloseTo(3, within(resolution2));
  }

  @Test
  void channelNormHasOneThresholdPerChannel() {
    SpikingNetwork snn = new ChannelNormConversion().convert(tiny(), BALANCING);
    assertThat(snn.spikingLayers()).allMatch(Layer.IntegrateAndFire::perChannel);
    assertValues(param(snn, "relu1.threshold"), 3, 3.5); // channel maxima of relu1
    assertValues(param(snn, "relu2.threshold"), 4.75, 0.5); // channel maxima of relu2
    // W[o][i]·λ_1[i]: columns scaled by (3, 3.5)
    assertValues(param(snn, "fc2.weight"), 3, 1.75, -3, 3.5);
    assertValues(param(snn, "fc3.weight"), 4.75, 0, 0, 0.5);
    assertValues(param(snn, "fc3.bias"), 0.1, -0.1);

    SpikingNetwork wn = new ChannelNormConversion().convert(tiny(), NORMALIZATION);
    assertValues(param(wn, "relu1.threshold"), 1, 1);
    assertValues(param(wn, "fc1.weight"), 1 / 3.0, 1 / 3.0, 1 / 3.5, -1 / 3.5); // rows / λ_1[o]
    assertValues(param(wn, "fc1.bias"), 0, 0.5 / 3.5);
    // W[o][i]·λ_1[i]/λ_2[o]
    assertValues(param(wn, "fc2.weight"), 3 / 4.75, 1.75 / 4.75, -3 / 0.5, 3.5 / 0.5);
    assertValues(param(wn, "fc3.weight"), 4.75, 0, 0, 0.5);
  }

  @Test
  void everyBaselineReproducesTheLogitsOfItsUnclippedCalibrationImages() {
    float[] ann = AnalogReference.logits(tiny(), CALIBRATION.images(), 3);
    // hand: (3, 0) → (3.1, −0.1); (4.75, 0.5) → (4.85, 0.4); (0, 0) → (0.1, −0.1)
    assertValues(ann, 3.1, -0.1, 4.85, 0.4, 0.1, -0.1);
    for (ConversionMethod m : List.of(new MaxNormConversion(), new ChannelNormConversion())) {
      for (ConversionOptions o : List.of(BALANCING, NORMALIZATION)) {
        float[] snn = AnalogReference.logits(m.convert(tiny(), o).network(), CALIBRATION.images(), 3);
        assertThat(TestNetworks.maxAbsDiff(snn, ann)).as(m.name() + " " + o.form()).isLessThan(1e-5);
      }
    }
    // scaled (λ = 2.8, 3.8) clips the second image: relu1 (3, 3.5) → rates (1, 1) → 2.8·(1, 1);
    // fc2 → (4.2, 0); 4.2 > 3.8 → rate 1 → 3.8; first logit 3.8 + 0.1
    float[] scaled = AnalogReference.logits(new ScaledMaxNormConversion().convert(tiny(), BALANCING)
        .network(), CALIBRATION.images(), 3);
    assertThat((double) scaled[2]).isCloseTo(3.9, within(1e-5));
  }

  /**
   * Every baseline keeps a MaxPool2d after a ReLU as spiking max pooling and records it; with the
   * layer-wide (maxnorm) and per-channel (channelnorm) maxima nothing is clipped on the calibration
   * images, so the SNN's rate limit reproduces the ANN's logits there in both forms: the max of a
   * window commutes with the positive scale of its channel.
   */
  @Test
  void everyBaselineKeepsSpikingMaxPoolingWhichCommutesWithTheScales() {
    Architecture arch = new ArchitectureBuilder("mp", TensorShape.of(1, 6, 6))
        .conv(3, 3, 1, 1).activation(Activation.RELU)
        .maxPool(3, 2, 1).flatten().linear(2).build(2);
    Network ann = TestNetworks.random(arch, 41);
    float[] images = TestNetworks.inputs(arch.inputShape(), 5, -1, 2, 42);
    CalibrationSet calibration = new CalibrationSet(images, 5, 1, 6, 6);
    float[] annLogits = AnalogReference.logits(ann, images, 5);
    for (String name : List.of("maxnorm", "robustnorm", "scaled", "channelnorm")) {
      for (ThresholdForm form : ThresholdForm.values()) {
        ConversionMethod m = ConversionMethods.byName(name);
        SpikingNetwork snn = m.convert(ann,
            new ConversionOptions(form, MaxPoolPolicy.SPIKING).withCalibration(calibration));
        Architecture a = snn.network().architecture();
        assertThat(a.layer("maxpool1")).as(name)
            .isEqualTo(new Layer.MaxPool2d("maxpool1", List.of("relu1"), 3, 2, 1));
        assertThat(a.layer("flatten1").inputs()).containsExactly("maxpool1");
        assertThat(snn.network().provenance().settings())
            .containsEntry("conversion.maxpool", "SPIKING")
            .containsEntry("conversion.spikingMaxPool", "maxpool1")
            .doesNotContainKey("conversion.replacedMaxPool");
        if (name.equals("maxnorm") || name.equals("channelnorm")) {
          assertThat(TestNetworks.maxAbsDiff(AnalogReference.logits(snn.network(), images, 5), annLogits))
              .as(name + " " + form).isLessThan(1e-4);
        }
      }
    }
  }

  @Test
  void rateNormLayersAndMissingCalibrationAreRefused() {
    Network rnl = TestNetworks.cnn7(5);
    assertThatThrownBy(() -> new MaxNormConversion().convert(rnl, BALANCING))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'rnl1'")
        .hasMessageContaining("use rnl");
    ConversionOptions none = new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING,
        MaxPoolPolicy.FAIL);
    for (String name : List.of("maxnorm", "robustnorm", "scaled", "channelnorm")) {
      ConversionMethod m = ConversionMethods.byName(name);
      assertThat(m.name()).isEqualTo(name);
      assertThat(m.needsCalibration()).isTrue();
      assertThatThrownBy(() -> m.convert(tiny(), none))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name)
          .hasMessageContaining("calibration");
    }
    assertThat(ConversionMethods.byName("rnl").needsCalibration()).isFalse();
    assertThatThrownBy(() -> new RateNormConversion().convert(tiny(), BALANCING))
        .hasMessageContaining("'relu1'").hasMessageContaining("maxnorm");
    CalibrationSet wrongShape = new CalibrationSet(new float[3], 1, 1, 1, 3);
    assertThatThrownBy(() -> new MaxNormConversion().convert(tiny(),
        BALANCING.withCalibration(wrongShape))).hasMessageContaining("[1, 1, 3]");
  }

  @Test
  void aLayerThatNeverFiresOnTheCalibrationImagesIsNamed() {
    // only the third image: relu1 and relu2 stay 0
    CalibrationSet dead = new CalibrationSet(new float[] {-1, 1}, 1, 1, 1, 2);
    assertThatThrownBy(() -> new MaxNormConversion().convert(tiny(),
        BALANCING.withCalibration(dead))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'relu1'");
  }

  @Test
  void channelNormGivesADeadChannelTheLayerMaximum() {
    // only the first image: relu1 = (3, 0), channel 1 dead → 3; relu2 = (3, 0) → (3, 3)
    CalibrationSet one = new CalibrationSet(new float[] {1, 2}, 1, 1, 1, 2);
    SpikingNetwork snn = new ChannelNormConversion().convert(tiny(), BALANCING.withCalibration(one));
    assertValues(param(snn, "relu1.threshold"), 3, 3);
    assertValues(param(snn, "relu2.threshold"), 3, 3);
  }

  @Test
  void optionsKeepTheTwoArgumentConstructorAndCheckRanges() {
    ConversionOptions o = ConversionOptions.defaults();
    assertThat(o.calibration()).isNull();
    assertThat(o.percentile()).isEqualTo(99.9);
    assertThat(o.factor()).isEqualTo(0.8);
    assertThatThrownBy(() -> o.withPercentile(0)).hasMessageContaining("percentile");
    assertThatThrownBy(() -> o.withPercentile(100.5)).hasMessageContaining("percentile");
    assertThatThrownBy(() -> o.withFactor(-1)).hasMessageContaining("factor");
  }
}
