package org.spikebridge.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a network description: an immutable record naming its inputs, able to infer its
 * output shape and to say which parameters it owns. Shapes exclude the batch dimension.
 *
 * <p>Parameter names follow PyTorch's ({@code weight}, {@code bias}, {@code running_mean}, …) so
 * that weights can be exchanged with it; the full name in a network is {@code layer.parameter}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Layer.Conv2d.class, name = "Conv2d"),
  @JsonSubTypes.Type(value = Layer.BatchNorm2d.class, name = "BatchNorm2d"),
  @JsonSubTypes.Type(value = Layer.Linear.class, name = "Linear"),
  @JsonSubTypes.Type(value = Layer.Flatten.class, name = "Flatten"),
  @JsonSubTypes.Type(value = Layer.AvgPool2d.class, name = "AvgPool2d"),
  @JsonSubTypes.Type(value = Layer.MaxPool2d.class, name = "MaxPool2d"),
  @JsonSubTypes.Type(value = Layer.Dropout.class, name = "Dropout"),
  @JsonSubTypes.Type(value = Layer.Relu.class, name = "ReLU"),
  @JsonSubTypes.Type(value = Layer.RateNorm.class, name = "RateNorm"),
  @JsonSubTypes.Type(value = Layer.IntegrateAndFire.class, name = "IntegrateAndFire"),
  @JsonSubTypes.Type(value = Layer.Add.class, name = "Add"),
  @JsonSubTypes.Type(value = Layer.Affine.class, name = "Affine")
})
public sealed interface Layer {

  /** The name that addresses this node as an input, in the name of its parameters, and in errors. */
  String name();

  /** The nodes that feed this one, by name; {@link Architecture#INPUT} is the network's input. */
  List<String> inputs();

  /** The shape this node produces from its inputs' shapes; a {@link ShapeException} if it cannot. */
  TensorShape outputShape(List<TensorShape> in);

  /** The parameters and buffers this node owns, by local name, given its inputs' shapes. */
  default Map<String, TensorShape> parameterShapes(List<TensorShape> in) {
    return Map.of();
  }

  /**
   * A rate r clipped to [0, 1] (Eq. 6) or, with {@code levels} L &gt; 0, quantized to L levels with
   * a half-step shift first: clip(floor(L·r + 1/2) / L, 0, 1) (clip-floor-shift, Bu et al. 2022).
   */
  static double quantizedRate(double r, int levels) {
    return Math.min(Math.max(levels == 0 ? r : Math.floor(levels * r + 0.5) / levels, 0), 1);
  }

