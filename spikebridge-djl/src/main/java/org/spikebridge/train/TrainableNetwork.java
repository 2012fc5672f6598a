package org.spikebridge.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.spikebridge.dense.LayerOps;
import org.spikebridge.dense.MallocTuning;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * A network description brought to life on DJL/libtorch: one NDArray per parameter and buffer,
 * named as in the description, and a forward pass that interprets the layer graph. Weights, biases
 * and BatchNorm scales train; running statistics, running maxima and p′ are buffers unless a stage
 * unfreezes them.
 */
public final class TrainableNetwork implements AutoCloseable {
  private final Architecture architecture;
  private final NDManager manager;
  private final Map<String, NDArray> parameters;
  private final ThresholdScaling scaling;

  private TrainableNetwork(Architecture architecture, NDManager manager, Map<String, NDArray> parameters,
      ThresholdScaling scaling) {
    MallocTuning.apply();
    this.architecture = architecture;
    this.manager = manager;
    this.parameters = parameters;
    this.scaling = scaling;
    for (var e : parameters.entrySet()) {
      e.getValue().setRequiresGradient(isWeight(e.getKey()));
    }
  }

  /**
   * A fresh network initialized as the authors' code does, drawn from {@code seed}: Conv and Linear
   * weights normal with standard deviation √(2 / fan_out) (He et al., {@code kaiming_normal_} with
   * mode fan_out), biases 0; BatchNorm scale 1, shift 0, mean 0, variance 1; Rate Norm running_max 1
   * and p′ = 10 (Algorithm 1), p′ = {@link RateNormLayer#QUANTIZED_P_LOGIT} for a quantized layer.
   */
  public static TrainableNetwork initialize(Architecture architecture, long seed, NDManager parent) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Tensor> values = new LinkedHashMap<>();
    Map<String, TensorShape> shapes = architecture.parameterShapes();
    for (var e : shapes.entrySet()) {
      values.put(e.getKey(), initialValue(e.getKey(), e.getValue(), shapes, random));
    }
    for (Layer layer : architecture.layers()) {
      if (layer instanceof Layer.RateNorm r && r.levels() > 0) {
        values.put(r.name() + "." + Layer.RateNorm.P_LOGIT,
            Tensor.filled(TensorShape.of(1), RateNormLayer.QUANTIZED_P_LOGIT));
      }
    }
    return fromTensors(architecture, values, parent, ThresholdScaling.RATE);
  }

  /** The given network's values, copied onto a new manager below {@code parent}. */
  public static TrainableNetwork of(Network network, NDManager parent) {
    return fromTensors(network.architecture(), network.parameters(), parent, ThresholdScaling.RATE);
  }

  /**
   * The given network's values with the Rate Norm Layers' threshold scales shared or not. Shared,
   * every Rate Norm Layer reads one p′ array (whose gradient is then the sum over the layers); the
   * saved p′ values must then be equal.
   */
  public static TrainableNetwork of(Network network, NDManager parent, ScaleSharing sharing) {
    return of(network, parent, sharing, ThresholdScaling.RATE);
  }

  /**
   * As {@link #of(Network, NDManager, ScaleSharing)}, with the Rate Norm Layers passing on what
   * {@code scaling} says; {@link ThresholdScaling#CLIP_ONLY} is refused, naming the layers, where
   * p cannot be folded into the readers when the network is saved.
   */
  public static TrainableNetwork of(Network network, NDManager parent, ScaleSharing sharing,
      ThresholdScaling scaling) {
    if (scaling == ThresholdScaling.CLIP_ONLY) {
      ClipOnlyScale.check(network.architecture());
    }
    TrainableNetwork trainable = fromTensors(network.architecture(), network.parameters(), parent, scaling);
    if (sharing == ScaleSharing.SHARED) {
      String first = null;
      for (String name : trainable.parameters.keySet()) {
        if (!name.endsWith("." + Layer.RateNorm.P_LOGIT)) {
          continue;
        }
        if (first == null) {
          first = name;
        } else {
          float mine = network.parameter(name).data()[0];
          float shared = network.parameter(first).data()[0];
          if (mine != shared) {
            trainable.close();
            throw new IllegalArgumentException("cannot share one threshold scale: " + name + " = "
                + mine + " differs from " + first + " = " + shared + " (tune them per layer: "
                + "--per-layer-scale)");
          }
          trainable.parameters.put(name, trainable.parameters.get(first));
        }
      }
    }
    return trainable;
  }

  /** The distinct threshold-scale arrays p′ by the name of the first layer that reads each. */
  public Map<String, NDArray> thresholdScales() {
    Map<String, NDArray> scales = new LinkedHashMap<>();
    Set<NDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    parameters.forEach((name, array) -> {
      if (name.endsWith("." + Layer.RateNorm.P_LOGIT) && seen.add(array)) {
        scales.put(name, array);
      }
    });
    return scales;
  }

  private static TrainableNetwork fromTensors(Architecture architecture, Map<String, Tensor> values,
      NDManager parent, ThresholdScaling scaling) {
    NDManager manager = parent.newSubManager();
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    values.forEach((name, t) -> arrays.put(name, manager.create(t.data(), new Shape(toLongs(t.shape())))));
    return new TrainableNetwork(architecture, manager, arrays, scaling);
  }

  /** The architecture this network runs. */
  public Architecture architecture() {
    return architecture;
  }

  /** Every parameter and buffer by full name, in the description's order (live arrays). */
  public Map<String, NDArray> parameters() {
    return parameters;
  }

  /** The parameters that gradient descent updates in stage 1: weights, biases and BN scales. */
  public Map<String, NDArray> trainableParameters() {
    Map<String, NDArray> trainable = new LinkedHashMap<>();
    parameters.forEach((k, v) -> {
      if (isWeight(k)) {
        trainable.put(k, v);
      }
    });
    return trainable;
  }

  /** The manager that owns the parameter arrays. */
  public NDManager manager() {
    return manager;
  }

  /**
   * How a forward pass treats statistics and dropout.
   *
   * <ul>
   *   <li>{@link #TRAIN} (stage 1): BatchNorm uses and updates batch statistics, dropout drops,
   *       Rate Norm Layers update their running maxima.
   *   <li>{@link #TUNE_SCALE} (stage 2, training the threshold scale p′ only): BatchNorm uses its
   *       running statistics without updating them, dropout is off, running maxima stay locked;
   *       the gradient reaches whatever requires it (see {@link #trainThresholdScalesOnly()}).
   *   <li>{@link #EVAL}: inference; nothing is updated.
   * </ul>
   *
   * <p>TUNE_SCALE and EVAL compute the same values; they differ in intent only, so that a stage
   * that trains p′ says so and cannot update a statistic by accident.
   */
  public enum Mode {
    /** Stage 1: statistics follow the batches. */
    TRAIN,
    /** Stage 2: statistics locked, gradient to p′. */
    TUNE_SCALE,
    /** Inference. */
    EVAL;

    /** Whether BatchNorm, dropout and running maxima behave as in training. */
    boolean updatesStatistics() {
      return this == TRAIN;
    }
  }

  /**
   * The result of a forward pass.
   *
   * @param logits the output layer's values, [N, classes]
   * @param rates the rates r̂_l of the Rate Norm Layers in the order of the layer graph (empty
   *     for a ReLU network); r̂_l also under {@link ThresholdScaling#CLIP_ONLY}, where the layers
   *     pass on p_l·r̂_l
   */
  public record ForwardPass(NDArray logits, List<NDArray> rates) {
    /** Copies the list. */
    public ForwardPass {
      rates = List.copyOf(rates);
    }
  }

  /**
   * The logits for a batch {@code x} of shape [N, C, H, W]: {@code forward(x, Mode.TRAIN)} when
   * {@code training}, else {@code forward(x, Mode.EVAL)}.
   */
  public NDArray forward(NDArray x, boolean training) {
    return forward(x, training ? Mode.TRAIN : Mode.EVAL).logits();
  }

  /** A forward pass of the batch {@code x} of shape [N, C, H, W] in the given {@link Mode}. */
  public ForwardPass forward(NDArray x, Mode mode) {
    return forward(x, mode, parameters);
  }

  /**
   * This network's values on another device, for {@link DataParallel}: the arrays that require a
   * gradient are moved there (the gradient flows back through the move), every other array is
   * copied, so that statistics updated by a {@link Mode#TRAIN} pass change the copies and not this
   * network. Run them with {@link #forward(NDArray, Mode, Map)}.
   */
  Map<String, NDArray> replicate(Device device) {
    Map<String, NDArray> replica = new HashMap<>();
    parameters.forEach((name, array) -> replica.put(name, array.hasGradient() ? array.toDevice(device, false)
        : copyOn(array, device)));
    return replica;
  }

  /** A copy of {@code array} on {@code device} (DJL's toDevice shares the storage on the same device). */
  private static NDArray copyOn(NDArray array, Device device) {
    return array.getDevice().equals(device) ? array.duplicate() : array.toDevice(device, false);
  }

  /** A forward pass of the batch {@code x} with the given values of the parameters and buffers. */
  ForwardPass forward(NDArray x, Mode mode, Map<String, NDArray> values) {
    Map<String, NDArray> outputs = new HashMap<>();
    outputs.put(Architecture.INPUT, x);
    List<NDArray> rates = new ArrayList<>();
    NDArray out = x;
    for (Layer layer : architecture.layers()) {
      List<NDArray> in = layer.inputs().stream().map(outputs::get).toList();
      out = apply(layer, in, mode.updatesStatistics(), values);
      if (layer instanceof Layer.RateNorm) {
        rates.add(out);
        if (scaling == ThresholdScaling.CLIP_ONLY) {
          out = out.mul(Activation.sigmoid(values.get(layer.name() + "." + Layer.RateNorm.P_LOGIT)));
        }
      }
      outputs.put(layer.name(), out);
    }
    return new ForwardPass(out, rates);
  }

  /**
   * Makes the threshold scales p′ the only arrays that collect a gradient (stage 2): weights,
   * biases and BatchNorm scales stop requiring one. Returns the distinct p′ arrays by name, as
   * {@link #thresholdScales()}; throws if the network has no Rate Norm Layer.
   */
  public Map<String, NDArray> trainThresholdScalesOnly() {
    Map<String, NDArray> scales = thresholdScales();
    if (scales.isEmpty()) {
      throw new IllegalArgumentException("network '" + architecture.name() + "' has no Rate Norm "
          + "Layer: there is no threshold scale to tune (train it with --activation rnl)");
    }
    Set<NDArray> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    distinct.addAll(scales.values());
    parameters.forEach((name, array) -> {
      if (!distinct.contains(array)) {
        array.setRequiresGradient(false);
      }
    });
    distinct.forEach(a -> a.setRequiresGradient(true));
    return scales;
  }

  /** Makes every array of this network stop requiring a gradient (a frozen reference copy). */
  public void freeze() {
    parameters.values().forEach(a -> a.setRequiresGradient(false));
  }

  private static NDArray apply(Layer layer, List<NDArray> in, boolean training,
      Map<String, NDArray> values) {
    Function<String, NDArray> param = local -> values.get(layer.name() + "." + local);
    NDArray linear = LayerOps.applyLinear(layer, in, param);
    if (linear != null) {
      return linear;
    }
    NDArray x = in.get(0);
    if (layer instanceof Layer.BatchNorm2d b) {
      return x.getNDArrayInternal().batchNorm(x, param.apply("running_mean"),
          param.apply("running_var"), param.apply("weight"), param.apply("bias"), -1, (float) (1 - b.momentum()), (float) b.eps(),
          training).singletonOrThrow();
    } else if (layer instanceof Layer.Dropout d) {
      return x.getNDArrayInternal().dropout(x, (float) d.rate(), training).singletonOrThrow();
    } else if (layer instanceof Layer.Relu) {
      return Activation.relu(x);
    } else if (layer instanceof Layer.RateNorm r) {
      if (training) {
        RateNormLayer.updateRunningMax(param.apply(Layer.RateNorm.RUNNING_MAX), x, r.momentum());
      }
      return RateNormLayer.rate(x, param.apply(Layer.RateNorm.P_LOGIT), param.apply(Layer.RateNorm.RUNNING_MAX),
          r.levels());
    }
    throw new IllegalArgumentException("layer '" + layer.name() + "' ("
        + layer.getClass().getSimpleName() + ") cannot be trained with gradient descent here: "
        + "train the ANN and convert it");
  }

  /**
   * A snapshot of the current values as a plain-Java {@link Network}: an Eq. 6 network that
   * computes what this one does (under {@link ThresholdScaling#CLIP_ONLY}, p folded into the
   * readers' weights by {@link ClipOnlyScale}).
   */
  public Network toNetwork(Provenance provenance) {
    Map<String, Tensor> values = new LinkedHashMap<>();
    Map<String, TensorShape> shapes = architecture.parameterShapes();
    parameters.forEach((k, v) -> values.put(k, new Tensor(shapes.get(k), v.toFloatArray())));
    Network network = new Network(architecture, values, provenance);
    return scaling == ThresholdScaling.CLIP_ONLY ? ClipOnlyScale.fold(network) : network;
  }

  /** Overwrites every parameter with the value of the same name in {@code values}. */
  public void load(Map<String, Tensor> values) {
    parameters.forEach((k, v) -> v.set(values.get(k).data()));
  }

  @Override
  public void close() {
    manager.close();
  }

  /** Weights and biases of Conv/Linear and BatchNorm scale/shift: what stage 1 trains. */
  static boolean isWeight(String fullName) {
    return fullName.endsWith(".weight") || fullName.endsWith(".bias");
  }

  private static Tensor initialValue(String name, TensorShape shape, Map<String, TensorShape> all,
      SplittableRandom random) {
    String local = name.substring(name.lastIndexOf('.') + 1);
    String layer = name.substring(0, name.lastIndexOf('.'));
    TensorShape weight = all.get(layer + ".weight");
    boolean affine = weight != null && weight.rank() >= 2;
    return switch (local) {
      case "weight" -> {
        if (!affine) {
          yield Tensor.filled(shape, 1f);
        }
        long fanOut = weight.size() / weight.dim(1);
        yield normal(shape, Math.sqrt(2.0 / fanOut), random);
      }
      case "running_var" -> Tensor.filled(shape, 1f);
      case Layer.RateNorm.RUNNING_MAX -> Tensor.filled(shape, RateNormLayer.INITIAL_RUNNING_MAX);
      case Layer.RateNorm.P_LOGIT -> Tensor.filled(shape, RateNormLayer.INITIAL_P_LOGIT);
      default -> Tensor.filled(shape, 0f);
    };
  }

  private static Tensor normal(TensorShape shape, double std, SplittableRandom random) {
    float[] data = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (random.nextGaussian() * std);
    }
    return new Tensor(shape, data);
  }

  private static long[] toLongs(TensorShape shape) {
    long[] dims = new long[shape.rank()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.dim(i);
    }
    return dims;
  }
}
