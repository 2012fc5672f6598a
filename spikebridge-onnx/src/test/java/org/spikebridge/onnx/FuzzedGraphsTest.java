package org.spikebridge.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graphs the fuzzer found that failed with a NullPointerException, a NegativeArraySizeException,
 * an OutOfMemoryError or an ArithmeticException, or with a message of two lines: each is now one
 * line naming the file and the node.
 */
class FuzzedGraphsTest {
  @TempDir Path dir;

  private String refusal(GraphProto.Builder graph, int opset) throws Exception {
    Path file = TinyModels.write(dir.resolve("m.onnx"), graph, opset);
    Throwable e = catchThrowable(() -> OnnxImport.read(file, "test", Map.of()));
    assertThat(e).isInstanceOf(OnnxImportException.class);
    assertThat(e.getMessage()).startsWith("m.onnx: ").doesNotContain("\n");
    return e.getMessage();
  }

  /** The tiny Gemm graph with a Constant "c" of {@code values} and node {@code node} reading it. */
  private static GraphProto.Builder withConstant(long[] values, NodeProto.Builder node) {
    AttributeProto.Builder ints = AttributeProto.newBuilder().setName("value_ints")
        .setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      ints.addInts(v);
    }
    return TinyModels.gemmGraph()
        .addNode(NodeProto.newBuilder().setName("c").setOpType("Constant").addOutput("c")
            .addAttribute(ints))
        .addNode(node.addOutput("folded"));
  }

  private static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
        .setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  @Test
  void aSliceWithoutStartsIsNamed() throws Exception {
    assertThat(refusal(withConstant(new long[] {1, 2, 3}, NodeProto.newBuilder().setName("cut")
        .setOpType("Slice").addInput("c").addAttribute(ints("ends", 2))), 9))
        .isEqualTo("m.onnx: node 'cut' (Slice): attribute 'starts' is missing");
  }

  @Test
  void aFoldedNodeWithoutItsDataInputIsNamed() throws Exception {
    assertThat(refusal(withConstant(new long[] {1}, NodeProto.newBuilder().setName("t")
        .setOpType("Transpose").addInput("")), 13))
        .isEqualTo("m.onnx: node 't' (Transpose): input 0 (data) is missing");
  }

  @Test
  void aConstantOfShapeWithANegativeDimensionIsNamed() throws Exception {
    assertThat(refusal(withConstant(new long[] {2, -3}, NodeProto.newBuilder().setName("fill")
        .setOpType("ConstantOfShape").addInput("c")), 13))
        .isEqualTo("m.onnx: node 'fill' (ConstantOfShape): shape [2, -3] has a negative "
            + "dimension");
  }

  /** 46340² values would be 16 GiB of doubles: refused before anything is allocated. */
  @Test
  void aConstantOfShapeTooLargeToFoldIsNamed() throws Exception {
    assertThat(refusal(withConstant(new long[] {46340, 46340}, NodeProto.newBuilder()
        .setName("fill").setOpType("ConstantOfShape").addInput("c")), 13))
        .isEqualTo("m.onnx: node 'fill' (ConstantOfShape): shape [46340, 46340] holds 2147395600 "
            + "values; SpikeBridge folds constants of at most 16777216 values");
  }

  /** A 4-D output of 2·65536·32768 values has no [K] flattening in int range. */
  @Test
  void anOutputTooLargeToFlattenIsNamed() throws Exception {
    GraphProto.Builder g = GraphProto.newBuilder().setName("huge")
        .addInput(TinyModels.input("x", "batch", 2, 65536, 32768))
        .addNode(NodeProto.newBuilder().setName("r").setOpType("Relu").addInput("x")
            .addOutput("y"))
        .addOutput(ValueInfoProto.newBuilder().setName("y"));
    assertThat(refusal(g, 13)).isEqualTo("m.onnx: node 'r' (Relu): as the graph output "
        + "[2, 65536, 32768] it would be flattened to 4294967296 scores; expected at most "
        + Integer.MAX_VALUE);
  }

  /** A line break in a name from the file no longer breaks the message in two. */
  @Test
  void aLineBreakInANameStaysOnOneLine() throws Exception {
    GraphProto.Builder g = TinyModels.gemmGraph().setInput(0, TinyModels.input("x\ny", "batch",
        "features")).setNode(0, TinyModels.gemmGraph().getNode(0).toBuilder().setInput(0, "x\ny"));
    assertThat(refusal(g, 13)).contains("graph input 'x\\ny'");
  }
}
