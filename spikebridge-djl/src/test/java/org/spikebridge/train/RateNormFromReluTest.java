package org.spikebridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spikebridge.convert.AnalogNetwork;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;

class RateNormFromReluTest {
  private static final Provenance PROVENANCE = new Provenance("test", 1, "test", Map.of(), Map.of());

  @Test
  void theInitializedRateNormNetworkComputesTheReluLogits() {
    Network relu;
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork net = TrainableNetwork.initialize(
            ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RELU), 4, manager)) {
      relu = net.toNetwork(PROVENANCE);
    }
    int n = 20;
    float[] x = new float[n * 784];
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    Map<String, float[]> outputs = AnalogNetwork.forward(relu, x, n);
    Map<String, Float> maxima = new HashMap<>();
    for (Layer layer : relu.architecture().layers()) {
      if (layer instanceof Layer.Relu) {
        float max = 0;
        for (float v : outputs.get(layer.name())) {
          max = Math.max(max, v);
        }
        maxima.put(layer.name(), max);
      }
    }
    Network rnl = RateNormFromRelu.initialize(relu,
        ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RATE_NORM), maxima, PROVENANCE);
    assertThat(rnl.parameter("rnl2.running_max").data()).containsExactly(maxima.get("relu2"));
    float[] expected = outputs.get("fc1");
    float[] actual = AnalogNetwork.forward(rnl, x, n).get("fc1");
    for (int i = 0; i < expected.length; i++) {
      // θ = sigmoid(10)·λ + 1e-6 is λ within 5e-5 relative
      assertThat(actual[i]).isCloseTo(expected[i], within(1e-3f * (1 + Math.abs(expected[i]))));
    }
    assertThatThrownBy(() -> RateNormFromRelu.initialize(relu,
        ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RATE_NORM), Map.of(), PROVENANCE))
        .hasMessageContaining("relu1");
  }
}
