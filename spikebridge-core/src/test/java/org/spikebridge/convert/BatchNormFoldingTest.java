package org.spikebridge.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.TensorShape;

class BatchNormFoldingTest {
  private static final TensorShape ROW = TensorShape.of(1, 1, 2);
  private static final List<String> IN = List.of("input");

  @Test
  void foldsOneChannelByHand() {
    Network net = TestNetworks.network(ROW, 2, List.of(
        new Layer.Conv2d("conv", IN, 1, 1, 1, 1, 0, true),
        new Layer.BatchNorm2d("bn", List.of("conv"), 1, 1.0, 0.1),
        new Layer.Flatten("flat", List.of("bn"))), Map.of(
        "conv.weight", new float[] {2}, "conv.bias", new float[] {1},
        "bn.weight", new float[] {3}, "bn.bias", new float[] {0.5f},
        "bn.running_mean", new float[] {2}, "bn.running_var", new float[] {3}));
    Network folded = BatchNormFolding.fold(net);
    // σ = sqrt(3 + 1) = 2: W' = 2·3/2 = 3, b' = (1 − 2)·3/2 + 0.5 = −1
    assertThat(folded.parameter("conv.weight").data()).containsExactly(3f);
    assertThat(folded.parameter("conv.bias").data()).containsExactly(-1f);
    assertThat(folded.parameters().keySet()).containsExactly("conv.weight", "conv.bias");
    assertThat(folded.architecture().layers()).extracting(Layer::name).containsExactly("conv", "flat");
    assertThat(folded.architecture().layer("flat").inputs()).containsExactly("conv");
    assertThat(folded.provenance()).isEqualTo(net.provenance());
    assertThat(AnalogReference.logits(folded, new float[] {1, -2}, 1)).containsExactly(2, -7);
    assertThat(AnalogReference.logits(net, new float[] {1, -2}, 1)).containsExactly(2, -7);
  }

  @Test
  void givesALinearWithoutBiasABias() {
    Network net = TestNetworks.network(TensorShape.of(2), 1, List.of(
        new Layer.Linear("fc", IN, 2, 1, false),
        new Layer.BatchNorm2d("bn", List.of("fc"), 1, 0.25, 0.1)), Map.of(
        "fc.weight", new float[] {1, -1},
        "bn.weight", new float[] {1}, "bn.running_mean", new float[] {0.5f}));
    Network folded = BatchNormFolding.fold(net);
    // σ = sqrt(0 + 0.25) = 0.5: W' = W·2, b' = (0 − 0.5)·2 = −1
    assertThat(folded.parameter("fc.weight").data()).containsExactly(2, -2);
    assertThat(folded.parameter("fc.bias").data()).containsExactly(-1);
    assertThat(((Layer.Linear) folded.architecture().layer("fc")).bias()).isTrue();
  }

  @Test
  void foldedCnn7ComputesTheSameFunction() {
    Network net = TestNetworks.cnn7(11);
    Network folded = BatchNormFolding.fold(net);
    assertThat(folded.architecture().layers()).noneMatch(Layer.BatchNorm2d.class::isInstance);
    assertThat(folded.architecture().layers()).extracting(Layer::name).containsExactly(
        "conv1", "rnl1", "avgpool1", "conv2", "rnl2", "avgpool2", "conv3", "rnl3", "avgpool3",
        "flatten1", "fc1");
    assertThat(folded.architecture().layer("rnl2").inputs()).containsExactly("conv2");
    assertThat(folded.parameters().keySet()).noneMatch(k -> k.startsWith("bn"));
    assertThat(folded.parameter("conv1.weight")).isNotEqualTo(net.parameter("conv1.weight"));

    float[] x = TestNetworks.inputs(TensorShape.of(1, 28, 28), 8, -1, 2, 12);
    Map<String, float[]> before = AnalogReference.forward(net, x, 8);
    Map<String, float[]> after = AnalogReference.forward(folded, x, 8);
    for (String layer : List.of("rnl1", "rnl2", "rnl3", "fc1")) {
      assertThat(TestNetworks.maxAbsDiff(before.get(layer), after.get(layer))).as(layer)
          .isLessThan(1e-5);
    }
    float[] logits = before.get("fc1");
    double scale = 0;
    for (float v : logits) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertThat(scale).as("logits are not trivially small").isGreaterThan(0.1);
    // the BN layers really change values: without folding them the result would differ
    assertThat(TestNetworks.maxAbsDiff(before.get("bn1"), before.get("conv1"))).isGreaterThan(0.1);
  }

