package org.spikebridge.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/** Output normalization on a network small enough to follow by hand. */
class OutputNormalizationTest {
  /** Four one-pixel images: if1's rates 0.2, 0.5, 1 (clipped from 1.3) and 0.8. */
  private static final CalibrationSet FOUR_PIXELS =
      new CalibrationSet(new float[] {0.2f, 0.5f, 1.3f, 0.8f}, 4, 1, 1, 1);

  /**
   * input [1, 1, 1] → conv1 (1×1, weight 1) → if1 (θ = 1) → flatten → fc (three classes, weights
   * 2, −1, 0.5, biases 0, 0.1, 0.2).
   */
  private static SpikingNetwork network() {
    return network(new float[] {2f, -1f, 0.5f}, new float[] {0f, 0.1f, 0.2f});
  }

  /** The network above with one class per weight of fc. */
  private static SpikingNetwork network(float[] weights, float[] biases) {
    int classes = weights.length;
    List<Layer> layers = List.of(
        new Layer.Conv2d("conv1", List.of("input"), 1, 1, 1, 1, 0, false),
        new Layer.IntegrateAndFire("if1", List.of("conv1"), false),
        new Layer.Flatten("flatten", List.of("if1")),
        new Layer.Linear("fc", List.of("flatten"), 1, classes, true));
    Architecture a = new Architecture("hand", TensorShape.of(1, 1, 1), classes, layers);
    Map<String, Tensor> values = Map.of("conv1.weight", tensor(1f), "if1.threshold", tensor(1f),
        "fc.weight", tensor(weights), "fc.bias", tensor(biases));
    Map<String, Tensor> p = new LinkedHashMap<>();
    a.parameterShapes().forEach((name, shape) -> p.put(name, new Tensor(shape, values.get(name).data())));
    return new SpikingNetwork(new Network(a, p, new Provenance("hand", 1, "test", Map.of(), Map.of())));
  }

  private static Tensor tensor(float... values) {
    return new Tensor(TensorShape.of(values.length), values);
  }

  /**
   * By hand: class currents per rate r are 2r, 0.1 − r and 0.2 + 0.5r, so the images' largest are
   * 0.4, 1.0, 2.0 and 1.6; sorted 0.4, 1.0, 1.6, 2.0. The 75th percentile is the ⌈3⌉-rd: λ = 1.6;
   * the 10th is the ⌈0.4⌉-th, 0.4; the 100th is 2.0.
   */
  @Test
  void dividesTheOutputLayerByTheHandComputedPercentile() {
    SpikingNetwork normalized = OutputNormalization.apply(network(), FOUR_PIXELS, 75, false);

    assertThat(normalized.network().parameter("fc.weight").data())
        .containsExactly(new float[] {1.25f, -0.625f, 0.3125f}, within(1e-6f));
    assertThat(normalized.network().parameter("fc.bias").data())
        .containsExactly(new float[] {0f, 0.0625f, 0.125f}, within(1e-6f));
    assertThat(Double.parseDouble(normalized.network().provenance().settings()
        .get(OutputNormalization.SCALE))).isCloseTo(1.6, within(1e-6));
    assertThat(normalized.network().parameter("conv1.weight").data()).containsExactly(1f);
    double[] largest = OutputNormalization.leadingCurrents(network().network(), FOUR_PIXELS)[0];
    assertThat(OutputNormalization.nearestRank(largest, 10)).isCloseTo(0.4, within(1e-6));
    assertThat(OutputNormalization.nearestRank(largest, 100)).isCloseTo(2.0, within(1e-6));
  }

  /**
   * By hand: the images' second-largest currents are 0.3 (of 0.4, −0.1, 0.3), 0.45, 0.7 and 0.6;
   * sorted 0.3, 0.45, 0.6, 0.7. At p = 50, λ = 1.0 and r = 0.45 (both the 2nd), so the weights
   * are divided by 0.55 and the biases become (b − 0.45)/0.55.
   */
  @Test
  void theMarginMapsTheRunnerUpsPercentileToZero() {
    SpikingNetwork normalized = OutputNormalization.apply(network(), FOUR_PIXELS, 50, true);

    assertThat(normalized.network().parameter("fc.weight").data())
        .containsExactly(new float[] {2 / 0.55f, -1 / 0.55f, 0.5f / 0.55f}, within(1e-5f));
    assertThat(normalized.network().parameter("fc.bias").data())
        .containsExactly(new float[] {-0.45f / 0.55f, -0.35f / 0.55f, -0.25f / 0.55f}, within(1e-5f));
    Map<String, String> settings = normalized.network().provenance().settings();
    assertThat(Double.parseDouble(settings.get(OutputNormalization.SCALE))).isCloseTo(0.55, within(1e-6));
    assertThat(Double.parseDouble(settings.get(OutputNormalization.OFFSET))).isCloseTo(0.45, within(1e-6));
  }

  @Test
  void refusesAPercentileOutsideItsRange() {
    assertThatThrownBy(() -> OutputNormalization.apply(network(), FOUR_PIXELS, 0, false))
        .hasMessageContaining("percentile in (0, 100], found 0.0");
    assertThatThrownBy(() -> OutputNormalization.apply(network(), FOUR_PIXELS, 100.5, true))
        .hasMessageContaining("found 100.5");
    SpikingNetwork oneClass = network(new float[] {2f}, new float[] {0f});
    assertThatThrownBy(() -> OutputNormalization.apply(oneClass, FOUR_PIXELS, 50, true))
        .hasMessageContaining("needs at least two classes, found 1");
    // a class that never leads with a positive current cannot be scaled to fire
    SpikingNetwork negative = network(new float[] {-2f}, new float[] {-0.1f});
    assertThatThrownBy(() -> OutputNormalization.apply(negative, FOUR_PIXELS, 50, false))
        .hasMessageContaining("not above 0.0: no class of these images leads with a positive current");
  }
}
