package org.spikebridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spikebridge.convert.AnalogReference;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/** Clip-only threshold scaling: the forward pass, its folding into the readers' weights, and refusals. */
class ClipOnlyScaleTest {
  private static final Provenance PROVENANCE = new Provenance("hand", 1, "test", Map.of(), Map.of());

  /**
   * input [2, 1, 1] → flatten → fc1 (identity) → rn (running_max 2, p′ = 0: p = 0.5, θ = 1) →
   * dropout → fc2 ([[1, 1], [2, −1]], bias [0.25, 0]).
   */
  private static Network hand() {
    Architecture a = new Architecture("hand", TensorShape.of(2, 1, 1), 2, List.of(
        new Layer.Flatten("flatten", List.of("input")),
        new Layer.Linear("fc1", List.of("flatten"), 2, 2, false),
        new Layer.RateNorm("rn", List.of("fc1"), 0.1),
        new Layer.Dropout("dropout", List.of("rn"), 0.5),
        new Layer.Linear("fc2", List.of("dropout"), 2, 2, true)));
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("fc1.weight", new Tensor(TensorShape.of(2, 2), new float[] {1, 0, 0, 1}));
    p.put("rn.running_max", new Tensor(TensorShape.of(1), new float[] {2}));
    p.put("rn.p_logit", new Tensor(TensorShape.of(1), new float[] {0}));
    p.put("fc2.weight", new Tensor(TensorShape.of(2, 2), new float[] {1, 1, 2, -1}));
    p.put("fc2.bias", new Tensor(TensorShape.of(2), new float[] {0.25f, 0}));
    return new Network(a, p, PROVENANCE);
  }

  @Test
  void passesOnPTimesTheRateAndFoldsPIntoTheReadersWeights() {
    float[] x = {0.5f, 3};
    // r̂ = clip(z/θ, 0, 1) = (0.5, 1); clip-only passes on p·r̂ = (0.25, 0.5):
    // fc2 gives (0.25 + 0.5 + 0.25, 0.5 − 0.5) = (1, 0), where Eq. 6 gives (1.75, 0)
    float[] expected = {1f, 0f};
    Network folded = ClipOnlyScale.fold(hand());
    assertThat(folded.parameter("fc2.weight").data()).containsExactly(0.5f, 0.5f, 1f, -0.5f);
    assertThat(folded.parameter("fc2.bias").data()).containsExactly(0.25f, 0f);
    assertThat(folded.parameter("fc1.weight").data()).containsExactly(1f, 0f, 0f, 1f);
    float[] eq6 = AnalogReference.logits(folded, x, 1);
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork clipOnly = TrainableNetwork.of(hand(), manager, ScaleSharing.SHARED,
            ThresholdScaling.CLIP_ONLY)) {
      NDArray input = manager.create(x, new Shape(1, 2, 1, 1));
      TrainableNetwork.ForwardPass pass = clipOnly.forward(input, TrainableNetwork.Mode.EVAL);
      float[] logits = pass.logits().toFloatArray();
      float[] rates = pass.rates().get(0).toFloatArray();
      for (int c = 0; c < 2; c++) {
        assertThat(logits[c]).as("clip-only logit %d", c).isCloseTo(expected[c], within(1e-5f));
        assertThat(eq6[c]).as("folded Eq. 6 logit %d", c).isCloseTo(expected[c], within(1e-5f));
      }
      assertThat(rates[0]).as("the rate list holds r̂, not p·r̂").isCloseTo(0.5f, within(1e-5f));
      assertThat(rates[1]).isCloseTo(1f, within(1e-6f));
      assertThat(clipOnly.toNetwork(PROVENANCE).parameter("fc2.weight").data())
          .containsExactly(0.5f, 0.5f, 1f, -0.5f);
    }
  }

  @Test
  void refusesARateNormLayerReadByAnAdd() {
    ArchitectureBuilder b = new ArchitectureBuilder("residual", TensorShape.of(1, 8, 8))
        .conv(4, 3, 1, 1).activation(Activation.RATE_NORM);
    String rateNorm = b.last();
    b.conv(4, 3, 1, 1);
    Architecture residual = b.add(b.last(), rateNorm).activation(Activation.RATE_NORM)
        .flatten().linear(10).build(10);
    assertThatThrownBy(() -> ClipOnlyScale.check(residual))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Rate Norm Layer '" + rateNorm + "'")
        .hasMessageContaining("(Add) reads it")
        .hasMessageContaining("without --clip-only");
  }
}
