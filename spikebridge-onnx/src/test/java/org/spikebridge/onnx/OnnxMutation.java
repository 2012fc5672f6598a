package org.spikebridge.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.SplittableRandom;
import org.spikebridge.fuzz.Mutation;
import org.spikebridge.fuzz.Mutator;

/**
 * Mutations of an ONNX model at the level of its protobuf messages, half of the time (byte
 * mutations the other half, or when the bytes do not parse): a dimension of an initializer or of
 * the graph input set to a boundary value, an initializer's type or data changed, a node's
 * operator, inputs, outputs or attributes changed, a node removed, duplicated or moved, another
 * opset or IR version, a second graph output.
 */
final class OnnxMutation implements Mutation {
  private static final long[] NUMBERS = {0, -1, 1, 2, 3, 7, 65536, Integer.MAX_VALUE,
      1L << 31, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE};
  private static final List<String> OPERATORS = List.of("Conv", "BatchNormalization", "Relu",
      "Clip", "MaxPool", "AveragePool", "GlobalAveragePool", "Flatten", "Reshape", "Squeeze",
      "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Pad", "Dropout", "Identity", "Constant",
      "Softmax", "LogSoftmax", "Shape", "Cast", "Concat", "Slice", "ConstantOfShape", "Gather",
      "Unsqueeze", "Transpose", "Sigmoid", "");
  private static final List<String> ATTRIBUTES = List.of("group", "strides", "pads",
      "dilations", "kernel_shape", "axis", "transA", "transB", "alpha", "beta", "ceil_mode",
      "count_include_pad", "auto_pad", "epsilon", "spatial", "min", "max", "perm", "axes",
      "starts", "ends", "value", "to", "mode", "keepdims");

  @Override
  public byte[] apply(byte[] bytes, Mutator mutator) {
    SplittableRandom random = mutator.random();
    if (random.nextBoolean()) {
      return mutator.bytes(bytes);
    }
    ModelProto.Builder model;
    try {
      model = ModelProto.parseFrom(bytes).toBuilder();
    } catch (InvalidProtocolBufferException e) {
      return mutator.bytes(bytes);
    }
    int rounds = 1 + (random.nextInt(3) == 0 ? random.nextInt(3) : 0);
    for (int i = 0; i < rounds; i++) {
      mutate(model, random);
    }
    return model.build().toByteArray();
  }

  private static void mutate(ModelProto.Builder model, SplittableRandom random) {
    GraphProto.Builder graph = model.getGraphBuilder();
    switch (random.nextInt(8)) {
      case 0 -> initializer(graph, random);
      case 1 -> input(graph, random);
      case 2 -> {
        if (model.getOpsetImportCount() > 0) {
          model.getOpsetImportBuilder(0).setVersion(random.nextInt(1, 25));
        }
      }
      case 3 -> nodeList(graph, random);
      case 4 -> {
        if (random.nextBoolean()) {
          model.setIrVersion(number(random));
        } else if (graph.getOutputCount() > 0) {
          graph.addOutput(graph.getOutput(0).toBuilder().setName(name(graph, random)));
        }
      }
      default -> node(graph, random);
    }
  }

  private static void initializer(GraphProto.Builder graph, SplittableRandom random) {
    if (graph.getInitializerCount() == 0) {
      return;
    }
    TensorProto.Builder t = graph.getInitializerBuilder(random.nextInt(graph.getInitializerCount()));
    switch (random.nextInt(5)) {
      case 0 -> {
        if (t.getDimsCount() > 0) {
          t.setDims(random.nextInt(t.getDimsCount()), near(t.getDims(0), random));
        }
      }
      case 1 -> t.addDims(random.nextInt(1, 4));
      case 2 -> t.setDataType(random.nextInt(0, 17));
      case 3 -> {
        byte[] raw = new byte[random.nextInt(0, 64)];
        random.nextBytes(raw);
        t.clearFloatData().setRawData(ByteString.copyFrom(raw));
      }
      default -> t.clearDims();
    }
  }