  /**
   * 2-D convolution (cross-correlation, as PyTorch's {@code conv2d}): weight [out, in, k_h, k_w],
   * optional bias [out]. {@code kernel}, {@code stride} and {@code padding} give a square kernel,
   * one stride and the same zero padding on every side; a {@link Rectangle} widens that to a
   * kernel of other width, another stride across and four pads (as ONNX allows), and is null for
   * the square case (which is how files write it).
   */
  record Conv2d(String name, List<String> inputs, int inChannels, int outChannels, int kernel,
      int stride, int padding, boolean bias,
      @JsonInclude(JsonInclude.Include.NON_NULL) Rectangle rectangle) implements Layer {

    /**
     * What a non-square window adds: the kernel's width, the stride across, and the left, bottom
     * and right pads ({@code kernel}, {@code stride} and {@code padding} of the layer being the
     * kernel's height, the stride down and the top pad).
     */
    public record Rectangle(int kernelWidth, int strideWidth, int padLeft, int padBottom,
        int padRight) {}

    /** Keeps {@code rectangle} null when it describes the square window itself. */
    public Conv2d {
      if (rectangle != null && rectangle.equals(new Rectangle(kernel, stride, padding, padding,
          padding))) {
        rectangle = null;
      }
    }

    /** A square kernel, one stride and the same padding on every side. */
    public Conv2d(String name, List<String> inputs, int inChannels, int outChannels, int kernel,
        int stride, int padding, boolean bias) {
      this(name, inputs, inChannels, outChannels, kernel, stride, padding, bias, null);
    }

    /** The same layer with other inputs and bias flag, window unchanged. */
    public Conv2d with(List<String> newInputs, boolean withBias) {
      return new Conv2d(name, newInputs, inChannels, outChannels, kernel, stride, padding, withBias,
          rectangle);
    }

    /** Kernel columns. */
    public int kernelWidth() {
      return rectangle == null ? kernel : rectangle.kernelWidth();
    }

    /** Stride across (columns). */
    public int strideWidth() {
      return rectangle == null ? stride : rectangle.strideWidth();
    }

    /** Zero columns on the left. */
    public int padLeft() {
      return rectangle == null ? padding : rectangle.padLeft();
    }

    /** Zero rows at the bottom. */
    public int padBottom() {
      return rectangle == null ? padding : rectangle.padBottom();
    }

    /** Zero columns on the right. */
    public int padRight() {
      return rectangle == null ? padding : rectangle.padRight();
    }

    @Override
    public TensorShape outputShape(List<TensorShape> in) {
      TensorShape x = single(this, in);
      if (x.rank() != 3 || x.dim(0) != inChannels) {
        throw new ShapeException(this, "input [" + inChannels + ", H, W]", x);
      }
      int h = spatialOut(this, x.dim(1), kernel, stride, padding, padBottom());
      int w = spatialOut(this, x.dim(2), kernelWidth(), strideWidth(), padLeft(), padRight());
      return TensorShape.of(outChannels, h, w);
    }

    @Override
    public Map<String, TensorShape> parameterShapes(List<TensorShape> in) {
      Map<String, TensorShape> p = new LinkedHashMap<>();
      p.put("weight", TensorShape.of(outChannels, inChannels, kernel, kernelWidth()));
      if (bias) {
        p.put("bias", TensorShape.of(outChannels));
      }
      return p;
    }
  }

  /**
   * Batch normalization over the channel dimension (dimension 0), on [C, H, W] or [C] inputs:
   * weight, bias, running_mean, running_var, each [C]. {@code momentum} is PyTorch's (weight of the
   * new batch statistic).
   */
  record BatchNorm2d(String name, List<String> inputs, int channels, double eps, double momentum)
      implements Layer {
    @Override
    public TensorShape outputShape(List<TensorShape> in) {
      return channelwise(this, in, channels);
    }

    @Override
    public Map<String, TensorShape> parameterShapes(List<TensorShape> in) {
      return perChannel(channels, "weight", "bias", "running_mean", "running_var");
    }
  }

  /** Fully connected layer on a flat input: weight [out, in], optional bias [out]. */
  record Linear(String name, List<String> inputs, int inFeatures, int outFeatures, boolean bias)
      implements Layer {
    @Override
    public TensorShape outputShape(List<TensorShape> in) {
      TensorShape x = single(this, in);
      if (x.rank() != 1 || x.dim(0) != inFeatures) {
        throw new ShapeException(this, "input [" + inFeatures + "]", x);
      }
      return TensorShape.of(outFeatures);
    }

    @Override
    public Map<String, TensorShape> parameterShapes(List<TensorShape> in) {
      Map<String, TensorShape> p = new LinkedHashMap<>();
      p.put("weight", TensorShape.of(outFeatures, inFeatures));
      if (bias) {
        p.put("bias", TensorShape.of(outFeatures));
      }
      return p;
    }
  }

  /** Flattens [C, H, W] (or any shape) into one dimension. */
  record Flatten(String name, List<String> inputs) implements Layer {
    @Override
    public TensorShape outputShape(List<TensorShape> in) {
      return TensorShape.of(Math.toIntExact(single(this, in).size()));
    }
  }

