package org.spikebridge.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikebridge.network.ArchitectureBuilder.Activation;

/**
 * The {@link NetworkLimits}: a description that would hang SpikeBridge, overflow its arithmetic or
 * exhaust its memory is refused when its {@link Architecture} is built, in one line naming the
 * layer; the zoo's networks, on images as large as ImageNet's, stay well within them.
 */
class NetworkLimitsTest {
  private static final TensorShape MNIST = TensorShape.of(1, 28, 28);

  /** input → {@code layer} (reading the input) → flatten → fc (→ 2). */
  private static Architecture around(TensorShape input, Layer layer) {
    TensorShape out = Architecture.inferShapes(input, List.of(layer)).get(layer.name());
    return new Architecture("hostile", input, 2, List.of(layer,
        new Layer.Flatten("flatten", List.of(layer.name())),
        new Layer.Linear("fc", List.of("flatten"), Math.toIntExact(out.size()), 2, false)));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Runnable build,
      String... parts) {
    return assertThatThrownBy(build::run).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(parts)
        .satisfies(e -> assertThat(e.getMessage()).as("one line").doesNotContain("\n"));
  }

  /**
   * Padding 2^31 − 1 overflowed int: 28 + 2·(2^31 − 1) wrapped to 26, and a 3×3 kernel gave a
   * 24×24 output that the engines then simulated or failed on.
   */
  @Test
  void aConvolutionPaddedByTwoToTheThirtyOneIsRefused() {
    Layer conv = new Layer.Conv2d("conv", List.of("input"), 1, 1, 3, 1, Integer.MAX_VALUE, false);
    assertRefused(() -> around(MNIST, conv), "layer 'conv' (Conv2d)",
        "padding of at most the input's extent 28 or the kernel 3 − 1", "found padding 2147483647");
    Layer wide = new Layer.Conv2d("wide", List.of("input"), 1, 1, 3, 1, 1, false,
        new Layer.Conv2d.Rectangle(3, 1, 1, 1, Integer.MAX_VALUE));
    assertRefused(() -> around(MNIST, wide), "layer 'wide' (Conv2d)", "padding 2147483647");
  }

  /** An average pooling padded by 20000 on 28×28 made 40025² values per image: 6 GiB. */
  @Test
  void anAveragePoolingPaddedBeyondItsInputIsRefused() {
    Layer pool = new Layer.AvgPool2d("pool", List.of("input"), 2, 1, 20_000);
    assertRefused(() -> around(MNIST, pool), "layer 'pool' (AvgPool2d)",
        "padding of at most the input's extent 28", "found padding 20000");
  }

  @Test
  void aMaxPoolingPaddedBeyondHalfItsKernelIsRefused() {
    Layer pool = new Layer.MaxPool2d("pool", List.of("input"), 3, 2, 2);
    assertRefused(() -> around(MNIST, pool), "layer 'pool' (MaxPool2d)",
        "half the kernel 3", "found padding 2");
  }

  /** Padding as real networks use it: "same" and "full" convolutions, a Pad node on its own. */
  @Test
  void paddingAsRealNetworksUseItIsKept() {
    TensorShape one = TensorShape.of(1, 1, 1);
    assertThat(around(one, new Layer.Conv2d("c", List.of("input"), 1, 1, 3, 1, 1, false))
        .outputShapes().get("c")).isEqualTo(TensorShape.of(1, 1, 1));
    assertThat(around(one, new Layer.Conv2d("c", List.of("input"), 1, 1, 5, 1, 4, false))
        .outputShapes().get("c")).isEqualTo(TensorShape.of(1, 5, 5));
    assertThat(around(MNIST, new Layer.AvgPool2d("pad", List.of("input"), 1, 1, 28))
        .outputShapes().get("pad")).isEqualTo(TensorShape.of(1, 84, 84));
    assertThat(around(one, new Layer.MaxPool2d("m", List.of("input"), 3, 1, 1))
        .outputShapes().get("m")).isEqualTo(TensorShape.of(1, 1, 1));
  }

