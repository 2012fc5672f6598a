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
import org.spikebridge.simulate.InitialMembrane;

class RateNormConversionTest {
  private static final ConversionOptions BALANCING =
      new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, MaxPoolPolicy.FAIL);
  private static final ConversionOptions NORMALIZATION =
      new ConversionOptions(ThresholdForm.WEIGHT_NORMALIZATION, MaxPoolPolicy.FAIL);
  private static final List<String> RNL = List.of("rnl1", "rnl2", "rnl3");
  private static final TensorShape MNIST = TensorShape.of(1, 28, 28);

  private final RateNormConversion rnl = new RateNormConversion();

  @Test
  void thresholdsAreSigmoidOfPTimesRunningMax() {
    Network ann = TestNetworks.cnn7(21);
    SpikingNetwork snn = rnl.convert(ann, BALANCING);
    assertThat(snn.spikingLayers()).extracting(Layer::name).containsExactlyElementsOf(RNL);
    for (Layer.IntegrateAndFire l : snn.spikingLayers()) {
      double p = ann.parameter(l.name() + ".p_logit").data()[0];
      double max = ann.parameter(l.name() + ".running_max").data()[0];
      double expected = 1 / (1 + Math.exp(-p)) * max + 1e-6;
      assertThat(snn.thresholds(l)).hasSize(1);
      assertThat((double) snn.thresholds(l)[0]).as(l.name()).isCloseTo(expected, within(1e-6));
      assertThat(l.perChannel()).isFalse();
    }
  }

  @Test
  void integrateAndFireWhereRateNormWasAndNoBatchNorm() {
    Network ann = TestNetworks.cnn7(22);
    Architecture arch = rnl.convert(ann, BALANCING).network().architecture();
    assertThat(arch.layers()).extracting(l -> l.name() + ":" + l.getClass().getSimpleName())
        .containsExactly("conv1:Conv2d", "rnl1:IntegrateAndFire", "avgpool1:AvgPool2d",
            "conv2:Conv2d", "rnl2:IntegrateAndFire", "avgpool2:AvgPool2d", "conv3:Conv2d",
            "rnl3:IntegrateAndFire", "avgpool3:AvgPool2d", "flatten1:Flatten", "fc1:Linear");
    assertThat(arch.layer("rnl1").inputs()).containsExactly("conv1");
    assertThat(arch.name()).isEqualTo("cnn7");
    Map<String, String> settings = rnl.convert(ann, BALANCING).network().provenance().settings();
    assertThat(settings).containsEntry("conversion.method", "rnl")
        .containsEntry("conversion.form", "THRESHOLD_BALANCING")
        .containsEntry("conversion.maxpool", "FAIL")
        .containsEntry("conversion.foldedBatchNorm", "bn1,bn2,bn3")
        .containsEntry("activation", "RATE_NORM")
        .doesNotContainKey("conversion.replacedMaxPool");
    assertThat(rnl.convert(ann, BALANCING).network().provenance().dataset()).isEqualTo("mnist");
  }

  /**
   * The spiking layers of a quantized network keep its levels, so the SNN's analog reference is
   * the quantized ANN (up to float rounding at a level's edge) and its v(0) is θ/2; a continuous
   * network's have none.
   */
  @Test
  void aQuantizedNetworksSpikingLayersStandForItsQuantizedRates() {
    Network ann = TestNetworks.cnn7(25);
    Network quantized = new Network(ann.architecture().withRateNormLevels(8), ann.parameters(),
        ann.provenance());
    SpikingNetwork snn = rnl.convert(quantized, BALANCING);
    assertThat(snn.spikingLayers()).extracting(Layer.IntegrateAndFire::levels).containsOnly(8);
    assertThat(rnl.convert(ann, BALANCING).spikingLayers())
        .extracting(Layer.IntegrateAndFire::levels).containsOnly(0);
    assertThat(InitialMembrane.trainedFor(snn)).isEqualTo(InitialMembrane.HALF_THRESHOLD);
    assertThat(InitialMembrane.trainedFor(rnl.convert(ann, BALANCING))).isEqualTo(InitialMembrane.ZERO);

    float[] x = TestNetworks.inputs(MNIST, 6, -0.5, 2, 26);
    Map<String, float[]> a = AnalogReference.forward(quantized, x, 6);
    Map<String, float[]> s = AnalogReference.forward(snn.network(), x, 6);
    for (String layer : RNL) {
      float[] expected = a.get(layer);
      long differing = 0;
      long between = 0;
      for (int k = 0; k < expected.length; k++) {
        differing += Math.abs(expected[k] - s.get(layer)[k]) > 1e-5 ? 1 : 0;
        between += expected[k] > 0 && expected[k] < 1 ? 1 : 0;
        assertThat(expected[k] * 8).as(layer + " is on a level").isCloseTo(Math.round(expected[k] * 8), within(1e-5f));
      }
      assertThat(differing).as(layer).isLessThanOrEqualTo(expected.length / 1000);
      assertThat(between).as(layer + " has levels strictly between 0 and 1").isGreaterThan(expected.length / 20);
    }
  }

  /** clip(floor(8·I/θ + 1/2)/8, 0, 1) by hand, θ = 2. */
  @Test
  void aQuantizedSpikingLayersRateLimitIsRoundedToItsLevels() {
    Layer.IntegrateAndFire f = new Layer.IntegrateAndFire("if", List.of("x"), false, 8);
    assertThat(f.rateLimit(0.60, 2)).isEqualTo(0.25);   // 8·0.30 + 0.5 = 2.9
    assertThat(f.rateLimit(0.64, 2)).isEqualTo(0.375);  // 8·0.32 + 0.5 = 3.06
    assertThat(f.rateLimit(-1, 2)).isEqualTo(0);
    assertThat(f.rateLimit(5, 2)).isEqualTo(1);
    assertThat(new Layer.IntegrateAndFire("if", List.of("x"), false).rateLimit(0.64, 2)).isEqualTo(0.32);
    assertThatThrownBy(() -> new Layer.IntegrateAndFire("if", List.of("x"), false, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContainingAll("'if'", "-1");
  }

  @Test
  void thresholdBalancingRateLimitsEqualTheRateNormOutputs() {
    Network ann = TestNetworks.cnn7(23);
    SpikingNetwork snn = rnl.convert(ann, BALANCING);
    float[] x = TestNetworks.inputs(MNIST, 6, -0.5, 2, 24);
    Map<String, float[]> a = AnalogReference.forward(ann, x, 6);
    Map<String, float[]> s = AnalogReference.forward(snn.network(), x, 6);
    for (String layer : List.of("rnl1", "rnl2", "rnl3", "fc1")) {
      assertThat(TestNetworks.maxAbsDiff(a.get(layer), s.get(layer))).as(layer).isLessThan(1e-5);
    }
    for (String layer : RNL) {
      long inside = 0;
      for (float v : a.get(layer)) {
        inside += v > 0 && v < 1 ? 1 : 0;
      }
      assertThat(inside).as(layer + " has rates strictly between 0 and 1")
          .isGreaterThan(a.get(layer).length / 20);
    }
  }

  @Test
  void weightNormalizationByHand() {
    Network ann = TestNetworks.network(TensorShape.of(2), 2, List.of(
        new Layer.Linear("fc1", List.of("input"), 2, 2, true),
        new Layer.Dropout("drop1", List.of("fc1"), 0.5),
        new Layer.RateNorm("rnl1", List.of("drop1"), 0.1),
        new Layer.Linear("fc2", List.of("rnl1"), 2, 2, true)), Map.of(
        "fc1.weight", new float[] {1, 2, 3, 4}, "fc1.bias", new float[] {0.5f, -0.5f},
        "rnl1.p_logit", new float[] {0}, "rnl1.running_max", new float[] {4},
        "fc2.weight", new float[] {1, -1, 2, 0.5f}, "fc2.bias", new float[] {0.25f, 0}));
    // θ = sigmoid(0)·4 + 1e-6 = 2.000001
    Network tb = rnl.convert(ann, BALANCING).network();
    assertThat(tb.parameter("rnl1.threshold").data()).containsExactly(2.000001f);
    assertThat(tb.parameter("fc1.weight").data()).containsExactly(1, 2, 3, 4);
    assertThat(tb.architecture().layers()).extracting(Layer::name).containsExactly("fc1", "rnl1", "fc2");
    assertThat(tb.architecture().layer("rnl1").inputs()).containsExactly("fc1");
    assertThat(tb.provenance().settings()).containsEntry("conversion.droppedDropout", "drop1");

    Network wn = rnl.convert(ann, NORMALIZATION).network();
    assertThat(wn.parameter("rnl1.threshold").data()).containsExactly(1f);
    float[] w = wn.parameter("fc1.weight").data();
    float[] expected = {0.5f, 1f, 1.5f, 2f};
    for (int i = 0; i < 4; i++) {
      assertThat(w[i]).isCloseTo(expected[i], within(1e-6f));
    }
    assertThat(wn.parameter("fc1.bias").data()[0]).isCloseTo(0.25f, within(1e-6f));
    assertThat(wn.parameter("fc1.bias").data()[1]).isCloseTo(-0.25f, within(1e-6f));
    assertThat(wn.parameter("fc2.weight")).isEqualTo(ann.parameter("fc2.weight"));
    assertThat(wn.parameter("fc2.bias")).isEqualTo(ann.parameter("fc2.bias"));
    assertThat(wn.provenance().settings()).containsEntry("conversion.form", "WEIGHT_NORMALIZATION");

    // x = (0.25, 0.25): fc1 = (1.25, 1.25) → rate 0.625 each; fc2 = (0.25, 1.5625)
    float[] out = AnalogReference.logits(wn, new float[] {0.25f, 0.25f}, 1);
    assertThat(out[0]).isCloseTo(0.25f, within(1e-5f));
    assertThat(out[1]).isCloseTo(1.5625f, within(1e-5f));
  }

  @Test
  void weightNormalizationOnCnn7DividesByThetaAndKeepsTheRates() {
    Network ann = TestNetworks.cnn7(25);
    Network tb = rnl.convert(ann, BALANCING).network();
    SpikingNetwork wn = rnl.convert(ann, NORMALIZATION);
    for (int l = 1; l <= 3; l++) {
      double theta = tb.parameter("rnl" + l + ".threshold").data()[0];
      assertThat(wn.network().parameter("rnl" + l + ".threshold").data()).containsExactly(1f);
      float[] wt = tb.parameter("conv" + l + ".weight").data();
      float[] ww = wn.network().parameter("conv" + l + ".weight").data();
      for (int i = 0; i < wt.length; i += 37) {
        assertThat((double) ww[i]).isCloseTo(wt[i] / theta, within(1e-6 * Math.abs(wt[i] / theta)));
      }
      assertThat(wn.network().parameter("conv" + l + ".bias").data()[3])
          .isCloseTo((float) (tb.parameter("conv" + l + ".bias").data()[3] / theta), within(1e-6f));
    }
    assertThat(wn.network().parameter("fc1.weight")).isEqualTo(tb.parameter("fc1.weight"));
    float[] x = TestNetworks.inputs(MNIST, 4, -0.5, 2, 26);
    Map<String, float[]> a = AnalogReference.forward(tb, x, 4);
    Map<String, float[]> b = AnalogReference.forward(wn.network(), x, 4);
    for (String layer : List.of("rnl1", "rnl2", "rnl3", "fc1")) {
      assertThat(TestNetworks.maxAbsDiff(a.get(layer), b.get(layer))).as(layer).isLessThan(1e-5);
    }
  }

  @Test
  void weightNormalizationScalesThroughAveragePoolingAndRescalesAResidualSum() {
    Architecture pooled = new ArchitectureBuilder("pooled", TensorShape.of(1, 4, 4))
        .conv(2, 1, 1, 0).avgPool(2).activation(Activation.RATE_NORM).flatten().linear(3).build(3);
    Network ann = TestNetworks.random(pooled, 27);
    Network tb = rnl.convert(ann, BALANCING).network();
    Network wn = rnl.convert(ann, NORMALIZATION).network();
    float theta = tb.parameter("rnl1.threshold").data()[0];
    assertThat(wn.parameter("conv1.weight").data()[1])
        .isCloseTo(tb.parameter("conv1.weight").data()[1] / theta, within(1e-6f));
    float[] x = TestNetworks.inputs(TensorShape.of(1, 4, 4), 3, 0, 1, 28);
    assertThat(TestNetworks.maxAbsDiff(AnalogReference.forward(tb, x, 3).get("rnl1"),
        AnalogReference.forward(wn, x, 3).get("rnl1"))).isLessThan(1e-6);

    Network residual = TestNetworks.random(new Architecture("res", TensorShape.of(2), 2, List.of(
        new Layer.Linear("fc1", List.of("input"), 2, 2, true),
        new Layer.Add("add1", List.of("fc1", "input")),
        new Layer.RateNorm("rnl1", List.of("add1"), 0.1),
        new Layer.Linear("fc2", List.of("rnl1"), 2, 2, true))), 29);
    Network residualTb = rnl.convert(residual, BALANCING).network();
    Network residualWn = rnl.convert(residual, NORMALIZATION).network();
    // the sum of fc1's current and the input cannot carry 1/θ in one weight: a map rescales it
    assertThat(residualWn.architecture().layer("rnl1").inputs()).containsExactly("rescale_rnl1_1");
    assertThat(residualWn.parameter("rnl1.threshold").data()).containsExactly(1f);
    float theta1 = residualTb.parameter("rnl1.threshold").data()[0];
    assertThat(residualWn.parameter("rescale_rnl1_1.weight").data()[0])
        .isCloseTo(1 / theta1, within(1e-6f));
    float[] r = TestNetworks.inputs(TensorShape.of(2), 5, -1, 1, 30);
    assertThat(TestNetworks.maxAbsDiff(AnalogReference.forward(residualTb, r, 5).get("rnl1"),
        AnalogReference.forward(residualWn, r, 5).get("rnl1"))).isLessThan(1e-6);
    assertThat(TestNetworks.maxAbsDiff(AnalogReference.logits(residualTb, r, 5),
        AnalogReference.logits(residual, r, 5))).isLessThan(1e-5);
  }

  private static Network pooledWithMaxPool() {
    Architecture arch = new ArchitectureBuilder("mp", TensorShape.of(1, 6, 6))
        .conv(2, 3, 1, 0).batchNorm(1e-5).activation(Activation.RATE_NORM).maxPool(2)
        .dropout(0.5).flatten().linear(3).build(3);
    return TestNetworks.random(arch, 31);
  }

  @Test
  void maxPoolingFailsNamingTheLayer() {
    assertThatThrownBy(() -> rnl.convert(pooledWithMaxPool(), BALANCING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("layer 'maxpool1' (MaxPool2d): ")
        .hasMessageContaining("--maxpool avg");
  }

  @Test
  void maxPoolingReplacedByAveragePoolingAndRecorded() {
    Network ann = pooledWithMaxPool();
    SpikingNetwork snn = rnl.convert(ann, new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING,
        MaxPoolPolicy.AVERAGE));
    Architecture arch = snn.network().architecture();
    assertThat(arch.layer("maxpool1")).isEqualTo(new Layer.AvgPool2d("maxpool1", List.of("rnl1"), 2, 2, 0));
    assertThat(arch.layers()).extracting(Layer::name)
        .containsExactly("conv1", "rnl1", "maxpool1", "flatten1", "fc1");
    assertThat(arch.layer("flatten1").inputs()).containsExactly("maxpool1");
    assertThat(snn.network().provenance().settings())
        .containsEntry("conversion.maxpool", "AVERAGE")
        .containsEntry("conversion.replacedMaxPool", "maxpool1")
        .containsEntry("conversion.droppedDropout", "dropout1");
  }

  /**
   * With spiking max pooling the MaxPool2d stays, reading the IF layer, and the SNN's rate limit
   * (the analog reference of the SNN, max pooling of the rates) is the ANN itself in both forms of
   * Theorem 1: the max of a window commutes with the layer's positive scale.
   */
  @Test
  void spikingMaxPoolingKeptAndRecordedAndTheRateLimitIsTheAnn() {
    Network ann = pooledWithMaxPool();
    float[] x = TestNetworks.inputs(TensorShape.of(1, 6, 6), 8, -1, 2, 33);
    float[] annLogits = AnalogReference.logits(ann, x, 8);
    for (ThresholdForm form : ThresholdForm.values()) {
      SpikingNetwork snn = rnl.convert(ann, new ConversionOptions(form, MaxPoolPolicy.SPIKING));
      Architecture arch = snn.network().architecture();
      assertThat(arch.layer("maxpool1")).isEqualTo(new Layer.MaxPool2d("maxpool1", List.of("rnl1"), 2, 2, 0));
      assertThat(arch.layers()).extracting(Layer::name)
          .containsExactly("conv1", "rnl1", "maxpool1", "flatten1", "fc1");
      assertThat(arch.layer("flatten1").inputs()).containsExactly("maxpool1");
      assertThat(snn.network().provenance().settings())
          .containsEntry("conversion.maxpool", "SPIKING")
          .containsEntry("conversion.spikingMaxPool", "maxpool1")
          .containsEntry("conversion.droppedDropout", "dropout1")
          .doesNotContainKey("conversion.replacedMaxPool");
      assertThat(TestNetworks.maxAbsDiff(AnalogReference.logits(snn.network(), x, 8), annLogits))
          .as(form.name()).isLessThan(1e-5);
    }
  }

  /** Spiking max pooling gates spikes: a MaxPool2d before the Rate Norm Layer cannot be one. */
  @Test
  void spikingMaxPoolingBeforeTheActivationFailsNamingTheLayer() {
    Architecture arch = new ArchitectureBuilder("mp-first", TensorShape.of(1, 6, 6))
        .conv(2, 3, 1, 0).maxPool(2).activation(Activation.RATE_NORM).flatten().linear(3).build(3);
    assertThatThrownBy(() -> rnl.convert(TestNetworks.random(arch, 34),
        new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, MaxPoolPolicy.SPIKING)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("layer 'maxpool1' (MaxPool2d): ")
        .hasMessageContainingAll("'conv1' (Conv2d)", "--maxpool avg");
  }

  @Test
  void reluNetworkFailsNamingTheLayer() {
    Network ann = TestNetworks.random(TestNetworks.cnn7(Activation.RELU), 32);
    assertThatThrownBy(() -> rnl.convert(ann, BALANCING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("layer 'relu1' (Relu): ")
        .hasMessageContaining("Rate Norm Layers");
  }

  @Test
  void aLayerTheConverterDoesNotTakeFailsNamingIt() {
    Network spiking = TestNetworks.network(TensorShape.of(2), 2, List.of(
        new Layer.Linear("fc1", List.of("input"), 2, 2, true),
        new Layer.IntegrateAndFire("if1", List.of("fc1"), false),
        new Layer.Linear("fc2", List.of("if1"), 2, 2, true)), Map.of("if1.threshold", new float[] {1}));
    assertThatThrownBy(() -> rnl.convert(spiking, BALANCING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("layer 'if1' (IntegrateAndFire): ");
  }

  @Test
  void theOutputLayerMustBeLinear() {
    Network ann = TestNetworks.network(TensorShape.of(2), 2, List.of(
        new Layer.Linear("fc1", List.of("input"), 2, 2, true),
        new Layer.RateNorm("rnl1", List.of("fc1"), 0.1)),
        Map.of("rnl1.running_max", new float[] {1}));
    assertThatThrownBy(() -> rnl.convert(ann, BALANCING))
        .hasMessageStartingWith("layer 'rnl1' (RateNorm): the rnl method needs a Linear output");
  }

  @Test
  void methodIsFoundByName() {
    assertThat(ConversionMethods.names())
        .containsExactly("rnl", "maxnorm", "robustnorm", "scaled", "channelnorm");
    assertThat(ConversionMethods.byName("rnl")).isInstanceOf(RateNormConversion.class);
    assertThat(ConversionMethods.byName("rnl").name()).isEqualTo("rnl");
    assertThatThrownBy(() -> ConversionMethods.byName("maxnrom"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown conversion method 'maxnrom'; known: rnl, maxnorm, robustnorm, "
            + "scaled, channelnorm");
  }
}
