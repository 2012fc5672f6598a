package org.spikebridge.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.TensorShape;

/**
 * Residual networks converted by every kind of method and both forms of Theorem 1, checked in the
 * rate limit with the analog reference: the IF layers' rate limits (Lemma 1) equal the Rate Norm
 * outputs of the ANN, and a baseline reproduces the logits of its unclipped calibration images.
 */
class ResidualConversionTest {
  private static final TensorShape CIFAR = TensorShape.of(3, 32, 32);
  private static final TensorShape SMALL = TensorShape.of(3, 16, 16);
  private static final int N = 2;

  /**
   * resnet20 on CIFAR shapes, or a two-stage pre-activation ResNet on 16×16 inputs (the blocks of
   * preactresnet18 at a tenth of its cost in plain Java).
   */
  private static Network random(String model, Activation activation, long seed) {
    Architecture arch = model.equals("resnet20")
        ? ModelZoo.architecture(model, CIFAR, 10, activation)
        : ModelZoo.preActResNet(model, new int[] {1, 1}, SMALL, 10, activation);
    return TestNetworks.random(arch, seed);
  }

  private static TensorShape shape(String model) {
    return model.equals("resnet20") ? CIFAR : SMALL;
  }

  private static double relativeDiff(float[] a, float[] b) {
    double scale = 0;
    for (float v : b) {
      scale = Math.max(scale, Math.abs(v));
    }
    return TestNetworks.maxAbsDiff(a, b) / Math.max(scale, 1e-12);
  }

  @ParameterizedTest
  @ValueSource(strings = {"resnet20", "preactresnet"})
  void rateNormResidualNetworksKeepEveryRateInBothForms(String model) {
    Network ann = random(model, Activation.RATE_NORM, 5);
    float[] x = TestNetworks.inputs(shape(model), N, -1, 1, 6);
    Map<String, float[]> expected = AnalogReference.forward(ann, x, N);
    List<String> rnl = Graphs.names(ann.architecture().layers(), Layer.RateNorm.class);
    for (ThresholdForm form : ThresholdForm.values()) {
      SpikingNetwork snn = new RateNormConversion().convert(ann,
          new ConversionOptions(form, MaxPoolPolicy.FAIL));
      Map<String, float[]> actual = AnalogReference.forward(snn.network(), x, N);
      for (String layer : rnl) {
        assertThat(TestNetworks.maxAbsDiff(actual.get(layer), expected.get(layer)))
            .as(model + " " + form + " " + layer).isLessThan(1e-4);
      }
      assertThat(relativeDiff(AnalogReference.logits(snn.network(), x, N),
          AnalogReference.logits(ann, x, N))).as(model + " " + form + " logits").isLessThan(1e-4);
      if (form == ThresholdForm.WEIGHT_NORMALIZATION) {
        snn.spikingLayers().forEach(l -> assertThat(snn.thresholds(l)).containsOnly(1f));
      }
    }
    // pre-activation blocks normalize a residual sum: that BatchNorm stays as an affine map
    boolean preAct = model.startsWith("preact");
    SpikingNetwork tb = new RateNormConversion().convert(ann, ConversionOptions.defaults());
    assertThat(tb.network().architecture().layers().stream().anyMatch(Layer.Affine.class::isInstance))
        .isEqualTo(preAct);
    assertThat(tb.network().provenance().settings().containsKey("conversion.affineBatchNorm"))
        .isEqualTo(preAct);
  }

  @ParameterizedTest
  @ValueSource(strings = {"resnet20", "preactresnet"})
  void baselinesReproduceTheLogitsOfResidualReluNetworks(String model) {
    Network ann = random(model, Activation.RELU, 7);
    TensorShape in = shape(model);
    CalibrationSet calibration = new CalibrationSet(TestNetworks.inputs(in, N, -1, 1, 8), N, 3,
        in.dim(1), in.dim(2));
    float[] expected = AnalogReference.logits(ann, calibration.images(), N);
    for (ConversionMethod method : List.of(new MaxNormConversion(), new ChannelNormConversion())) {
      for (ThresholdForm form : ThresholdForm.values()) {
        SpikingNetwork snn = method.convert(ann,
            new ConversionOptions(form, MaxPoolPolicy.FAIL).withCalibration(calibration));
        assertThat(relativeDiff(AnalogReference.logits(snn.network(), calibration.images(), N), expected))
            .as(model + " " + method.name() + " " + form).isLessThan(1e-4);
        if (model.equals("resnet20")) {
          // an identity shortcut adds spikes standing for a/λ to a current: rescaled by λ first
          assertThat(snn.network().architecture().layer("add2").inputs().get(1))
              .isEqualTo("rescale_add2_2");
        }
      }
    }
  }
}
