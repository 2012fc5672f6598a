package org.spikebridge.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.NetworkLimits;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * Translates an ONNX graph, node by node in its (topological) order, into SpikeBridge layers and
 * their parameters. Constants are folded where they meet (a Transpose of a weight, the pads of a
 * Pad node, the bias of a MatMul); a constant Add, Sub, Mul or Div becomes part of the Conv2d or
 * Linear before it when that layer has no other reader, else a per-channel {@link Layer.Affine}.
 * A Clip(0, m) becomes a Rate Norm Layer with the fixed threshold m, whose outputs stand for
 * values m times larger: that scale is carried along and multiplied into the weights of the layer
 * that reads it. Every node outside the supported set fails with one line naming it.
 */
final class GraphTranslation {

  /** The operators this translation knows, for error messages. */
  static final List<String> SUPPORTED = List.of("Conv", "BatchNormalization", "Relu", "Clip",
      "MaxPool", "AveragePool", "GlobalAveragePool", "Flatten", "Reshape", "Squeeze", "Gemm",
      "MatMul", "Add", "Sub", "Mul", "Div", "Pad", "Dropout", "Identity", "Constant", "Softmax",
      "LogSoftmax", "and on constants Shape, Cast, Concat, Slice, ConstantOfShape, Gather, "
          + "Unsqueeze, Transpose");

  /** What an ONNX value name stands for while the graph is translated. */
  private sealed interface Value permits Fixed, Activation, Padded {}

  /** A constant tensor. */
  private record Fixed(Constant constant) implements Value {}

  /**
   * The output of layer {@code layer} (or the network input), shape without the batch dimension;
   * the ONNX value equals {@code scale} times it.
   */
  private record Activation(String layer, TensorShape shape, double scale) implements Value {}

  /** {@code source} padded with zeros by a Pad node, {top, left, bottom, right}, not yet applied. */
  private record Padded(Activation source, int[] pads) implements Value {}

  private final int opset;
  private final Path modelDir;
  private final Map<String, Value> values = new HashMap<>();
  private final Map<String, Integer> readers = new HashMap<>();
  private final Map<String, String> producedBy = new HashMap<>();
  private final Map<String, String> nodeOf = new HashMap<>();
  /** The name of the graph's one output. */
  private String output;
  private final Set<String> names = new HashSet<>(Set.of(Architecture.INPUT));
  private final List<Layer> layers = new ArrayList<>();
  private final Map<String, Layer> layerByName = new HashMap<>();
  private final Map<String, Tensor> parameters = new LinkedHashMap<>();
  private final Map<String, TensorShape> shapes = new HashMap<>();
  private final List<String> notices = new ArrayList<>();

  /** The translated layers, parameters and notices. */
  record Result(TensorShape inputShape, List<Layer> layers, Map<String, Tensor> parameters,
      List<String> notices) {}

  private GraphTranslation(int opset, Path modelDir) {
    this.opset = opset;
    this.modelDir = modelDir;
  }

  /**
   * Translates {@code graph}, whose one non-constant input has a fixed shape but for its batch
   * dimension ([N, C, H, W] for images).
   *
   * @param opset the version of the default operator set the model imports
   * @param modelDir where external tensor data is looked for
   */
  static Result translate(GraphProto graph, int opset, Path modelDir) {
    return new GraphTranslation(opset, modelDir).run(graph);
  }