  @Test
  void aLayerOfMoreValuesThanTheLimitIsRefused() {
    int features = Math.toIntExact(NetworkLimits.MAX_ELEMENTS + 1);
    List<Layer> layers = List.of(new Layer.Flatten("flatten", List.of("input")),
        new Layer.Linear("wide", List.of("flatten"), 784, features, false),
        new Layer.Linear("fc", List.of("wide"), features, 2, false));
    assertRefused(() -> new Architecture("wide", MNIST, 2, layers), "layer 'wide' (Linear)",
        "at most 67108864 output values per image", "found [67108865]");
  }

  /** Each ReLU of a 2^26-value input adds 2^26 values: the fourth passes 2^28 in all. */
  @Test
  void layersOfMoreValuesTogetherThanTheLimitAreRefused() {
    TensorShape input = TensorShape.of(1, 8192, 8192);
    List<Layer> layers = new ArrayList<>();
    String previous = "input";
    for (int k = 1; k <= 4; k++) {
      layers.add(new Layer.Relu("relu" + k, List.of(previous)));
      previous = "relu" + k;
    }
    assertThat(Architecture.inferShapes(input, layers.subList(0, 3))).hasSize(4);
    assertRefused(() -> Architecture.inferShapes(input, layers), "layer 'relu4' (Relu)",
        "at most 268435456 values per image in the layers up to it", "found 335544320 values");
  }

  @Test
  void anInputOfMoreValuesThanTheLimitIsRefused() {
    assertRefused(() -> around(TensorShape.of(1, 8193, 8192),
        new Layer.Relu("relu", List.of("input"))), "the input shape [1, 8193, 8192]",
        "at most 67108864");
    assertRefused(() -> TensorShape.of(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE),
        "more than 2^63 elements");
  }

  @Test
  void moreLayersThanTheLimitAreRefused() {
    List<Layer> layers = new ArrayList<>();
    String previous = "input";
    for (int k = 1; k <= NetworkLimits.MAX_LAYERS + 1; k++) {
      layers.add(new Layer.Relu("relu" + k, List.of(previous)));
      previous = "relu" + k;
    }
    TensorShape two = TensorShape.of(2);
    assertRefused(() -> new Architecture("deep", two, 2, layers), "architecture 'deep'",
        "at most 10000 layers", "found 10001");
    assertThat(new Architecture("deep", two, 2, layers.subList(0, NetworkLimits.MAX_LAYERS))
        .layers()).hasSize(NetworkLimits.MAX_LAYERS);
  }

  /** An Add may name one input several times, but not more than {@link NetworkLimits#MAX_INPUTS}. */
  @Test
  void aLayerReadingMoreInputsThanTheLimitIsRefused() {
    TensorShape two = TensorShape.of(2);
    List<String> many = Collections.nCopies(NetworkLimits.MAX_INPUTS + 1, "input");
    assertRefused(() -> new Architecture("wide", two, 2, List.of(new Layer.Add("add", many))),
        "layer 'add'", "expected 1 to 64 inputs, found 65");
    assertThat(new Architecture("wide", two, 2, List.of(new Layer.Add("add",
        many.subList(0, NetworkLimits.MAX_INPUTS)))).layers()).hasSize(1);
  }

  /** A field that makes no shape (0 output features) is refused naming its layer. */
  @Test
  void aLayerOfNoOutputNamesItself() {
    List<Layer> layers = List.of(new Layer.Flatten("flatten", List.of("input")),
        new Layer.Linear("empty", List.of("flatten"), 784, 0, false));
    assertRefused(() -> Architecture.inferShapes(MNIST, layers), "layer 'empty' (Linear)",
        "tensor dimensions must be positive, found [0]");
  }

  static List<String> zoo() {
    return ModelZoo.names();
  }

  /** Every zoo network, on 3 × 224 × 224 images and 1000 classes, builds within the limits. */
  @ParameterizedTest
  @MethodSource("zoo")
  void theZooOnImageNetSizedImagesIsWithinTheLimits(String model) {
    Architecture a = ModelZoo.architecture(model, TensorShape.of(3, 224, 224), 1000, Activation.RELU);
    long total = a.outputShapes().values().stream().mapToLong(TensorShape::size).sum();
    assertThat(total).isLessThan(NetworkLimits.MAX_TOTAL_ELEMENTS);
  }
}
