package org.spikebridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikebridge.convert.AnalogReference;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;

class RateNormFromReluTest {
  private static final Provenance PROVENANCE = new Provenance("test", 1, "test", Map.of(), Map.of());

  private static final TensorShape MNIST = TensorShape.of(1, 28, 28);
  private static final int N = 20;

  private static Network reluNetwork() {
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork net = TrainableNetwork.initialize(
            ModelZoo.cnn7(MNIST, 10, Activation.RELU), 4, manager)) {
      return net.toNetwork(PROVENANCE);
    }
  }

  private static float[] images() {
    float[] x = new float[N * 784];
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  /** λ_l of every ReLU layer: its largest output on {@code x}. */
  private static Map<String, Float> maxima(Network relu, Map<String, float[]> outputs) {
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
    return maxima;
  }

  @Test
  void theInitializedRateNormNetworkComputesTheReluLogits() {
    Network relu = reluNetwork();
    float[] x = images();
    Map<String, float[]> outputs = AnalogReference.forward(relu, x, N);
    Map<String, Float> maxima = maxima(relu, outputs);
    Network rnl = RateNormFromRelu.initialize(relu,
        ModelZoo.cnn7(MNIST, 10, Activation.RATE_NORM), maxima, PROVENANCE);
    assertThat(rnl.parameter("rnl2.running_max").data()).containsExactly(maxima.get("relu2"));
    float[] expected = outputs.get("fc1");
    float[] actual = AnalogReference.forward(rnl, x, N).get("fc1");
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).isCloseTo(expected[i], within(1e-4f * (1 + Math.abs(expected[i]))));
    }
    assertThatThrownBy(() -> RateNormFromRelu.initialize(relu,
        ModelZoo.cnn7(MNIST, 10, Activation.RATE_NORM), Map.of(), PROVENANCE))
        .hasMessageContaining("relu1");
  }

  /**
   * ResNet-20's identity shortcuts add a Rate Norm Layer's a/θ to a BatchNorm's true value, and a
   * pre-activation block's BatchNorm reads such a sum: the initialized network must still compute
   * the ReLU network's logits.
   */
  @ParameterizedTest
  @ValueSource(strings = {"resnet20-w0.25", "preactresnet18-w0.125"})
  void theInitializedResidualNetworkComputesTheReluLogits(String model) {
    TensorShape input = TensorShape.of(1, 32, 32);
    Network relu;
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork net = TrainableNetwork.initialize(
            ModelZoo.architecture(model, input, 10, Activation.RELU), 4, manager)) {
      relu = net.toNetwork(PROVENANCE);
    }
    int n = 4;
    float[] x = new float[n * 1024];
    SplittableRandom random = new SplittableRandom(6);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    Map<String, float[]> outputs = AnalogReference.forward(relu, x, n);
    Network rnl = RateNormFromRelu.initialize(relu,
        ModelZoo.architecture(model, input, 10, Activation.RATE_NORM), maxima(relu, outputs), PROVENANCE);
    float[] expected = outputs.get("fc1");
    float[] actual = AnalogReference.forward(rnl, x, n).get("fc1");
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).isCloseTo(expected[i], within(1e-4f * (1 + Math.abs(expected[i]))));
    }
  }

  /**
   * With activations of the order of ε = 1e-6 the Rate Norm Layer divides by p·λ + ε, not p·λ:
   * its reader must be scaled by that same θ for the logits to stay the ReLU network's.
   */
  @Test
  void theLogitsStayTheReluLogitsWhenTheMaximaAreAsSmallAsEpsilon() {
    Network relu = reluNetwork();
    float[] x = images();
    for (int i = 0; i < x.length; i++) {
      x[i] *= 1e-6f;
    }
    Map<String, float[]> outputs = AnalogReference.forward(relu, x, N);
    Map<String, Float> maxima = maxima(relu, outputs);
    assertThat(maxima.get("relu1")).isLessThan(1e-4f);
    Network rnl = RateNormFromRelu.initialize(relu,
        ModelZoo.cnn7(MNIST, 10, Activation.RATE_NORM), maxima, PROVENANCE);
    float[] expected = outputs.get("fc1");
    float[] actual = AnalogReference.forward(rnl, x, N).get("fc1");
    float largest = 0;
    for (float e : expected) {
      largest = Math.max(largest, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).isCloseTo(expected[i], within(1e-4f * largest));
    }
  }

  @Test
  void aQuantizedLayerStartsAtHalfTheMaximumAndItsReaderIsScaledByThatThreshold() {
    Network relu = reluNetwork();
    Map<String, Float> maxima = maxima(relu, AnalogReference.forward(relu, images(), N));
    Network rnl = RateNormFromRelu.initialize(relu,
        ModelZoo.cnn7(MNIST, 10, Activation.RATE_NORM).withRateNormLevels(8), maxima, PROVENANCE);
    assertThat(rnl.parameter("rnl1.p_logit").data()).containsExactly(0f);
    assertThat(rnl.parameter("rnl1.running_max").data()).containsExactly(maxima.get("relu1"));
    // θ_1 = sigmoid(0)·λ_1 + 1e-6: conv2 reads rnl1 (through pool1) and carries θ_1 in its weights
    float[] from = relu.parameter("conv2.weight").data();
    float[] to = rnl.parameter("conv2.weight").data();
    float theta = (float) (maxima.get("relu1") / 2.0 + 1e-6);
    for (int i = 0; i < from.length; i++) {
      assertThat(to[i]).isCloseTo(from[i] * theta, within(1e-6f * Math.abs(from[i] * theta)));
    }
    assertThat(rnl.parameter("conv1.weight")).isEqualTo(relu.parameter("conv1.weight"));
  }
}