  /** Average pooling over square windows of a [C, H, W] input. */
  record AvgPool2d(String name, List<String> inputs, int kernel, int stride, int padding)
      implements Layer {
    @Override
    public TensorShape outputShape(List<TensorShape> in) {
      return poolShape(this, single(this, in), kernel, stride, padding);
    }
  }

  /**
   * Max pooling over square windows of a [C, H, W] input (PyTorch's {@code max_pool2d}: padding
   * never chosen, floor rounding of the output size).
   *
   * <p>In a spiking network it reads an integrate-and-fire layer and is <em>spiking max
   * pooling</em> by gating (Rueckauer et al. 2017): at each time step t and for each window
   * of each channel it passes on the spike (0 or 1) at step t of one input neuron, the window's
   * <em>winner</em> at t, which is
   * <ul>
   *   <li>the neuron of the window with the most spikes over steps 1..t (step t included);</li>
   *   <li>among neurons with equally many, the first in row-major order (smallest row, then
   *       smallest column);</li>
   *   <li>never a padding position (padding is no neuron).</li>
   * </ul>
   * At t = 1 before any spike every count is 0, so the winner is the window's first real neuron
   * unless another one spikes. The output is a spike train like its input, of the same value (a
   * spike of the layer it reads), and its rate tends to the largest rate of the window as t grows:
   * the ANN's max pooling of the rates. Max pooling commutes with a positive scale per channel, so
   * the threshold scale of the layer it reads carries through it as through average pooling.
   */
  record MaxPool2d(String name, List<String> inputs, int kernel, int stride, int padding)
      implements Layer {
    @Override
    public TensorShape outputShape(List<TensorShape> in) {
      return poolShape(this, single(this, in), kernel, stride, padding);
    }
  }

  /** Dropout with the given drop probability while training; the identity otherwise. */
  record Dropout(String name, List<String> inputs, double rate) implements Layer {
    @Override
    public TensorShape outputShape(List<TensorShape> in) {
      return single(this, in);
    }
  }

  /** The rectified linear unit, max(x, 0) (Eq. 1). */
  record Relu(String name, List<String> inputs) implements Layer {
    @Override
    public TensorShape outputShape(List<TensorShape> in) {
      return single(this, in);
    }
  }