  private Result run(GraphProto graph) {
    for (TensorProto t : graph.getInitializerList()) {
      values.put(t.getName(), new Fixed(OnnxTensors.read(t, modelDir)));
    }
    Set<String> initializers = Set.copyOf(values.keySet());
    TensorShape input = OnnxShapes.inputShape(graph, initializers);
    values.put(OnnxShapes.inputName(graph, initializers), new Activation(Architecture.INPUT, input, 1));
    shapes.put(Architecture.INPUT, input);
    for (NodeProto n : graph.getNodeList()) {
      for (String in : n.getInputList()) {
        readers.merge(in, 1, Integer::sum);
      }
    }
    if (graph.getOutputCount() != 1) {
      throw new OnnxImportException("the graph has " + graph.getOutputCount() + " outputs; "
          + "expected one (the class scores)");
    }
    output = graph.getOutput(0).getName();
    for (int i = 0; i < graph.getNodeCount(); i++) {
      NodeProto n = graph.getNode(i);
      try {
        if (n.getOutputCount() == 0) {
          throw new IllegalArgumentException("the node has no output");
        }
        nodeOf.put(n.getOutput(0), where(n, i));
        node(n);
      } catch (OnnxImportException e) {
        throw e;
      } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
        throw new OnnxImportException(where(n, i) + e.getMessage(), e);
      }
    }
    OnnxShapes.requireFloatInput(graph, initializers);
    Activation out = output(output);
    return new Result(input, reachable(out.layer()), parameters, List.copyOf(notices));
  }

  /** "node 'NAME' (Op): ", or for a node without a name "node #i (Op, output 'x'): ". */
  private static String where(NodeProto n, int index) {
    return n.getName().isEmpty()
        ? "node #" + index + " (" + n.getOpType() + ", output '"
            + (n.getOutputCount() > 0 ? n.getOutput(0) : "") + "'): "
        : "node '" + n.getName() + "' (" + n.getOpType() + "): ";
  }

  private void node(NodeProto n) {
    if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
      throw new IllegalArgumentException("operator domain '" + n.getDomain() + "' is not "
          + "supported; SpikeBridge reads the default ONNX operators " + SUPPORTED);
    }
    for (int i = 1; i < n.getOutputCount(); i++) {
      String extra = n.getOutput(i);
      if (!extra.isEmpty() && (readers.containsKey(extra) || output.equals(extra))) {
        throw new IllegalArgumentException("its output " + i + " ('" + extra + "') is used; only "
            + "the first output of a node (inference mode) is supported");
      }
    }
    NodeAttributes a = new NodeAttributes(n);
    if (ConstantFolding.OPERATORS.contains(n.getOpType()) && readsConstantsOnly(n)) {
      List<Constant> in = new ArrayList<>();
      for (int i = 0; i < n.getInputCount(); i++) {
        in.add(hasInput(n, i) ? constant(n, i) : null);
      }
      values.put(n.getOutput(0), new Fixed(ConstantFolding.fold(n.getOpType(), a, in, opset)));
      return;
    }
    Value result = switch (n.getOpType()) {
      case "Constant" -> new Fixed(constantAttribute(a));
      case "Identity", "Dropout" -> value(n.getInput(0));
      case "Shape" -> shape(n, a);
      case "Cast", "Concat", "Slice", "ConstantOfShape", "Gather", "Unsqueeze", "Transpose" ->
          throw new IllegalArgumentException("reads a layer output; SpikeBridge evaluates "
              + n.getOpType() + " only on constants (shape arithmetic)");
      case "Conv" -> conv(n, a);
      case "BatchNormalization" -> batchNorm(n, a);
      case "Relu" -> relu(n);
      case "Clip" -> clip(n, a);
      case "MaxPool" -> maxPool(n, a);
      case "AveragePool" -> averagePool(n, a);
      case "GlobalAveragePool" -> globalAveragePool(n);
      case "Flatten" -> flatten(n, a);
      case "Reshape", "Squeeze" -> reshape(n, a);
      case "Gemm" -> gemm(n, a);
      case "MatMul" -> matMul(n);
      case "Add", "Sub", "Mul", "Div" -> arithmetic(n);
      case "Pad" -> pad(n, a);
      case "Softmax", "LogSoftmax" -> softmax(n, a);
      default -> throw new IllegalArgumentException("operator not supported; SpikeBridge converts "
          + SUPPORTED);
    };
    values.put(n.getOutput(0), result);
  }

  // ---- operators ----------------------------------------------------------------------------

  private Constant constantAttribute(NodeAttributes a) {
    if (a.attribute("value") != null) {
      return OnnxTensors.read(a.attribute("value").getT(), modelDir);
    } else if (a.has("value_float")) {
      return new Constant(new int[0], new double[] {a.real("value_float", 0)});
    } else if (a.has("value_floats")) {
      double[] v = a.reals("value_floats", null);
      return new Constant(new int[] {v.length}, v);
    } else if (a.has("value_int")) {
      return new Constant(new int[0], new double[] {a.integer("value_int", 0)});
    } else if (a.has("value_ints")) {
      double[] v = Arrays.stream(a.integers("value_ints", null)).asDoubleStream().toArray();
      return new Constant(new int[] {v.length}, v);
    }
    throw new IllegalArgumentException("expected a numeric value attribute (value, value_float(s), "
        + "value_int(s))");
  }

  private boolean readsConstantsOnly(NodeProto n) {
    for (int i = 0; i < n.getInputCount(); i++) {
      if (hasInput(n, i) && !(value(n.getInput(i)) instanceof Fixed)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The shape of a layer output as a constant, its batch dimension written 0: the value with which
   * Reshape keeps a dimension, which is what an exported {@code x.view(x.size(0), -1)} asks for.
   */
  private Value shape(NodeProto n, NodeAttributes a) {
    Activation x = activation(n, 0);
    int rank = x.shape().rank() + 1;
    double[] dims = new double[rank];
    for (int i = 1; i < rank; i++) {
      dims[i] = x.shape().dim(i - 1);
    }
    int start = (int) Math.floorMod(a.integer("start", 0), rank);
    long end = a.integer("end", rank);
    int stop = end >= rank ? rank : (int) Math.floorMod(end, rank);
    double[] kept = Arrays.copyOfRange(dims, start, Math.max(start, stop));
    return new Fixed(new Constant(new int[] {kept.length}, kept));
  }

  private Value conv(NodeProto n, NodeAttributes a) {
    Value in = value(n.getInput(0));
    Activation x = in instanceof Padded p ? p.source() : activation(n, 0);
    Constant w = constant(n, 1);
    if (w.rank() != 4 || x.shape().rank() != 3) {
      throw new IllegalArgumentException("weight " + Arrays.toString(w.dims()) + " on input "
          + x.shape() + ": SpikeBridge converts 2-D convolutions only ([N, C, H, W] inputs)");
    }
    int groups = Math.toIntExact(a.integer("group", 1));
    int channels = x.shape().dim(0);
    if (groups < 1 || channels % groups != 0 || w.dims()[0] % groups != 0
        || w.dims()[1] * groups != channels) {
      throw new IllegalArgumentException("group " + groups + " does not fit weight "
          + Arrays.toString(w.dims()) + " on " + channels + " input channels");
    }
    Window window = Window.of(a, w.dims()[2], w.dims()[3], x.shape().dim(1), x.shape().dim(2),
        in instanceof Padded p ? p.pads() : new int[4]);
    double[] weight = ConvKernels.dense(w, groups, window.dilationH(), window.dilationW());
    scale(weight, x.scale());
    int out = w.dims()[0];
    String name = newName(n, "");
    int[] p = window.pads();
    Layer conv = new Layer.Conv2d(name, List.of(x.layer()), channels, out, window.extentH(),
        window.strideH(), p[0], hasInput(n, 2), new Layer.Conv2d.Rectangle(window.extentW(),
            window.strideW(), p[1], p[2], p[3]));
    param(name, "weight", TensorShape.of(out, channels, window.extentH(), window.extentW()),
        weight);
    if (hasInput(n, 2)) {
      param(name, "bias", TensorShape.of(out), vector(constant(n, 2), out, "bias"));
    }
    return produced(n, conv, 1);
  }

  private Value batchNorm(NodeProto n, NodeAttributes a) {
    Activation x = unscaled(n.getName(), activation(n, 0));
    if (a.integer("spatial", 1) != 1) {
      throw new IllegalArgumentException("spatial 0 (statistics per element) is not supported; "
          + "expected one mean and variance per channel");
    }
    int c = x.shape().dim(0);
    String name = newName(n, "");
    Layer bn = new Layer.BatchNorm2d(name, List.of(x.layer()), c, a.real("epsilon", 1e-5),
        1 - a.real("momentum", 0.9));
    String[] local = {"weight", "bias", "running_mean", "running_var"};
    for (int i = 0; i < local.length; i++) {
      param(name, local[i], TensorShape.of(c), vector(constant(n, i + 1), c, local[i]));
    }
    return produced(n, bn, 1);
  }

  private Value relu(NodeProto n) {
    Activation x = activation(n, 0);
    return produced(n, new Layer.Relu(newName(n, ""), List.of(x.layer())), x.scale());
  }

  /** Clip(0, ∞) is a ReLU; Clip(0, m) a Rate Norm Layer with θ = m whose output stands for m·r̂. */
  private Value clip(NodeProto n, NodeAttributes a) {
    Activation x = activation(n, 0);
    double min = opset < 11 ? a.real("min", Double.NEGATIVE_INFINITY)
        : hasInput(n, 1) ? scalar(constant(n, 1), "min") : Double.NEGATIVE_INFINITY;
    double max = opset < 11 ? a.real("max", Double.POSITIVE_INFINITY)
        : hasInput(n, 2) ? scalar(constant(n, 2), "max") : Double.POSITIVE_INFINITY;
    if (min < 0 && soleReader(n.getInput(0), x) instanceof Layer.Relu relu) {
      // PyTorch writes ReLU6 as Relu then Clip(max 6): one Clip(0, 6) in place of both
      layers.remove(relu);
      layerByName.remove(relu.name());
      x = new Activation(relu.inputs().get(0), x.shape(), x.scale());
      min = 0;
    }
    if (min != 0 || !(max > 0)) {
      throw new IllegalArgumentException("min " + min + ", max " + max + ": SpikeBridge converts "
          + "Clip with min 0 and a positive constant max (ReLU, ReLU6, a clip with a trained "
          + "threshold)");
    }
    String name = newName(n, "");
    if (max == Double.POSITIVE_INFINITY) {
      return produced(n, new Layer.Relu(name, List.of(x.layer())), x.scale());
    }
    param(name, Layer.RateNorm.RUNNING_MAX, TensorShape.of(1), new double[] {max / x.scale()});
    param(name, Layer.RateNorm.P_LOGIT, TensorShape.of(1), new double[] {FIXED_P_LOGIT});
    notices.add("Clip '" + n.getName() + "' (max " + max + ") became Rate Norm Layer '" + name
        + "' with the fixed threshold " + max);
    return produced(n, new Layer.RateNorm(name, List.of(x.layer()), 0.1), max);
  }

  /** p′ for which p = sigmoid(p′) is 1 in float: a Rate Norm Layer whose θ is its running_max. */
  static final double FIXED_P_LOGIT = 40;

  private Value maxPool(NodeProto n, NodeAttributes a) {
    Activation x = activation(n, 0);
    int[] k = a.integers("kernel_shape", new int[0]);
    Window window = window(n, a, x, k, new int[4]);
    if (window.dilationH() != 1 || window.dilationW() != 1) {
      throw new IllegalArgumentException("dilations [" + window.dilationH() + ", "
          + window.dilationW() + "] are not supported for pooling; expected 1");
    }
    int[] ksp = window.square();
    return produced(n, new Layer.MaxPool2d(newName(n, ""), List.of(x.layer()), ksp[0], ksp[1],
        ksp[2]), x.scale());
  }

  private Value averagePool(NodeProto n, NodeAttributes a) {
    Value in = value(n.getInput(0));
    Activation x = in instanceof Padded p ? p.source() : activation(n, 0);
    int[] k = a.integers("kernel_shape", new int[0]);
    Window own = window(n, a, x, k, new int[4]);
    if (a.integer("count_include_pad", 0) == 0 && Arrays.stream(own.pads()).anyMatch(p -> p > 0)) {
      throw new IllegalArgumentException("count_include_pad 0 with pads "
          + Arrays.toString(own.pads()) + ": SpikeBridge's average pooling counts the padded "
          + "zeros (PyTorch's default count_include_pad=True)");
    }
    Window window = window(n, a, x, k, in instanceof Padded p ? p.pads() : new int[4]);
    int[] ksp = window.square();
    return produced(n, new Layer.AvgPool2d(newName(n, ""), List.of(x.layer()), ksp[0], ksp[1],
        ksp[2]), x.scale());
  }

  private Window window(NodeProto n, NodeAttributes a, Activation x, int[] kernel, int[] zeroPads) {
    if (kernel.length != 2 || x.shape().rank() != 3) {
      throw new IllegalArgumentException("kernel_shape " + Arrays.toString(kernel) + " on input "
          + x.shape() + ": SpikeBridge pools 2-D inputs ([N, C, H, W]) only");
    }
    Window w = Window.of(a, kernel[0], kernel[1], x.shape().dim(1), x.shape().dim(2), zeroPads);
    w.requireFloorMode(a, x.shape().dim(1), x.shape().dim(2));
    return w;
  }

  private Value globalAveragePool(NodeProto n) {
    Activation x = activation(n, 0);
    if (x.shape().rank() != 3 || x.shape().dim(1) != x.shape().dim(2)) {
      throw new IllegalArgumentException("input " + x.shape() + ": SpikeBridge pools square "
          + "[C, H, W] inputs");
    }
    int size = x.shape().dim(1);
    return produced(n, new Layer.AvgPool2d(newName(n, ""), List.of(x.layer()), size, size, 0),
        x.scale());
  }

  private Value flatten(NodeProto n, NodeAttributes a) {
    Activation x = activation(n, 0);
    long axis = a.integer("axis", 1);
    if (axis != 1 && axis != -x.shape().rank()) {
      throw new IllegalArgumentException("axis " + axis + ": only flattening everything but the "
          + "batch dimension (axis 1) is supported");
    }
    return flattened(n, x);
  }

  /** Reshape or Squeeze: accepted where the result is [N, C·H·W] or the input's own shape. */
  private Value reshape(NodeProto n, NodeAttributes a) {
    Activation x = activation(n, 0);
    int[] target = n.getOpType().equals("Reshape")
        ? OnnxShapes.reshaped(x.shape(), constant(n, 1).longs())
        : OnnxShapes.squeezed(x.shape(), opset < 13 ? a.integers("axes", null)
            : hasInput(n, 1) ? Arrays.stream(constant(n, 1).longs()).mapToInt(Math::toIntExact).toArray()
            : null);
    if (Arrays.equals(target, x.shape().dims())) {
      return x;
    }
    if (target.length == 1 && target[0] == x.shape().size()) {
      return flattened(n, x);
    }
    throw new IllegalArgumentException("reshapes " + x.shape() + " into " + Arrays.toString(target)
        + "; only reshapes that flatten everything but the batch dimension are supported");
  }

  private Value flattened(NodeProto n, Activation x) {
    if (x.shape().rank() == 1) {
      return x;
    }
    return produced(n, new Layer.Flatten(newName(n, ""), List.of(x.layer())), x.scale());
  }

  private Value gemm(NodeProto n, NodeAttributes a) {
    if (a.integer("transA", 0) != 0) {
      throw new IllegalArgumentException("transA 1 would transpose the batch; expected 0");
    }
    Constant b = constant(n, 1);
    Constant weight = a.integer("transB", 0) != 0 ? b : b.transposed(new int[] {1, 0});
    double alpha = a.real("alpha", 1);
    Constant bias = null;
    if (hasInput(n, 2)) {
      Constant c = constant(n, 2);
      double beta = a.real("beta", 1);
      bias = new Constant(c.dims(), Arrays.stream(c.values()).map(v -> v * beta).toArray());
    }
    return linear(n, activation(n, 0), weight, alpha, bias);
  }

  private Value matMul(NodeProto n) {
    return linear(n, activation(n, 0), constant(n, 1).transposed(new int[] {1, 0}), 1, null);
  }

  /** A Linear layer with weight {@code alpha·weight} ([out, in]) and an optional bias. */
  private Value linear(NodeProto n, Activation x, Constant weight, double alpha, Constant bias) {
    if (weight.rank() != 2) {
      throw new IllegalArgumentException("weight of shape " + Arrays.toString(weight.dims())
          + "; expected a matrix");
    }
    if (x.shape().rank() != 1) {
      throw new IllegalArgumentException("input " + x.shape() + " is not flat; expected [N, F] "
          + "(add a Flatten before it)");
    }
    int out = weight.dims()[0];
    int in = weight.dims()[1];
    double[] w = weight.values().clone();
    scale(w, alpha * x.scale());
    String name = newName(n, "");
    param(name, "weight", TensorShape.of(out, in), w);
    if (bias != null) {
      param(name, "bias", TensorShape.of(out), vector(bias, out, "bias"));
    }
    return produced(n, new Layer.Linear(name, List.of(x.layer()), in, out, bias != null), 1);
  }

  private Value arithmetic(NodeProto n) {
    String op = n.getOpType();
    Value left = value(n.getInput(0));
    Value right = value(n.getInput(1));
    if (left instanceof Fixed && right instanceof Fixed) {
      throw new IllegalArgumentException("both inputs are constants; expected at least one layer "
          + "output");
    }
    if (!(left instanceof Fixed) && !(right instanceof Fixed)) {
      if (!op.equals("Add")) {
        throw new IllegalArgumentException("both inputs are layer outputs; SpikeBridge converts "
            + "the sum of two layer outputs (Add) and " + op + " with a constant");
      }
      return sum(n, activation(n, 0), activation(n, 1));
    }
    int xi = left instanceof Fixed ? 1 : 0;
    Activation x = activation(n, xi);
    double[] c = OnnxShapes.perChannel(constant(n, 1 - xi), x.shape());
    int channels = c.length;
    double[] weight = new double[channels];
    double[] bias = new double[channels];
    for (int i = 0; i < channels; i++) {
      switch (op) {
        case "Add" -> { weight[i] = 1; bias[i] = c[i]; }
        case "Sub" -> { weight[i] = xi == 0 ? 1 : -1; bias[i] = xi == 0 ? -c[i] : c[i]; }
        case "Mul" -> weight[i] = c[i];
        default -> {
          if (xi == 1) {
            throw new IllegalArgumentException("divides a constant by a layer output; only "
                + "division by a constant is supported");
          }
          weight[i] = 1 / c[i];
        }
      }
    }
    return affine(n, n.getInput(xi), x, weight, bias);
  }

  private Value sum(NodeProto n, Activation a, Activation b) {
    if (a.scale() != b.scale()) {
      a = unscaled(n.getName(), a);
      b = unscaled(n.getName() + ".right", b);
    }
    return produced(n, new Layer.Add(newName(n, ""), List.of(a.layer(), b.layer())), a.scale());
  }

  /**
   * y = weight[c]·x + bias[c] for the ONNX value {@code x}: folded into the Conv2d or Linear that
   * produced it when nothing else reads that, else a new Affine layer.
   */
  private Value affine(NodeProto n, String xName, Activation x, double[] weight, double[] bias) {
    Layer producer = soleReader(xName, x);
    boolean foldable = x.scale() == 1
        && (producer instanceof Layer.Conv2d || producer instanceof Layer.Linear)
        && weight.length == x.shape().dim(0);
    if (foldable) {
      foldInto(producer, weight, bias);
      producedBy.put(n.getOutput(0), producer.name());
      return x;
    }
    double[] w = weight.clone();
    scale(w, x.scale());
    String name = newName(n, "");
    param(name, "weight", TensorShape.of(w.length), w);
    param(name, "bias", TensorShape.of(w.length), bias);
    return produced(n, new Layer.Affine(name, List.of(x.layer()), w.length), 1);
  }

  private void foldInto(Layer producer, double[] weight, double[] bias) {
    String name = producer.name();
    Tensor old = parameters.get(name + ".weight");
    double[] w = new double[old.data().length];
    int perOut = w.length / weight.length;
    for (int i = 0; i < w.length; i++) {
      w[i] = old.data()[i] * weight[i / perOut];
    }
    param(name, "weight", old.shape(), w);
    Tensor oldBias = parameters.get(name + ".bias");
    double[] b = new double[weight.length];
    for (int o = 0; o < b.length; o++) {
      b[o] = (oldBias == null ? 0 : oldBias.data()[o] * weight[o]) + bias[o];
    }
    param(name, "bias", TensorShape.of(b.length), b);
    Layer withBias = producer instanceof Layer.Conv2d c ? c.with(c.inputs(), true)
        : new Layer.Linear(name, producer.inputs(), ((Layer.Linear) producer).inFeatures(),
            ((Layer.Linear) producer).outFeatures(), true);
    layers.replaceAll(l -> l.name().equals(name) ? withBias : l);
    layerByName.put(name, withBias);
  }

  private Value pad(NodeProto n, NodeAttributes a) {
    Activation x = activation(n, 0);
    String mode = a.text("mode", "constant");
    int[] pads = opset < 11 ? a.integers("pads", null)
        : Arrays.stream(constant(n, 1).longs()).mapToInt(Math::toIntExact).toArray();
    double fill = opset < 11 ? a.real("value", 0) : hasInput(n, 2) ? scalar(constant(n, 2), "constant_value") : 0;
    if (!mode.equals("constant") || fill != 0) {
      throw new IllegalArgumentException("mode '" + mode + "', value " + fill + ": only padding "
          + "with zeros is supported");
    }
    if (hasInput(n, 3)) {
      throw new IllegalArgumentException("the axes input is not supported; expected pads for "
          + "every dimension");
    }
    int rank = x.shape().rank() + 1;
    if (pads == null || pads.length != 2 * rank || rank != 4 || pads[0] != 0 || pads[1] != 0
        || pads[4] != 0 || pads[5] != 0) {
      throw new IllegalArgumentException("pads " + Arrays.toString(pads) + " on input " + x.shape()
          + ": only zero padding of the height and width of [N, C, H, W] is supported");
    }
    int[] spatial = {pads[2], pads[3], pads[6], pads[7]};
    if (Arrays.stream(spatial).anyMatch(p -> p < 0)) {
      throw new IllegalArgumentException("negative pads " + Arrays.toString(pads) + " crop; "
          + "only padding is supported");
    }
    return Arrays.stream(spatial).allMatch(p -> p == 0) ? x : new Padded(x, spatial);
  }

  private Value softmax(NodeProto n, NodeAttributes a) {
    Activation x = activation(n, 0);
    long axis = a.integer("axis", opset < 13 ? 1 : -1);
    if (!output.equals(n.getOutput(0)) || x.shape().rank() != 1 || (axis != 1 && axis != -1)) {
      throw new IllegalArgumentException("only a final " + n.getOpType() + " over the classes of "
          + "[N, K] scores is supported (it is dropped: the argmax is unchanged)");
    }
    notices.add(n.getOpType() + " '" + n.getName() + "' dropped: the network outputs the scores "
        + "before it, whose argmax is the same");
    return x;
  }

  // ---- values, layers, parameters -----------------------------------------------------------

  private Value value(String name) {
    Value v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("reads '" + name + "', which no earlier node, initializer "
          + "or graph input produces");
    }
    return v;
  }

  private boolean hasInput(NodeProto n, int i) {
    return i < n.getInputCount() && !n.getInput(i).isEmpty();
  }

  /** Input {@code i} as a layer output; a pending zero pad is applied as a layer of its own. */
  private Activation activation(NodeProto n, int i) {
    if (!hasInput(n, i)) {
      throw new IllegalArgumentException("input " + i + " is missing");
    }
    Value v = value(n.getInput(i));
    if (v instanceof Fixed) {
      throw new IllegalArgumentException("input " + i + " ('" + n.getInput(i) + "') is a constant; "
          + "expected the output of an earlier layer");
    }
    if (v instanceof Padded p) {
      Activation padded = zeroPad(n.getName(), p);
      values.put(n.getInput(i), padded);
      return padded;
    }
    return (Activation) v;
  }

  /**
   * A Pad whose reader cannot take it into its own padding, as a layer of its own: a 1×1 average
   * pooling with that padding when every side has the same, else a 1×1 identity convolution with
   * the four pads.
   */
  private Activation zeroPad(String reader, Padded p) {
    int[] pads = p.pads();
    Activation x = p.source();
    if (x.shape().rank() != 3) {
      throw new IllegalArgumentException("reads a Pad of a " + x.shape() + " output; expected "
          + "[C, H, W]");
    }
    String name = uniqueName(reader + ".pad");
    if (Arrays.stream(pads).allMatch(v -> v == pads[0])) {
      return add(new Layer.AvgPool2d(name, List.of(x.layer()), 1, 1, pads[0]), x.scale());
    }
    int c = x.shape().dim(0);
    double[] identity = new double[c * c];
    for (int i = 0; i < c; i++) {
      identity[i * c + i] = 1;
    }
    param(name, "weight", TensorShape.of(c, c, 1, 1), identity);
    return add(new Layer.Conv2d(name, List.of(x.layer()), c, c, 1, 1, pads[0], false,
        new Layer.Conv2d.Rectangle(1, 1, pads[1], pads[2], pads[3])), x.scale());
  }

  private Constant constant(NodeProto n, int i) {
    if (!hasInput(n, i)) {
      throw new IllegalArgumentException("input " + i + " is missing");
    }
    if (!(value(n.getInput(i)) instanceof Fixed f)) {
      throw new IllegalArgumentException("input " + i + " ('" + n.getInput(i) + "') must be a "
          + "constant (an initializer or a Constant node), not a layer output");
    }
    return f.constant();
  }

  /** {@code x} with its carried scale applied by an Affine layer, so that it stands for itself. */
  private Activation unscaled(String base, Activation x) {
    if (x.scale() == 1) {
      return x;
    }
    int c = x.shape().dim(0);
    String name = uniqueName(base + ".scale");
    double[] w = new double[c];
    Arrays.fill(w, x.scale());
    param(name, "weight", TensorShape.of(c), w);
    param(name, "bias", TensorShape.of(c), new double[c]);
    return add(new Layer.Affine(name, List.of(x.layer()), c), 1);
  }

  private Value produced(NodeProto n, Layer layer, double scale) {
    Activation a = add(layer, scale);
    producedBy.put(n.getOutput(0), layer.name());
    return a;
  }

  private Activation add(Layer layer, double scale) {
    if (layers.size() == NetworkLimits.MAX_LAYERS) {
      throw new IllegalArgumentException("translates to more than " + NetworkLimits.MAX_LAYERS
          + " layers (a limit no real network reaches)");
    }
    TensorShape shape = layer.outputShape(layer.inputs().stream().map(shapes::get).toList());
    layers.add(layer);
    layerByName.put(layer.name(), layer);
    shapes.put(layer.name(), shape);
    return new Activation(layer.name(), shape, scale);
  }

  /**
   * The layer that produced ONNX value {@code name} (as {@code x}) when the node being translated
   * is its only reader, so that it may be changed; null otherwise.
   */
  private Layer soleReader(String name, Activation x) {
    boolean sole = x.layer().equals(producedBy.get(name)) && readers.getOrDefault(name, 0) == 1
        && !output.equals(name);
    return sole ? layerByName.get(x.layer()) : null;
  }

  /** A layer name from the node's: "/features/features.0/Conv" becomes "features.features.0.Conv". */
  private String newName(NodeProto n, String suffix) {
    String base = n.getName().replaceAll("^/+", "").replace('/', '.');
    return uniqueName((base.isEmpty() ? n.getOpType().toLowerCase(java.util.Locale.ROOT)
        + layers.size() : base) + suffix);
  }

  private String uniqueName(String base) {
    String name = base;
    for (int i = 2; !names.add(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  private void param(String layer, String local, TensorShape shape, double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    parameters.put(layer + "." + local, new Tensor(shape, f));
  }

  /** A constant holding {@code length} values ([length], [1, length] or a scalar broadcast). */
  private static double[] vector(Constant c, int length, String what) {
    if (c.values().length == length) {
      return c.values();
    }
    if (c.values().length == 1) {
      double[] v = new double[length];
      Arrays.fill(v, c.values()[0]);
      return v;
    }
    throw new IllegalArgumentException(what + " of shape " + Arrays.toString(c.dims())
        + "; expected " + length + " values");
  }

  private static double scalar(Constant c, String what) {
    if (c.values().length != 1) {
      throw new IllegalArgumentException(what + " of shape " + Arrays.toString(c.dims())
          + "; expected a scalar");
    }
    return c.values()[0];
  }

  private static void scale(double[] v, double factor) {
    if (factor != 1) {
      for (int i = 0; i < v.length; i++) {
        v[i] *= factor;
      }
    }
  }

  /** The graph output as a layer output, flattened to [K] and unscaled. */
  private Activation output(String name) {
    Value v = values.get(name);
    String from = nodeOf.getOrDefault(name, "the graph output '" + name + "': ");
    if (v instanceof Padded p) {
      try {
        v = zeroPad(name, p);
      } catch (IllegalArgumentException e) {
        throw new OnnxImportException(from + "as the graph output it " + e.getMessage(), e);
      }
    }
    if (!(v instanceof Activation a) || a.layer().equals(Architecture.INPUT)) {
      throw new OnnxImportException(from + "the graph output '" + name + "' is then computed by "
          + "no layer: nothing is left to convert");
    }
    if (a.shape().rank() != 1) {
      if (a.shape().size() > Integer.MAX_VALUE) {
        throw new OnnxImportException(from + "as the graph output " + a.shape() + " it would be "
            + "flattened to " + a.shape().size() + " scores; expected at most " + Integer.MAX_VALUE);
      }
      notices.add("the output " + a.shape() + " is flattened to " + a.shape().size() + " scores");
      a = add(new Layer.Flatten(uniqueName(a.layer() + ".flatten"), List.of(a.layer())), a.scale());
    }
    return unscaled(a.layer(), a);
  }

  /** The layers the output depends on, in order (a branch nothing reads is dropped). */
  private List<Layer> reachable(String output) {
    Set<String> needed = new HashSet<>(Set.of(output));
    for (int i = layers.size() - 1; i >= 0; i--) {
      if (needed.contains(layers.get(i).name())) {
        needed.addAll(layers.get(i).inputs());
      }
    }
    parameters.keySet().removeIf(k -> !needed.contains(k.substring(0, k.lastIndexOf('.'))));
    return layers.stream().filter(l -> needed.contains(l.name())).toList();
  }
}
