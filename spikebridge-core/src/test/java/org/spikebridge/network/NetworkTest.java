package org.spikebridge.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkTest {
  private static final Architecture TINY = new Architecture("tiny", TensorShape.of(2), 3,
      List.of(new Layer.Linear("fc1", List.of("input"), 2, 3, true)));
  private static final Provenance PROV = new Provenance("none", 1, "test", Map.of(), Map.of());

  private static Map<String, Tensor> params() {
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("fc1.weight", new Tensor(TensorShape.of(3, 2), new float[] {1, 2, 3, 4, 5, 6}));
    p.put("fc1.bias", new Tensor(TensorShape.of(3), new float[] {0.5f, -0.5f, 0}));
    return p;
  }

  @Test
  void keepsParametersInArchitectureOrder() {
    Map<String, Tensor> reversed = new LinkedHashMap<>();
    reversed.put("fc1.bias", params().get("fc1.bias"));
    reversed.put("fc1.weight", params().get("fc1.weight"));
    Network n = new Network(TINY, reversed, PROV);
    assertThat(n.parameters().keySet()).containsExactly("fc1.weight", "fc1.bias");
    assertThat(n.parameter("fc1.bias").data()).containsExactly(0.5f, -0.5f, 0f);
    assertThat(n).isEqualTo(new Network(TINY, params(), PROV));
    assertThatThrownBy(() -> n.parameter("fc2.bias")).hasMessage("no parameter 'fc2.bias' in tiny");
  }

  @Test
  void missingParameter() {
    Map<String, Tensor> p = params();
    p.remove("fc1.bias");
    assertThatThrownBy(() -> new Network(TINY, p, PROV)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameter 'fc1.bias' of tiny is missing (expected shape [3])");
  }

  @Test
  void extraParameter() {
    Map<String, Tensor> p = params();
    p.put("fc2.weight", Tensor.filled(TensorShape.of(1), 0));
    assertThatThrownBy(() -> new Network(TINY, p, PROV))
        .hasMessage("parameter 'fc2.weight' does not belong to any layer of tiny");
  }

  @Test
  void wrongShape() {
    Map<String, Tensor> p = params();
    p.put("fc1.weight", new Tensor(TensorShape.of(2, 3), new float[6]));
    assertThatThrownBy(() -> new Network(TINY, p, PROV))
        .hasMessage("parameter 'fc1.weight': expected shape [3, 2], found [2, 3]");
  }

  @Test
  void nanAndInfinity() {
    Map<String, Tensor> p = params();
    p.put("fc1.weight", new Tensor(TensorShape.of(3, 2), new float[] {1, 2, 3, 4, Float.NaN, 6}));
    assertThatThrownBy(() -> new Network(TINY, p, PROV))
        .hasMessage("parameter 'fc1.weight': value NaN at flat index 4 is not finite");
    p.put("fc1.weight", params().get("fc1.weight"));
    p.put("fc1.bias", new Tensor(TensorShape.of(3), new float[] {0, Float.POSITIVE_INFINITY, 0}));
    assertThatThrownBy(() -> new Network(TINY, p, PROV))
        .hasMessage("parameter 'fc1.bias': value Infinity at flat index 1 is not finite");
  }

  @Test
  void tensorNeedsAsManyValuesAsItsShape() {
    assertThatThrownBy(() -> new Tensor(TensorShape.of(2, 3), new float[5]))
        .hasMessage("tensor of shape [2, 3] needs 6 values, found 5");
    assertThat(new Tensor(TensorShape.of(2), new float[] {1, 2}))
        .isEqualTo(new Tensor(TensorShape.of(2), new float[] {1, 2}))
        .isNotEqualTo(new Tensor(TensorShape.of(1, 2), new float[] {1, 2}));
    assertThat(Tensor.filled(TensorShape.of(2, 2), 0.5f).data()).containsExactly(0.5f, 0.5f, 0.5f, 0.5f);
  }

  @Test
  void shapeDimensionsMustBePositive() {
    assertThatThrownBy(() -> TensorShape.of(3, 0)).hasMessage("tensor dimensions must be positive, found [3, 0]");
    assertThat(TensorShape.of(2, 3, 4).size()).isEqualTo(24);
  }
}
