package org.spikebridge.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.convert.AnalogReference;
import org.spikebridge.network.Network;

/** What import refuses, each with one line naming the file and what is to blame; and what it takes. */
class RefusalsTest {
  @TempDir
  Path dir;

  private String refusal(GraphProto.Builder graph, int opset) throws Exception {
    Path file = TinyModels.write(dir.resolve("m.onnx"), graph, opset);
    Throwable e = org.assertj.core.api.Assertions.catchThrowable(
        () -> OnnxImport.read(file, "test", Map.of()));
    assertThat(e).isInstanceOf(OnnxImportException.class);
    assertThat(e.getMessage()).startsWith("m.onnx: ").doesNotContain("\n");
    return e.getMessage();
  }

  @Test
  void importsTheTinyGemmExactly() throws Exception {
    Path file = TinyModels.write(dir.resolve("m.onnx"), TinyModels.gemmGraph(), 13);
    Network net = OnnxImport.read(file, "test", Map.of()).network();
    float[] y = AnalogReference.logits(net, new float[] {1, 0, -1, 2}, 1);
    // W = [[-5.5, -4.5, -3.5, -2.5], [-1.5, -0.5, 0.5, 1.5], [2.5, 3.5, 4.5, 5.5]], b = [1, 2, 3]:
    // y0 = -5.5 + 3.5 - 5 + 1, y1 = -1.5 - 0.5 + 3 + 2, y2 = 2.5 - 4.5 + 11 + 3
    assertThat(y).containsExactly(-6f, 3f, 12f);
  }

  @Test
  void refusesAFileThatIsNotOnnx() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.onnx"), "these are not the weights\n");
    assertThatThrownBy(() -> OnnxImport.read(file, "test", Map.of()))
        .isInstanceOf(OnnxImportException.class).hasMessageStartingWith("notes.onnx: not an ONNX model");
  }

  @Test
  void refusesAnOperatorOutsideTheList() throws Exception {
    assertThat(refusal(TinyModels.withOperator("Sigmoid"), 13)).contains("node 'act' (Sigmoid)")
        .contains("not supported").contains("Conv");
  }

  @Test
  void refusesAMalformedNodeNamingIt() throws Exception {
    GraphProto.Builder g = TinyModels.gemmGraph().addNode(ai.onnx.proto.OnnxMl.NodeProto.newBuilder()
        .setName("broken").setOpType("Conv").addOutput("z"));
    assertThat(refusal(g, 13)).contains("node 'broken' (Conv)");
  }

  @Test
  void refusesATruncatedModel() throws Exception {
    Path file = TinyModels.write(dir.resolve("m.onnx"), TinyModels.gemmGraph(), 13);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> OnnxImport.read(file, "test",
        Map.of()))).isInstanceOf(OnnxImportException.class)
        .hasMessageStartingWith("m.onnx: not an ONNX model");
  }

  @Test
  void refusesADynamicDimensionOtherThanTheBatch() throws Exception {
    assertThat(refusal(TinyModels.withDynamicFeatures(), 13)).contains("graph input 'x'")
        .contains("dimension 1 is the symbol 'features'");
  }

  @Test
  void refusesDoubleWeightsThatFloatCannotHold() throws Exception {
    assertThat(refusal(TinyModels.withInexactDoubleWeights(), 13)).contains("tensor 'W'")
        .contains("0.1").contains("float32");
  }

  @Test
  void readsDoubleWeightsThatFloatHoldsExactly() throws Exception {
    TensorProto.Builder wb = TensorProto.newBuilder().setName("W")
        .setDataType(TensorProto.DataType.DOUBLE_VALUE).addDims(3).addDims(4);
    for (int i = 0; i < 12; i++) {
      wb.addDoubleData(i - 5.5);
    }
    Path file = TinyModels.write(dir.resolve("m.onnx"), TinyModels.gemmGraph().setInitializer(0, wb), 13);
    Network net = OnnxImport.read(file, "test", Map.of()).network();
    assertThat(net.parameter("fc.weight").data()[0]).isEqualTo(-5.5f);
  }

  @Test
  void refusesMissingExternalData() throws Exception {
    assertThat(refusal(TinyModels.withExternalWeights("weights.bin", 0), 13)).contains("tensor 'W'")
        .contains("weights.bin").contains("missing");
  }

  @Test
  void readsExternalDataBesideTheModelButNotOutsideItsFolder() throws Exception {
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(8 + 48).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    bytes.putLong(0);
    for (int i = 0; i < 12; i++) {
      bytes.putFloat(i - 5.5f);
    }
    Files.write(dir.resolve("weights.bin"), bytes.array());
    Path file = TinyModels.write(dir.resolve("m.onnx"), TinyModels.withExternalWeights("weights.bin", 8), 13);
    assertThat(OnnxImport.read(file, "test", Map.of()).network().parameter("fc.weight").data())
        .startsWith(-5.5f, -4.5f);
    assertThat(refusal(TinyModels.withExternalWeights("../weights.bin", 8), 13))
        .contains("outside the model's folder");
  }

  @Test
  void refusesAnOpsetItHasNotChecked() throws Exception {
    assertThat(refusal(TinyModels.gemmGraph(), 22)).contains("opset 22").contains("6 to 21");
  }

  @Test
  void skipsFieldsItDoesNotKnow() throws Exception {
    Path file = TinyModels.write(dir.resolve("m.onnx"), TinyModels.gemmGraph(), 13);
    byte[] known = Files.readAllBytes(file);
    // field 99, varint 5: a field a newer ONNX might add
    byte[] extra = {(byte) 0x98, 0x06, 0x05};
    byte[] both = java.util.Arrays.copyOf(known, known.length + extra.length);
    System.arraycopy(extra, 0, both, known.length, extra.length);
    Files.write(file, both);
    assertThat(OnnxImport.read(file, "test", Map.of()).network().architecture().numClasses()).isEqualTo(3);
  }
}
