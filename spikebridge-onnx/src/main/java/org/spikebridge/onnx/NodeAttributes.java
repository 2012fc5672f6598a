package org.spikebridge.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.HashMap;
import java.util.Map;

/** The attributes of one node by name, with the defaults the ONNX operator specification gives. */
final class NodeAttributes {
  private final Map<String, AttributeProto> byName = new HashMap<>();

  NodeAttributes(NodeProto node) {
    for (AttributeProto a : node.getAttributeList()) {
      byName.put(a.getName(), a);
    }
  }

  boolean has(String name) {
    return byName.containsKey(name);
  }

  long integer(String name, long otherwise) {
    AttributeProto a = byName.get(name);
    return a == null ? otherwise : a.getI();
  }

  double real(String name, double otherwise) {
    AttributeProto a = byName.get(name);
    return a == null ? otherwise : a.getF();
  }

  String text(String name, String otherwise) {
    AttributeProto a = byName.get(name);
    return a == null ? otherwise : a.getS().toStringUtf8();
  }

  /** An integer list attribute, or {@code otherwise} when absent. */
  int[] integers(String name, int[] otherwise) {
    AttributeProto a = byName.get(name);
    if (a == null) {
      return otherwise;
    }
    return a.getIntsList().stream().mapToInt(Math::toIntExact).toArray();
  }

  /** A float list attribute, or {@code otherwise} when absent. */
  double[] reals(String name, double[] otherwise) {
    AttributeProto a = byName.get(name);
    return a == null ? otherwise : a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray();
  }

  /** A tensor attribute (a Constant's {@code value}), or null when absent. */
  AttributeProto attribute(String name) {
    return byName.get(name);
  }
}
