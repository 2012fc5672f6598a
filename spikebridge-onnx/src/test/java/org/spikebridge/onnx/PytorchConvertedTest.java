package org.spikebridge.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikebridge.convert.AnalogReference;
import org.spikebridge.network.Network;

/**
 * The ONNX project's {@code pytorch-converted} backend cases (single PyTorch layers exported at
 * opset 6 with an input and PyTorch's output): every case whose operators are in scope imports and
 * reproduces the expected output; every other case is refused with a message naming its operator.
 * docs/onnx-conformance.md lists the same outcomes.
 */
class PytorchConvertedTest {

  /** The cases that import and match PyTorch's output. */
  static final List<String> PASSING = List.of(
      "test_AvgPool2d", "test_AvgPool2d_stride", "test_BatchNorm1d_3d_input_eval",
      "test_BatchNorm2d_eval", "test_BatchNorm2d_momentum_eval", "test_BatchNorm3d_eval",
      "test_BatchNorm3d_momentum_eval", "test_Conv2d", "test_Conv2d_depthwise",
      "test_Conv2d_depthwise_padded", "test_Conv2d_depthwise_strided",
      "test_Conv2d_depthwise_with_multiplier", "test_Conv2d_dilated", "test_Conv2d_groups",
      "test_Conv2d_groups_thnn", "test_Conv2d_no_bias", "test_Conv2d_padding",
      "test_Conv2d_strided", "test_Linear", "test_Linear_no_bias", "test_MaxPool2d", "test_ReLU",
      "test_ZeroPad2d");

  /** The refused cases, each with the operator type its one-line message must name. */
  static final Map<String, String> REFUSED = Map.ofEntries(
      Map.entry("test_AvgPool1d", "Unsqueeze"),
      Map.entry("test_AvgPool1d_stride", "Unsqueeze"),
      Map.entry("test_AvgPool3d", "AveragePool"),
      Map.entry("test_AvgPool3d_stride", "AveragePool"),
      Map.entry("test_AvgPool3d_stride1_pad0_gpu_input", "AveragePool"),
      Map.entry("test_ConstantPad2d", "Pad"),
      Map.entry("test_Conv1d", "Conv"),
      Map.entry("test_Conv1d_dilated", "Conv"),
      Map.entry("test_Conv1d_groups", "Conv"),
      Map.entry("test_Conv1d_pad1", "Conv"),
      Map.entry("test_Conv1d_pad1size1", "Conv"),
      Map.entry("test_Conv1d_pad2", "Conv"),
      Map.entry("test_Conv1d_pad2size1", "Conv"),
      Map.entry("test_Conv1d_stride", "Conv"),
      Map.entry("test_Conv3d", "Conv"),
      Map.entry("test_Conv3d_dilated", "Conv"),
      Map.entry("test_Conv3d_dilated_strided", "Conv"),
      Map.entry("test_Conv3d_groups", "Conv"),
      Map.entry("test_Conv3d_no_bias", "Conv"),
      Map.entry("test_Conv3d_stride", "Conv"),
      Map.entry("test_Conv3d_stride_padding", "Conv"),
      Map.entry("test_ConvTranspose2d", "ConvTranspose"),
      Map.entry("test_ConvTranspose2d_no_bias", "ConvTranspose"),
      Map.entry("test_ELU", "Elu"),
      Map.entry("test_Embedding", "Gather"),
      Map.entry("test_Embedding_sparse", "Gather"),
      Map.entry("test_GLU", "Split"),
      Map.entry("test_GLU_dim", "Split"),
      Map.entry("test_LeakyReLU", "LeakyRelu"),
      Map.entry("test_LeakyReLU_with_negval", "LeakyRelu"),
      Map.entry("test_LogSoftmax", "LogSoftmax"),
      Map.entry("test_MaxPool1d", "MaxPool"),
      Map.entry("test_MaxPool1d_stride", "MaxPool"),
      Map.entry("test_MaxPool1d_stride_padding_dilation", "MaxPool"),
      Map.entry("test_MaxPool2d_stride_padding_dilation", "MaxPool"),
      Map.entry("test_MaxPool3d", "MaxPool"),
      Map.entry("test_MaxPool3d_stride", "MaxPool"),
      Map.entry("test_MaxPool3d_stride_padding", "MaxPool"),
      Map.entry("test_PReLU_1d", "PRelu"),
      Map.entry("test_PReLU_1d_multiparam", "PRelu"),
      Map.entry("test_PReLU_2d", "PRelu"),
      Map.entry("test_PReLU_2d_multiparam", "PRelu"),
      Map.entry("test_PReLU_3d", "PRelu"),
      Map.entry("test_PReLU_3d_multiparam", "PRelu"),
      Map.entry("test_PixelShuffle", "Reshape"),
      Map.entry("test_PoissonNLLLLoss_no_reduce", "Exp"),
      Map.entry("test_ReflectionPad2d", "Pad"),
      Map.entry("test_ReplicationPad2d", "Pad"),
      Map.entry("test_SELU", "Selu"),
      Map.entry("test_Sigmoid", "Sigmoid"),
      Map.entry("test_Softmax", "Softmax"),
      Map.entry("test_Softmin", "Neg"),
      Map.entry("test_Softplus", "Softplus"),
      Map.entry("test_Softsign", "Abs"),
      Map.entry("test_Tanh", "Tanh"),
      Map.entry("test_log_softmax_dim3", "LogSoftmax"),
      Map.entry("test_log_softmax_lastdim", "LogSoftmax"),
      Map.entry("test_softmax_functional_dim3", "Softmax"),
      Map.entry("test_softmax_lastdim", "Softmax"));

  static Stream<String> passing() {
    return PASSING.stream();
  }

  static Stream<String> refused() {
    return REFUSED.keySet().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("passing")
  void reproducesPytorchOutput(String name) throws Exception {
    Path dir = TestData.pytorchConverted().resolve(name);
    Network net = OnnxImport.read(dir.resolve("model.onnx"), "test", Map.of()).network();
    Constant x = tensor(dir.resolve("test_data_set_0/input_0.pb"));
    Constant y = tensor(dir.resolve("test_data_set_0/output_0.pb"));
    float[] out = AnalogReference.logits(net, x.floats(), x.dims()[0]);
    float[] expected = y.floats();
    assertThat(out).hasSameSizeAs(expected);
    for (int i = 0; i < out.length; i++) {
      assertThat((double) out[i]).as(name + " element " + i)
          .isCloseTo(expected[i], within(1e-4 + 1e-5 * Math.abs(expected[i])));
    }
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refusesNamingTheOperator(String name) {
    Path model = TestData.pytorchConverted().resolve(name).resolve("model.onnx");
    assertThatThrownBy(() -> OnnxImport.read(model, "test", Map.of()))
        .isInstanceOf(OnnxImportException.class)
        .hasMessageStartingWith("model.onnx: ")
        .hasMessageContaining("(" + REFUSED.get(name))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void everyCaseIsListed() throws Exception {
    try (Stream<Path> cases = Files.list(TestData.pytorchConverted())) {
      assertThat(cases.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(Stream.concat(PASSING.stream(),
              REFUSED.keySet().stream()).toList());
    }
  }

  private static Constant tensor(Path file) throws Exception {
    return OnnxTensors.read(TensorProto.parseFrom(Files.readAllBytes(file)), null);
  }
}