  @Test
  void keepsBatchNormAfterAnAddAsAnAffineMapOnTheSum() {
    Network net = TestNetworks.network(ROW, 2, List.of(
        new Layer.Conv2d("conv1", IN, 1, 1, 1, 1, 0, true),
        new Layer.Add("add1", List.of("conv1", "input")),
        new Layer.BatchNorm2d("bn1", List.of("add1"), 1, 0, 0.1),
        new Layer.Flatten("flat", List.of("bn1"))), Map.of(
            "conv1.weight", new float[] {2}, "conv1.bias", new float[] {1},
            "bn1.weight", new float[] {3}, "bn1.bias", new float[] {0.5f},
            "bn1.running_mean", new float[] {1}, "bn1.running_var", new float[] {4}));
    Network folded = BatchNormFolding.fold(net);
    assertThat(folded.architecture().layer("bn1")).isEqualTo(new Layer.Affine("bn1", List.of("add1"), 1));
    // scale γ/σ = 3/2, shift β − μ·γ/σ = 0.5 − 1.5 = −1
    assertThat(folded.parameter("bn1.weight").data()).containsExactly(1.5f);
    assertThat(folded.parameter("bn1.bias").data()).containsExactly(-1f);
    // x = (1, −2): sum = 3x + 1 = (4, −5); 1.5·sum − 1 = (5, −8.5)
    assertThat(AnalogReference.logits(folded, new float[] {1, -2}, 1)).containsExactly(5, -8.5f);
    assertThat(AnalogReference.logits(net, new float[] {1, -2}, 1)).containsExactly(5, -8.5f);
  }

  @Test
  void keepsBatchNormOnTheInputAndAfterASharedConvolutionAsAffineMaps() {
    Network onInput = TestNetworks.network(ROW, 2, List.of(
        new Layer.BatchNorm2d("bn1", IN, 1, 1e-5, 0.1),
        new Layer.Flatten("flat", List.of("bn1"))), Map.of());
    assertThat(BatchNormFolding.fold(onInput).architecture().layer("bn1"))
        .isInstanceOf(Layer.Affine.class);
    Network shared = TestNetworks.network(ROW, 2, List.of(
        new Layer.Conv2d("conv1", IN, 1, 1, 1, 1, 0, true),
        new Layer.BatchNorm2d("bn1", List.of("conv1"), 1, 1e-5, 0.1),
        new Layer.Add("add1", List.of("bn1", "conv1")),
        new Layer.Flatten("flat", List.of("add1"))), Map.of(
            "conv1.weight", new float[] {2}, "conv1.bias", new float[] {1},
            "bn1.weight", new float[] {3}, "bn1.bias", new float[] {0.5f},
            "bn1.running_mean", new float[] {1}, "bn1.running_var", new float[] {4}));
    Network folded = BatchNormFolding.fold(shared);
    assertThat(folded.parameter("conv1.weight").data()).containsExactly(2f);
    assertThat(folded.architecture().layer("bn1")).isInstanceOf(Layer.Affine.class);
    float[] x = {0.3f, -1.7f};
    assertThat(TestNetworks.maxAbsDiff(AnalogReference.logits(folded, x, 1),
        AnalogReference.logits(shared, x, 1))).isLessThan(1e-6);
  }
}
