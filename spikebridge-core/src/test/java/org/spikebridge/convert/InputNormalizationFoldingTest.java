package org.spikebridge.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spikebridge.data.Normalization;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.TensorShape;

class InputNormalizationFoldingTest {

  /** (x − mean[c]) / std[c] for inputs of {@code shape}, image after image. */
  private static float[] normalize(float[] raw, TensorShape shape, Normalization norm) {
    int size = (int) shape.size();
    int per = size / norm.channels();
    float[] out = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      int c = (i % size) / per;
      out[i] = (raw[i] - norm.mean()[c]) / norm.std()[c];
    }
    return out;
  }

  private static void assertSameFunction(Network net, Normalization norm, List<String> layers,
      long seed) {
    TensorShape shape = net.architecture().inputShape();
    Network folded = InputNormalizationFolding.fold(net, norm);
    float[] raw = TestNetworks.inputs(shape, 5, 0, 1, seed);
    Map<String, float[]> expected = AnalogReference.forward(net, normalize(raw, shape, norm), 5);
    Map<String, float[]> actual = AnalogReference.forward(folded, raw, 5);
    for (String layer : layers) {
      assertThat(TestNetworks.maxAbsDiff(expected.get(layer), actual.get(layer))).as(layer)
          .isLessThan(1e-5);
    }
    // and the folding matters: the unfolded network on raw inputs computes something else
    String first = layers.get(0);
    assertThat(TestNetworks.maxAbsDiff(expected.get(first),
        AnalogReference.forward(net, raw, 5).get(first))).isGreaterThan(1e-2);
  }

  @Test
  void byHandOnOneChannel() {
    Network net = TestNetworks.network(TensorShape.of(1, 1, 2), 2, List.of(
        new Layer.Conv2d("conv1", List.of("input"), 1, 1, 1, 1, 0, true),
        new Layer.Flatten("flat", List.of("conv1"))), Map.of(
        "conv1.weight", new float[] {2}, "conv1.bias", new float[] {1}));
    Network folded = InputNormalizationFolding.fold(net,
        new Normalization(new float[] {0.5f}, new float[] {0.25f}));
    // W' = 2 / 0.25 = 8, b' = 1 − 2·0.5/0.25 = −3
    assertThat(folded.parameter("conv1.weight").data()).containsExactly(8);
    assertThat(folded.parameter("conv1.bias").data()).containsExactly(-3);
    assertThat(folded.provenance().settings()).containsEntry(InputNormalizationFolding.SETTING,
        "into conv1: mean [0.5], std [0.25]");
  }

  @Test
  void cnn7ReadsRawIntensities() {
    Normalization mnist = new Normalization(new float[] {0.1307f}, new float[] {0.3081f});
    assertSameFunction(TestNetworks.cnn7(41), mnist, List.of("conv1", "rnl1", "rnl3", "fc1"), 42);
  }

  @Test
  void threeChannelsWithoutBias() {
    Network net = TestNetworks.network(TensorShape.of(3, 4, 4), 2, List.of(
        new Layer.Conv2d("conv1", List.of("input"), 3, 2, 3, 1, 0, false),
        new Layer.Flatten("flat", List.of("conv1")),
        new Layer.Linear("fc1", List.of("flat"), 8, 2, true)), Map.of());
    Network random = TestNetworks.random(net.architecture(), 43);
    Normalization norm = new Normalization(new float[] {0.4f, 0.5f, 0.6f},
        new float[] {0.2f, 0.25f, 0.3f});
    assertSameFunction(random, norm, List.of("conv1", "fc1"), 44);
    assertThat(((Layer.Conv2d) InputNormalizationFolding.fold(random, norm).architecture()
        .layer("conv1")).bias()).isTrue();
  }

  @Test
  void linearAfterFlattenUsesTheChannelOfEachFeature() {
    Architecture mlp = new ArchitectureBuilder("mlp", TensorShape.of(2, 2, 2)).flatten().linear(4)
        .activation(Activation.RATE_NORM).linear(3).build(3);
    Normalization norm = new Normalization(new float[] {0.2f, 0.7f}, new float[] {0.5f, 0.1f});
    assertSameFunction(TestNetworks.random(mlp, 45), norm, List.of("fc1", "rnl1", "fc2"), 46);
  }

  @Test
  void worksOnASpikingNetwork() {
    SpikingNetwork snn = new RateNormConversion().convert(TestNetworks.cnn7(47),
        ConversionOptions.defaults());
    Normalization norm = new Normalization(new float[] {0.2f}, new float[] {0.3f});
    SpikingNetwork folded = InputNormalizationFolding.fold(snn, norm);
    assertThat(folded.network().parameter("conv1.weight").data()[0])
        .isEqualTo((float) (snn.network().parameter("conv1.weight").data()[0] / (double) 0.3f));
    assertThat(folded.network().parameter("conv2.weight"))
        .isEqualTo(snn.network().parameter("conv2.weight"));
  }

  @Test
  void refusesPaddingAndMismatchedChannels() {
    Architecture padded = new ArchitectureBuilder("padded", TensorShape.of(1, 4, 4))
        .conv(2, 3, 1, 1).flatten().linear(3).build(3);
    Network net = TestNetworks.random(padded, 48);
    Normalization one = new Normalization(new float[] {0.5f}, new float[] {0.5f});
    assertThatThrownBy(() -> InputNormalizationFolding.fold(net, one))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot fold the input normalization into 'conv1' (Conv2d): "
            + "expected padding 0, found 1");
    assertThatThrownBy(() -> InputNormalizationFolding.fold(TestNetworks.cnn7(49),
        Normalization.none(3)))
        .hasMessageContaining("expected 1 channel(s) (input shape [1, 28, 28]), found a "
            + "normalization of 3");
  }

  @Test
  void refusesAnInputReadTwice() {
    Network net = TestNetworks.random(new Architecture("res", TensorShape.of(2), 2, List.of(
        new Layer.Linear("fc1", List.of("input"), 2, 2, true),
        new Layer.Add("add1", List.of("fc1", "input")),
        new Layer.Linear("fc2", List.of("add1"), 2, 2, true))), 50);
    assertThatThrownBy(() -> InputNormalizationFolding.fold(net, Normalization.none(1)))
        .hasMessageContaining("expected the network input to feed one layer, found [fc1, add1]");
  }
}