  /**
   * The Rate Norm Layer (Eq. 6): output clip(z / θ, 0, 1) with θ = sigmoid(p_logit)·running_max + ε
   * ({@link #threshold}). Buffers: running_max [1] (updated with {@code momentum}) and p_logit [1]
   * (the trainable p′).
   *
   * <p>With {@code levels} L &gt; 0 (beyond the paper) the output is quantized to L levels with a
   * half-step shift, clip(floor(L·z/θ + 1/2) / L, 0, 1): the clip-floor-shift activation of Bu et
   * al. (ICLR 2022), whose spiking twin starts each membrane at θ/2. 0 keeps Eq. 6.
   */
  record RateNorm(String name, List<String> inputs, double momentum,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) int levels) implements Layer {
    /** Local name of the running maximum of the layer's pre-activation. */
    public static final String RUNNING_MAX = "running_max";
    /** Local name of the threshold scale p′, with p = sigmoid(p′). */
    public static final String P_LOGIT = "p_logit";
    /** ε added to θ so that it is never zero (as the authors' code does). */
    public static final double THETA_EPSILON = 1e-6;

    /** Checks that {@code levels} is 0 (continuous) or positive. */
    public RateNorm {
      if (levels < 0) {
        throw new IllegalArgumentException("Rate Norm layer '" + name + "': levels must be 0 "
            + "(continuous, Eq. 6) or positive, found " + levels);
      }
    }

    /** The continuous Rate Norm Layer of Eq. 6. */
    public RateNorm(String name, List<String> inputs, double momentum) {
      this(name, inputs, momentum, 0);
    }

    /**
     * The output for a pre-activation {@code z} and threshold {@code theta}: clip(z/θ, 0, 1), or
     * with levels its quantized form.
     */
    public double rate(double z, double theta) {
      return Layer.quantizedRate(z / theta, levels);
    }

    /** The threshold scale p = sigmoid(p′) for a logit {@code pLogit} = p′. */
    public static double scale(double pLogit) {
      return 1 / (1 + Math.exp(-pLogit));
    }

    /**
     * The layer's threshold θ = sigmoid(p′)·running_max + ε (Eq. 6 as the authors' code computes
     * it, ε = {@link #THETA_EPSILON}): the one formula of conversion, the analog reference and
     * training.
     */
    public static double threshold(double pLogit, double runningMax) {
      return scale(pLogit) * runningMax + THETA_EPSILON;
    }

    @Override
    public TensorShape outputShape(List<TensorShape> in) {
      return single(this, in);
    }

    @Override
    public Map<String, TensorShape> parameterShapes(List<TensorShape> in) {
      Map<String, TensorShape> p = new LinkedHashMap<>();
      p.put(RUNNING_MAX, TensorShape.of(1));
      p.put(P_LOGIT, TensorShape.of(1));
      return p;
    }
  }

  /**
   * Integrate-and-fire neurons with reset by subtraction (Eq. 3): threshold [1] for the layer, or
   * [C] for one threshold per channel when {@code perChannel} is set. {@code levels} &gt; 0 when
   * they stand for a Rate Norm Layer quantized to that many levels: the ANN rate they approximate
   * is then the quantized one, and their membranes are meant to start at θ/2. With
   * {@code initialMembrane} set, the layer also owns {@value #INITIAL_MEMBRANE}, shaped like its
   * threshold: the membrane potential v(0) that post-conversion calibration chose for it.
   */
  record IntegrateAndFire(String name, List<String> inputs, boolean perChannel,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) int levels,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean initialMembrane) implements Layer {
    /** Local name of the threshold θ. */
    public static final String THRESHOLD = "threshold";
    /** Local name of the calibrated initial membrane potential v(0). */
    public static final String INITIAL_MEMBRANE = "initial_membrane";

    /** Checks that {@code levels} is 0 (continuous) or positive. */
    public IntegrateAndFire {
      if (levels < 0) {
        throw new IllegalArgumentException("integrate-and-fire layer '" + name + "': levels must "
            + "be 0 (continuous) or positive, found " + levels);
      }
    }

    /** Neurons standing for a continuous activation (levels 0). */
    public IntegrateAndFire(String name, List<String> inputs, boolean perChannel) {
      this(name, inputs, perChannel, 0);
    }

    /** Neurons with no calibrated initial membrane potential. */
    public IntegrateAndFire(String name, List<String> inputs, boolean perChannel, int levels) {
      this(name, inputs, perChannel, levels, false);
    }

    /** This layer reading {@code in} instead; every other field kept. */
    public IntegrateAndFire withInputs(List<String> in) {
      return new IntegrateAndFire(name, in, perChannel, levels, initialMembrane);
    }

    /** This layer owning a calibrated initial membrane potential. */
    public IntegrateAndFire withInitialMembrane() {
      return new IntegrateAndFire(name, inputs, perChannel, levels, true);
    }

    /**
     * The ANN rate the neurons approximate for an input current {@code current} and threshold
     * {@code theta}: the rate limit clip(current/θ, 0, 1) (Lemma 1), quantized with levels.
     */
    public double rateLimit(double current, double theta) {
      return Layer.quantizedRate(current / theta, levels);
    }

    @Override
    public TensorShape outputShape(List<TensorShape> in) {
      return single(this, in);
    }

    @Override
    public Map<String, TensorShape> parameterShapes(List<TensorShape> in) {
      TensorShape shape = TensorShape.of(perChannel ? single(this, in).dim(0) : 1);
      Map<String, TensorShape> p = new LinkedHashMap<>();
      p.put(THRESHOLD, shape);
      if (initialMembrane) {
        p.put(INITIAL_MEMBRANE, shape);
      }
      return p;
    }
  }

  /** Element-wise sum of two or more inputs of one shape: the join of a residual connection. */
  record Add(String name, List<String> inputs) implements Layer {
    @Override
    public TensorShape outputShape(List<TensorShape> in) {
      if (in.size() < 2) {
        throw new ShapeException(this, "two or more inputs", in.size() + " input(s)");
      }
      for (TensorShape s : in) {
        if (!s.equals(in.get(0))) {
          throw new ShapeException(this, "inputs of one shape", in);
        }
      }
      return in.get(0);
    }
  }

  /**
   * A per-channel affine map y = weight[c]·x + bias[c] over dimension 0 (a feature map of a
   * [C, H, W] input, a feature of a [F] input): weight and bias [C]. Conversion turns a BatchNorm2d
   * that cannot be folded into a Conv2d or Linear (one applied to a residual sum, say) into this
   * map, and uses it to rescale the current of one path of a join (Theorem 1 per path).
   */
  record Affine(String name, List<String> inputs, int channels) implements Layer {
    @Override
    public TensorShape outputShape(List<TensorShape> in) {
      return channelwise(this, in, channels);
    }

    @Override
    public Map<String, TensorShape> parameterShapes(List<TensorShape> in) {
      return perChannel(channels, "weight", "bias");
    }
  }

  /** The single input's shape, which must have {@code channels} in dimension 0. */
  private static TensorShape channelwise(Layer layer, List<TensorShape> in, int channels) {
    TensorShape x = single(layer, in);
    if (x.rank() == 0 || x.dim(0) != channels) {
      throw new ShapeException(layer, "input with " + channels + " channels", x);
    }
    return x;
  }

  /** Parameters {@code names}, each of shape [channels], in that order. */
  private static Map<String, TensorShape> perChannel(int channels, String... names) {
    Map<String, TensorShape> p = new LinkedHashMap<>();
    for (String name : names) {
      p.put(name, TensorShape.of(channels));
    }
    return p;
  }

  private static TensorShape single(Layer layer, List<TensorShape> in) {
    if (in.size() != 1) {
      throw new ShapeException(layer, "exactly one input", in.size() + " inputs");
    }
    return in.get(0);
  }

  private static int spatialOut(Layer layer, int size, int kernel, int stride, int padding) {
    return spatialOut(layer, size, kernel, stride, padding, padding);
  }

  /**
   * The output extent of a window sliding over an input extent {@code size}, in long arithmetic so
   * that no size overflows; the window must keep {@link NetworkLimits}' padding bounds.
   */
  private static int spatialOut(Layer layer, int size, int kernel, int stride, int before,
      int after) {
    String padding = before == after ? "padding " + before : "padding " + before + " and " + after;
    if (kernel <= 0 || stride <= 0 || before < 0 || after < 0) {
      throw new ShapeException(layer, "kernel and stride > 0 and padding >= 0", "kernel " + kernel
          + ", stride " + stride + ", " + padding);
    }
    NetworkLimits.checkPadding(layer, size, kernel, before, after);
    long padded = (long) size + before + after;
    if (padded < kernel) {
      throw new ShapeException(layer, "a spatial size of at least "
          + (kernel - before - (long) after) + " for kernel " + kernel + ", stride " + stride + ", " + padding, size);
    }
    long out = (padded - kernel) / stride + 1;
    if (out > Integer.MAX_VALUE) {
      throw new ShapeException(layer, "an output extent below 2^31", out + " for kernel " + kernel
          + ", stride " + stride + ", " + padding + " on " + size);
    }
    return (int) out;
  }

  private static TensorShape poolShape(Layer layer, TensorShape x, int kernel, int stride, int padding) {
    if (x.rank() != 3) {
      throw new ShapeException(layer, "input [C, H, W]", x);
    }
    return TensorShape.of(x.dim(0), spatialOut(layer, x.dim(1), kernel, stride, padding),
        spatialOut(layer, x.dim(2), kernel, stride, padding));
  }
}
