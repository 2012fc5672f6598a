package org.spikebridge.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small ONNX models built in the tests with the protobuf builders: a graph input [batch, 4], one
 * Gemm with a 3×4 weight, and whatever a test changes.
 */
public final class TinyModels {
  private TinyModels() {}

  /** A float tensor initializer. */
  public static TensorProto floats(String name, long[] dims, float... values) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name)
        .setDataType(TensorProto.DataType.FLOAT_VALUE);
    for (long d : dims) {
      t.addDims(d);
    }
    for (float v : values) {
      t.addFloatData(v);
    }
    return t.build();
  }

  /** A graph input of float elements with these dimensions ("batch" for a symbolic one). */
  public static ValueInfoProto input(String name, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      shape.addDim(d instanceof String s ? TensorShapeProto.Dimension.newBuilder().setDimParam(s)
          : TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)
            .setShape(shape))).build();
  }

  /** x [batch, 4] → Gemm(W [3, 4] with transB, b [3]) → y. */
  public static GraphProto.Builder gemmGraph() {
    float[] w = new float[12];
    for (int i = 0; i < w.length; i++) {
      w[i] = i - 5.5f;
    }
    return GraphProto.newBuilder().setName("tiny")
        .addInput(input("x", "batch", 4))
        .addInitializer(floats("W", new long[] {3, 4}, w))
        .addInitializer(floats("b", new long[] {3}, 1, 2, 3))
        .addNode(NodeProto.newBuilder().setName("fc").setOpType("Gemm").addInput("x")
            .addInput("W").addInput("b").addOutput("y")
            .addAttribute(ai.onnx.proto.OnnxMl.AttributeProto.newBuilder().setName("transB")
                .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.INT).setI(1)))
        .addOutput(ValueInfoProto.newBuilder().setName("y"));
  }

  /** The Gemm graph followed by a node of type {@code op} named "act" (an operator not supported). */
  public static GraphProto.Builder withOperator(String op) {
    return gemmGraph().setOutput(0, ValueInfoProto.newBuilder().setName("z"))
        .addNode(NodeProto.newBuilder().setName("act").setOpType(op).addInput("y").addOutput("z"));
  }

  /** The Gemm graph with a symbolic feature dimension: [batch, features]. */
  public static GraphProto.Builder withDynamicFeatures() {
    return gemmGraph().setInput(0, input("x", "batch", "features"));
  }

  /** The Gemm graph with a double weight W whose element 7 is 0.1 (no float32 holds it). */
  public static GraphProto.Builder withInexactDoubleWeights() {
    TensorProto.Builder w = TensorProto.newBuilder().setName("W")
        .setDataType(TensorProto.DataType.DOUBLE_VALUE).addDims(3).addDims(4);
    for (int i = 0; i < 12; i++) {
      w.addDoubleData(i == 7 ? 0.1 : i);
    }
    return gemmGraph().setInitializer(0, w);
  }

  /** The Gemm graph with W kept as external data in {@code location}, from byte {@code offset}. */
  public static GraphProto.Builder withExternalWeights(String location, long offset) {
    TensorProto.Builder w = TensorProto.newBuilder().setName("W")
        .setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(3).addDims(4)
        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location))
        .addExternalData(StringStringEntryProto.newBuilder().setKey("offset")
            .setValue(Long.toString(offset)));
    return gemmGraph().setInitializer(0, w);
  }

  /**
   * A small image classifier: x [batch, 1, 28, 28] → Conv "conv" (2 channels, 3×3, pads 1) → Relu
   * "relu" → Flatten "flatten" → Gemm "fc" (10 classes), seeded weights.
   */
  public static GraphProto.Builder convNet() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    float[] conv = new float[18];
    float[] fc = new float[10 * 2 * 28 * 28];
    for (int i = 0; i < conv.length; i++) {
      conv[i] = (float) random.nextGaussian() / 3;
    }
    for (int i = 0; i < fc.length; i++) {
      fc[i] = (float) random.nextGaussian() / 40;
    }
    return GraphProto.newBuilder().setName("convnet")
        .addInput(input("x", "batch", 1, 28, 28))
        .addInitializer(floats("cw", new long[] {2, 1, 3, 3}, conv))
        .addInitializer(floats("cb", new long[] {2}, 0.1f, -0.1f))
        .addInitializer(floats("fw", new long[] {10, 2 * 28 * 28}, fc))
        .addInitializer(floats("fb", new long[] {10}, new float[10]))
        .addNode(NodeProto.newBuilder().setName("conv").setOpType("Conv").addInput("x")
            .addInput("cw").addInput("cb").addOutput("c").addAttribute(
                ai.onnx.proto.OnnxMl.AttributeProto.newBuilder().setName("pads")
                    .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.INTS)
                    .addInts(1).addInts(1).addInts(1).addInts(1)))
        .addNode(NodeProto.newBuilder().setName("relu").setOpType("Relu").addInput("c").addOutput("r"))
        .addNode(NodeProto.newBuilder().setName("flatten").setOpType("Flatten").addInput("r")
            .addOutput("f"))
        .addNode(NodeProto.newBuilder().setName("fc").setOpType("Gemm").addInput("f").addInput("fw")
            .addInput("fb").addOutput("y").addAttribute(ai.onnx.proto.OnnxMl.AttributeProto
                .newBuilder().setName("transB")
                .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.INT).setI(1)))
        .addOutput(ValueInfoProto.newBuilder().setName("y"));
  }

  /** A model around {@code graph} at {@code opset}, written to {@code file}. */
  public static Path write(Path file, GraphProto.Builder graph, int opset) throws IOException {
    ModelProto model = ModelProto.newBuilder().setIrVersion(7).setProducerName("test")
        .setProducerVersion("1").addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset))
        .setGraph(graph).build();
    Files.write(file, model.toByteArray());
    return file;
  }
}
