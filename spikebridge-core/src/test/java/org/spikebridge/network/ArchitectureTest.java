package org.spikebridge.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spikebridge.network.ArchitectureBuilder.Activation;

class ArchitectureTest {
  private static final Architecture CNN7 =
      ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RATE_NORM);

  @Test
  void cnn7ShapesByHand() {
    // 28 -conv3-> 26 -pool2-> 13 -conv3-> 11 -pool2-> 5 -conv3-> 3 -pool2-> 1
    Map<String, TensorShape> expected = new LinkedHashMap<>();
    expected.put("input", TensorShape.of(1, 28, 28));
    expected.put("conv1", TensorShape.of(32, 26, 26));
    expected.put("bn1", TensorShape.of(32, 26, 26));
    expected.put("rnl1", TensorShape.of(32, 26, 26));
    expected.put("avgpool1", TensorShape.of(32, 13, 13));
    expected.put("conv2", TensorShape.of(32, 11, 11));
    expected.put("bn2", TensorShape.of(32, 11, 11));
    expected.put("rnl2", TensorShape.of(32, 11, 11));
    expected.put("avgpool2", TensorShape.of(32, 5, 5));
    expected.put("conv3", TensorShape.of(32, 3, 3));
    expected.put("bn3", TensorShape.of(32, 3, 3));
    expected.put("rnl3", TensorShape.of(32, 3, 3));
    expected.put("avgpool3", TensorShape.of(32, 1, 1));
    expected.put("flatten1", TensorShape.of(32));
    expected.put("fc1", TensorShape.of(10));
    assertThat(CNN7.outputShapes()).containsExactlyEntriesOf(expected);
    assertThat(CNN7.inputShapes(CNN7.layer("fc1"))).containsExactly(TensorShape.of(32));
  }

  @Test
  void cnn7LayersAsThePaperDescribes() {
    assertThat(CNN7.layer("conv2")).isEqualTo(
        new Layer.Conv2d("conv2", List.of("avgpool1"), 32, 32, 3, 1, 0, true));
    assertThat(CNN7.layer("bn1")).isEqualTo(new Layer.BatchNorm2d("bn1", List.of("conv1"), 32, 1e-5, 0.1));
    assertThat(CNN7.layer("bn3")).isEqualTo(new Layer.BatchNorm2d("bn3", List.of("conv3"), 32, 1e-3, 0.1));
    assertThat(CNN7.layer("avgpool3")).isEqualTo(new Layer.AvgPool2d("avgpool3", List.of("rnl3"), 2, 2, 0));
    assertThat(CNN7.layer("fc1")).isEqualTo(new Layer.Linear("fc1", List.of("flatten1"), 32, 10, true));
    assertThat(ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RELU).layer("relu2"))
        .isEqualTo(new Layer.Relu("relu2", List.of("bn2")));
  }

  @Test
  void cnn7ParameterShapesAndCountByHand() {
    Map<String, TensorShape> expected = new LinkedHashMap<>();
    for (int i = 1; i <= 3; i++) {
      expected.put("conv" + i + ".weight", TensorShape.of(32, i == 1 ? 1 : 32, 3, 3));
      expected.put("conv" + i + ".bias", TensorShape.of(32));
      for (String b : List.of("weight", "bias", "running_mean", "running_var")) {
        expected.put("bn" + i + "." + b, TensorShape.of(32));
      }
      expected.put("rnl" + i + ".running_max", TensorShape.of(1));
      expected.put("rnl" + i + ".p_logit", TensorShape.of(1));
    }
    expected.put("fc1.weight", TensorShape.of(10, 32));
    expected.put("fc1.bias", TensorShape.of(10));
    assertThat(CNN7.parameterShapes()).containsExactlyEntriesOf(expected);

    // conv1 32*1*9+32 = 320, conv2 = conv3 = 32*32*9+32 = 9248, bn 4*32 = 128 each,
    // rnl 2 each, fc1 10*32+10 = 330: 320 + 2*9248 + 3*128 + 3*2 + 330 = 19536.
    long total = CNN7.parameterShapes().values().stream().mapToLong(TensorShape::size).sum();
    assertThat(total).isEqualTo(19536);
  }

  @Test
  void aConvolutionWithARectangularWindowShapesByHand() {
    // 3×2 kernel, strides 1 down and 2 across, pads top 0, left 1, bottom 1, right 0 on 16×16:
    // rows (16 + 0 + 1 − 3)/1 + 1 = 15, columns (16 + 1 + 0 − 2)/2 + 1 = 8
    Layer.Conv2d conv = new Layer.Conv2d("c", List.of("input"), 3, 4, 3, 1, 0, true,
        new Layer.Conv2d.Rectangle(2, 2, 1, 1, 0));
    assertThat(conv.outputShape(List.of(TensorShape.of(3, 16, 16)))).isEqualTo(TensorShape.of(4, 15, 8));
    assertThat(conv.parameterShapes(List.of(TensorShape.of(3, 16, 16))).get("weight"))
        .isEqualTo(TensorShape.of(4, 3, 3, 2));
    assertThat(new Layer.Conv2d("c", List.of("input"), 3, 4, 3, 1, 1, true,
        new Layer.Conv2d.Rectangle(3, 1, 1, 1, 1)).rectangle()).as("a square window").isNull();
  }

  @Test
  void theRateNormTwinReplacesEachReluInPlaceAndKeepsEverythingElse() {
    Architecture relu = ModelZoo.architecture("cnn7", TensorShape.of(1, 28, 28), 10, Activation.RELU);
    Architecture twin = relu.rateNormTwin();
    assertThat(twin.layers()).hasSameSizeAs(relu.layers());
    for (int i = 0; i < relu.layers().size(); i++) {
      Layer before = relu.layers().get(i);
      assertThat(twin.layers().get(i)).isEqualTo(before instanceof Layer.Relu
          ? new Layer.RateNorm(before.name(), before.inputs(), 0.1) : before);
    }
    assertThatThrownBy(() -> twin.rateNormTwin()).hasMessageContaining("has no ReLU");
  }

  @Test
  void linearWithTheWrongInputSizeNamesTheLayer() {
    List<Layer> layers = List.of(new Layer.Flatten("flat", List.of("input")),
        new Layer.Linear("head", List.of("flat"), 15, 2, true));
    assertThatThrownBy(() -> new Architecture("t", TensorShape.of(1, 4, 4), 2, layers))
        .isInstanceOf(ShapeException.class)
        .hasMessage("layer 'head' (Linear): expected input [15], found [16]");
  }

  @Test
  void convolutionOnAnInputTooSmall() {
    List<Layer> layers = List.of(new Layer.Conv2d("big", List.of("input"), 1, 2, 5, 1, 0, true));
    assertThatThrownBy(() -> new Architecture("t", TensorShape.of(1, 4, 4), 2, layers))
        .isInstanceOf(ShapeException.class)
        .hasMessage("layer 'big' (Conv2d): expected a spatial size of at least 5 for kernel 5, "
            + "stride 1, padding 0, found 4");
  }

  @Test
  void convolutionWithPaddingFitsWhatWouldOtherwiseBeTooSmall() {
    // (4 + 2*1 - 5) / 2 + 1 = 1
    Layer conv = new Layer.Conv2d("c", List.of("input"), 1, 3, 5, 2, 1, false);
    assertThat(conv.outputShape(List.of(TensorShape.of(1, 4, 4)))).isEqualTo(TensorShape.of(3, 1, 1));
    assertThat(conv.parameterShapes(List.of(TensorShape.of(1, 4, 4))))
        .containsOnlyKeys("weight").containsEntry("weight", TensorShape.of(3, 1, 5, 5));
  }

  @Test
  void zeroStrideIsAShapeErrorNotADivisionByZero() {
    Layer pool = new Layer.AvgPool2d("pool", List.of("input"), 2, 0, 0);
    assertThatThrownBy(() -> pool.outputShape(List.of(TensorShape.of(1, 4, 4))))
        .isInstanceOf(ShapeException.class)
        .hasMessageContainingAll("layer 'pool'", "stride 0");
  }

  @Test
  void addOfMismatchedShapes() {
    List<Layer> layers = List.of(
        new Layer.Conv2d("conv1", List.of("input"), 1, 2, 1, 1, 0, true),
        new Layer.Add("sum", List.of("conv1", "input")));
    assertThatThrownBy(() -> new Architecture("t", TensorShape.of(1, 4, 4), 2, layers))
        .isInstanceOf(ShapeException.class)
        .hasMessage("layer 'sum' (Add): expected inputs of one shape, found [[2, 4, 4], [1, 4, 4]]");
  }

  @Test
  void addOfOneInput() {
    assertThatThrownBy(() -> new Layer.Add("sum", List.of("x")).outputShape(List.of(TensorShape.of(3))))
        .isInstanceOf(ShapeException.class)
        .hasMessage("layer 'sum' (Add): expected two or more inputs, found 1 input(s)");
  }

  @Test
  void residualAddOfEqualShapes() {
    Architecture a = new ArchitectureBuilder("res", TensorShape.of(2, 4, 4))
        .conv(2, 3, 1, 1).activation(Activation.RELU).add("input", "relu1")
        .flatten().linear(5).build(5);
    assertThat(a.outputShapes().get("add1")).isEqualTo(TensorShape.of(2, 4, 4));
    assertThat(a.layer("add1").inputs()).containsExactly("input", "relu1");
    assertThat(a.outputShapes().get("flatten1")).isEqualTo(TensorShape.of(32));
  }

  @Test
  void layerReadingAnUnknownName() {
    List<Layer> layers = List.of(new Layer.Flatten("flat", List.of("conv9")));
    assertThatThrownBy(() -> new Architecture("t", TensorShape.of(4), 4, layers))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 'flat' reads 'conv9', which is not the input nor a layer listed before it");
  }

  @Test
  void layerReadingALaterLayer() {
    List<Layer> layers = List.of(new Layer.Relu("a", List.of("b")), new Layer.Relu("b", List.of("input")));
    assertThatThrownBy(() -> new Architecture("t", TensorShape.of(4), 4, layers))
        .hasMessage("layer 'a' reads 'b', which is not the input nor a layer listed before it");
  }

  @Test
  void duplicateNames() {
    List<Layer> layers = List.of(new Layer.Relu("relu1", List.of("input")),
        new Layer.Relu("relu1", List.of("relu1")));
    assertThatThrownBy(() -> new Architecture("t", TensorShape.of(4), 4, layers))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer name 'relu1' is used twice");
    List<Layer> shadowing = List.of(new Layer.Relu("input", List.of("input")));
    assertThatThrownBy(() -> new Architecture("t", TensorShape.of(4), 4, shadowing))
        .hasMessage("layer name 'input' is used twice");
  }

  @Test
  void outputSizeOtherThanNumClasses() {
    ArchitectureBuilder b = new ArchitectureBuilder("t", TensorShape.of(1, 28, 28)).flatten().linear(10);
    assertThatThrownBy(() -> b.build(11))
        .isInstanceOf(ShapeException.class)
        .hasMessage("layer 'fc1' (Linear): expected output [11], found [10]");
  }

  @Test
  void emptyArchitecture() {
    assertThatThrownBy(() -> new Architecture("t", TensorShape.of(4), 4, List.of()))
        .hasMessage("architecture 't' has no layers");
  }

  @Test
  void builderDropsALayerThatDoesNotFit() {
    ArchitectureBuilder b = new ArchitectureBuilder("t", TensorShape.of(1, 2, 2));
    assertThatThrownBy(() -> b.conv(4, 3, 1, 0)).isInstanceOf(ShapeException.class)
        .hasMessageStartingWith("layer 'conv1' (Conv2d)");
    assertThat(b.last()).isEqualTo("input");
    assertThat(b.flatten().linear(3).build(3).layers()).hasSize(2);
  }

  @Test
  void replaceKeepsTheGraphAndRechecksIt() {
    Architecture relu = ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RELU);
    Architecture ifn = relu.replace(new Layer.IntegrateAndFire("relu1", List.of("bn1"), true));
    assertThat(ifn.parameterShapes()).containsEntry("relu1.threshold", TensorShape.of(32));
    assertThat(ifn.layers()).hasSize(relu.layers().size());
    assertThatThrownBy(() -> relu.replace(new Layer.Linear("fc1", List.of("flatten1"), 33, 10, true)))
        .isInstanceOf(ShapeException.class).hasMessageStartingWith("layer 'fc1'");
  }
}