  private static void input(GraphProto.Builder graph, SplittableRandom random) {
    if (graph.getInputCount() == 0) {
      return;
    }
    TensorShapeProto.Builder shape = graph.getInputBuilder(random.nextInt(graph.getInputCount()))
        .getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
    if (shape.getDimCount() == 0 || random.nextInt(4) == 0) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(random.nextInt(1, 5)));
      return;
    }
    int d = random.nextInt(shape.getDimCount());
    if (random.nextInt(4) == 0) {
      shape.setDim(d, TensorShapeProto.Dimension.newBuilder().setDimParam("n"));
    } else {
      shape.setDim(d, TensorShapeProto.Dimension.newBuilder()
          .setDimValue(near(shape.getDim(d).getDimValue(), random)));
    }
  }

  private static void nodeList(GraphProto.Builder graph, SplittableRandom random) {
    int n = graph.getNodeCount();
    int i = random.nextInt(n);
    switch (random.nextInt(3)) {
      case 0 -> {
        if (n > 1) {
          graph.removeNode(i);
        }
      }
      case 1 -> graph.addNode(random.nextInt(n + 1), graph.getNode(i));
      default -> {
        NodeProto moved = graph.getNode(i);
        graph.removeNode(i);
        graph.addNode(random.nextInt(n), moved);
      }
    }
  }

  private static void node(GraphProto.Builder graph, SplittableRandom random) {
    NodeProto.Builder node = graph.getNodeBuilder(random.nextInt(graph.getNodeCount()));
    switch (random.nextInt(6)) {
      case 0 -> node.setOpType(OPERATORS.get(random.nextInt(OPERATORS.size())));
      case 1 -> {
        if (node.getInputCount() > 0 && random.nextBoolean()) {
          node.setInput(random.nextInt(node.getInputCount()), name(graph, random));
        } else {
          node.addInput(name(graph, random));
        }
      }
      case 2 -> {
        if (node.getOutputCount() > 0) {
          node.setOutput(0, name(graph, random));
        }
      }
      default -> attribute(node, random);
    }
  }

  private static void attribute(NodeProto.Builder node, SplittableRandom random) {
    if (node.getAttributeCount() == 0 || random.nextInt(3) == 0) {
      String name = ATTRIBUTES.get(random.nextInt(ATTRIBUTES.size()));
      AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
      switch (random.nextInt(4)) {
        case 0 -> a.setType(AttributeProto.AttributeType.INT).setI(number(random));
        case 1 -> a.setType(AttributeProto.AttributeType.INTS).addInts(number(random))
            .addInts(number(random));
        case 2 -> a.setType(AttributeProto.AttributeType.FLOAT).setF((float) number(random));
        default -> a.setType(AttributeProto.AttributeType.STRING)
            .setS(ByteString.copyFromUtf8(random.nextBoolean() ? "SAME_UPPER" : "VALID"));
      }
      node.addAttribute(a);
      return;
    }
    AttributeProto.Builder a = node.getAttributeBuilder(random.nextInt(node.getAttributeCount()));
    switch (random.nextInt(5)) {
      case 0 -> a.setI(near(a.getI(), random));
      case 1 -> {
        if (a.getIntsCount() > 0) {
          int k = random.nextInt(a.getIntsCount());
          a.setInts(k, near(a.getInts(k), random));
        } else {
          a.addInts(number(random));
        }
      }
      case 2 -> a.setF(random.nextBoolean() ? Float.NaN : (float) near((long) a.getF(), random));
      case 3 -> a.setType(AttributeProto.AttributeType.forNumber(random.nextInt(0, 15)));
      default -> a.clearInts().clearI();
    }
  }

  /** A value name of the graph (an input, an initializer, a node's output) or a new one. */
  private static String name(GraphProto.Builder graph, SplittableRandom random) {
    int pick = random.nextInt(4);
    if (pick == 0 && graph.getInitializerCount() > 0) {
      return graph.getInitializer(random.nextInt(graph.getInitializerCount())).getName();
    }
    if (pick == 1 && graph.getInputCount() > 0) {
      return graph.getInput(random.nextInt(graph.getInputCount())).getName();
    }
    NodeProto node = graph.getNode(random.nextInt(graph.getNodeCount()));
    return pick == 2 && node.getOutputCount() > 0 ? node.getOutput(0) : random.nextBoolean() ? ""
        : "fuzz";
  }

  private static long near(long value, SplittableRandom random) {
    return random.nextBoolean() ? value + random.nextInt(-2, 3) : number(random);
  }

  private static long number(SplittableRandom random) {
    return NUMBERS[random.nextInt(NUMBERS.length)];
  }
}
