package org.spikebridge.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikebridge.network.ArchitectureBuilder.Activation;

/** Shapes and structure of the zoo models, checked against counts worked out from their papers. */
class ModelZooTest {
  private static final TensorShape CIFAR = TensorShape.of(3, 32, 32);

  private static long count(Architecture a, Class<? extends Layer> type) {
    return a.layers().stream().filter(type::isInstance).count();
  }

  @Test
  void alexNetReadsTwoThousandThreeHundredFourFeaturesFrom28By28() {
    Architecture a = ModelZoo.architecture("alexnet", TensorShape.of(1, 28, 28), 10, Activation.RATE_NORM);
    assertThat(a.layer("fc1")).isEqualTo(new Layer.Linear("fc1", List.of("dropout1"), 2304, 1024, true));
    assertThat(a.layer("fc2").outputShape(List.of(TensorShape.of(1024)))).isEqualTo(TensorShape.of(512));
    assertThat(count(a, Layer.Conv2d.class)).isEqualTo(5);
    assertThat(count(a, Layer.RateNorm.class)).isEqualTo(7);
    assertThat(count(a, Layer.Dropout.class)).isEqualTo(2);
    assertThat(a.outputShapes().get("avgpool3")).isEqualTo(TensorShape.of(256, 3, 3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"vgg11:8", "vgg13:10", "vgg16:13", "vgg19:16"})
  void vggHasItsConvolutionsAndA512FeatureClassifier(String spec) {
    String name = spec.split(":")[0];
    Architecture a = ModelZoo.architecture(name, CIFAR, 100, Activation.RELU);
    assertThat(count(a, Layer.Conv2d.class)).isEqualTo(Long.parseLong(spec.split(":")[1]));
    assertThat(count(a, Layer.AvgPool2d.class)).isEqualTo(5);
    assertThat(count(a, Layer.Linear.class)).isEqualTo(3);
    assertThat(a.layer("fc1")).isEqualTo(new Layer.Linear("fc1", List.of("flatten1"), 512, 4096, true));
    // 3 per conv (conv, bn, relu), 5 pools, flatten, 3 linear, 2 relu, 2 dropout
    assertThat(a.layers()).hasSize((int) (3 * count(a, Layer.Conv2d.class) + 5 + 1 + 3 + 2 + 2));
  }

  @Test
  void preActResNet18HasEightBlocksAndThreeProjections() {
    Architecture a = ModelZoo.architecture("preactresnet18", CIFAR, 10, Activation.RATE_NORM);
    assertThat(count(a, Layer.Add.class)).isEqualTo(8);
    // 1 stem + 2 per block + 3 projections (1×1)
    assertThat(count(a, Layer.Conv2d.class)).isEqualTo(1 + 16 + 3);
    assertThat(a.layers().stream().filter(l -> l instanceof Layer.Conv2d c && c.kernel() == 1)
        .count()).isEqualTo(3);
    // the first block's input BatchNorm reads the stem; the second block's reads a residual sum
    assertThat(a.layer("bn1").inputs()).containsExactly("conv1");
    assertThat(a.layer("bn3").inputs()).containsExactly("add1");
    assertThat(a.outputShapes().get("add8")).isEqualTo(TensorShape.of(512, 4, 4));
    assertThat(a.layer("fc1")).isEqualTo(new Layer.Linear("fc1", List.of("flatten1"), 512, 10, true));
    Architecture deep = ModelZoo.architecture("preactresnet34", CIFAR, 10, Activation.RATE_NORM);
    assertThat(count(deep, Layer.Add.class)).isEqualTo(16);
    assertThat(count(deep, Layer.Conv2d.class)).isEqualTo(1 + 32 + 3);
  }

  @Test
  void resNet20HasNineteenConvolutionsOnTheMainPathAndTwoProjections() {
    Architecture a = ModelZoo.architecture("resnet20", CIFAR, 10, Activation.RELU);
    assertThat(count(a, Layer.Add.class)).isEqualTo(9);
    assertThat(count(a, Layer.Conv2d.class)).isEqualTo(19 + 2);
    assertThat(count(a, Layer.Relu.class)).isEqualTo(1 + 18);
    assertThat(a.outputShapes().get("avgpool1")).isEqualTo(TensorShape.of(64, 1, 1));
    // the activation after a sum reads the Add; an identity shortcut reads the previous activation
    assertThat(a.layer("relu3").inputs()).containsExactly("add1");
    assertThat(a.layer("add1").inputs()).containsExactly("bn3", "relu1");
  }

  @Test
  void everyNameBuildsAndAnUnknownNameListsThem() {
    for (String name : ModelZoo.names()) {
      TensorShape in = name.equals("cnn7") || name.equals("alexnet") ? TensorShape.of(1, 28, 28) : CIFAR;
      assertThat(ModelZoo.architecture(name, in, 10, Activation.RATE_NORM).name()).isEqualTo(name);
    }
    assertThatThrownBy(() -> ModelZoo.architecture("vgg15", CIFAR, 10, Activation.RELU))
        .hasMessage("unknown model 'vgg15'; known: cnn7, alexnet, vgg11, vgg13, vgg16, vgg19, "
            + "preactresnet18, preactresnet34, resnet20, each optionally with a width multiplier "
            + "such as vgg11-w0.5");
  }

  @Test
  void aWidthMultiplierScalesEveryChannelCountButNotTheDepthOrTheClasses() {
    Architecture full = ModelZoo.architecture("vgg11", CIFAR, 10, Activation.RELU);
    Architecture half = ModelZoo.architecture(ModelZoo.withWidth("vgg11", 0.5), CIFAR, 10, Activation.RELU);
    assertThat(half.name()).isEqualTo("vgg11-w0.5");
    assertThat(half.layers()).hasSameSizeAs(full.layers());
    // VGG-11's convolutions have 64, 128, 256, 256, 512, 512, 512, 512 channels; its hidden Linears 4096
    assertThat(half.layers().stream().filter(Layer.Conv2d.class::isInstance)
        .map(l -> ((Layer.Conv2d) l).outChannels()).toList())
        .containsExactly(32, 64, 128, 128, 256, 256, 256, 256);
    assertThat(half.layer("fc1")).isEqualTo(new Layer.Linear("fc1", List.of("flatten1"), 256, 2048, true));
    assertThat(half.layer("fc3")).isEqualTo(new Layer.Linear("fc3", List.of("dropout2"), 2048, 10, true));
    Architecture slim = ModelZoo.architecture("resnet20-w0.25", CIFAR, 10, Activation.RATE_NORM);
    assertThat(slim.outputShapes().get("avgpool1")).isEqualTo(TensorShape.of(16, 1, 1));
    assertThat(slim.layer("conv1").outputShape(List.of(CIFAR))).isEqualTo(TensorShape.of(4, 32, 32));
    assertThat(ModelZoo.knows("resnet20-w0.25")).isTrue();
    assertThat(ModelZoo.withWidth("resnet20", 1)).isEqualTo("resnet20");
  }

  @Test
  void aWidthThatIsNotAPositiveNumberIsRefusedNamingTheModel() {
    assertThatThrownBy(() -> ModelZoo.architecture("resnet20-w-1", CIFAR, 10, Activation.RELU))
        .hasMessage("model 'resnet20-w-1': expected a width multiplier in (0, 16] after '-w', found '-1'");
    assertThatThrownBy(() -> ModelZoo.withWidth("vgg11", 0))
        .hasMessage("expected a width multiplier in (0, 16], found 0.0");
  }
}
