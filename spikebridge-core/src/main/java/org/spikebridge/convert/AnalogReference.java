package org.spikebridge.convert;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.TensorShape;

/**
 * The analog forward pass of a {@link Network} in inference mode, in plain loops and double
 * precision: the independent reference against which folding, conversion and simulation engines
 * are tested, and the pass that calibrates the data-based conversions. It is written to be
 * obviously correct; only the convolution, where the time goes, is laid out for vector registers,
 * and it sums each output in the textbook loop's order.
 *
 * <p>Each layer computes:
 * <ul>
 *   <li>Conv2d: zero-padded cross-correlation, as PyTorch's {@code conv2d} (rectangular kernels,
 *       two strides and four pads as ONNX's Conv), each output summed in the textbook order
 *       ({@link AnalogConvolution});</li>
 *   <li>BatchNorm2d: (x − running_mean)/sqrt(running_var + eps)·weight + bias per channel
 *       (dimension 0), the running statistics of inference mode;</li>
 *   <li>Linear: W·x + b;</li>
 *   <li>AvgPool2d: the window mean with padded zeros counted (PyTorch's default
 *       {@code count_include_pad=True}, divisor k·k); MaxPool2d: the window maximum, padding
 *       never chosen (in a spiking network, the limit of the rate that spiking max pooling passes
 *       on: the ANN's max pooling of the rates);</li>
 *   <li>Flatten, Dropout: the identity; ReLU: max(x, 0) (Eq. 1);</li>
 *   <li>RateNorm: clip(x/θ, 0, 1) with θ = sigmoid(p_logit)·running_max + ε (Eq. 6, as the
 *       authors' code computes it: {@link Layer.RateNorm#threshold}), quantized when the layer has
 *       levels;</li>
 *   <li>IntegrateAndFire: its firing-rate limit clip(x/θ, 0, 1) (Lemma 1, Eq. 4), with one
 *       threshold per layer or per channel, quantized when the layer has levels;</li>
 *   <li>Add: the element-wise sum; Affine: weight[c]·x + bias[c] per channel (dimension 0).</li>
 * </ul>
 */
public final class AnalogReference {
  private AnalogReference() {}

  /**
   * The output of every layer, by layer name in the architecture's order, for {@code n} images.
   *
   * @param network the network to run
   * @param images {@code n} inputs, image after image, each flattened in the input shape's
   *     row-major order (C, H, W)
   * @param n number of images
   * @return for each layer, its {@code n} outputs image after image, each flattened row-major
   */
  public static Map<String, float[]> forward(Network network, float[] images, int n) {
    Architecture arch = network.architecture();
    Map<String, TensorShape> shapes = arch.outputShapes();
    int inSize = Math.toIntExact(arch.inputShape().size());
    if (n < 0 || images.length != (long) n * inSize) {
      throw new IllegalArgumentException("network " + arch.name() + ": expected " + n + " images of "
          + arch.inputShape() + " = " + ((long) n * inSize) + " values, found " + images.length);
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Layer l : arch.layers()) {
      out.put(l.name(), new float[Math.toIntExact(n * shapes.get(l.name()).size())]);
    }
    Map<String, AnalogConvolution> convolutions = convolutions(network, shapes);
    for (int i = 0; i < n; i++) {
      Map<String, double[]> values = new HashMap<>();
      double[] x = new double[inSize];
      for (int k = 0; k < inSize; k++) {
        x[k] = images[i * inSize + k];
      }
      values.put(Architecture.INPUT, x);
      for (Layer l : arch.layers()) {
        List<double[]> in = l.inputs().stream().map(values::get).toList();
        List<TensorShape> inShapes = l.inputs().stream().map(shapes::get).toList();
        double[] y = l instanceof Layer.Conv2d ? convolutions.get(l.name()).apply(in.get(0))
            : layer(network, l, in, inShapes, shapes.get(l.name()));
        values.put(l.name(), y);
        float[] dst = out.get(l.name());
        for (int k = 0; k < y.length; k++) {
          dst[i * y.length + k] = (float) y[k];
        }
      }
    }
    return out;
  }

  /** The network's convolutions by layer name, their weights laid out once for all images. */
  private static Map<String, AnalogConvolution> convolutions(Network network,
      Map<String, TensorShape> shapes) {
    Map<String, AnalogConvolution> convolutions = new HashMap<>();
    for (Layer l : network.architecture().layers()) {
      if (l instanceof Layer.Conv2d c) {
        float[] b = c.bias() ? network.parameter(c.name() + ".bias").data() : null;
        convolutions.put(c.name(), new AnalogConvolution(c, shapes.get(c.inputs().get(0)),
            shapes.get(c.name()), network.parameter(c.name() + ".weight").data(), b));
      }
    }
    return convolutions;
  }

  /** The output of the last layer (the logits) for {@code n} images, image after image. */
  public static float[] logits(Network network, float[] images, int n) {
    List<Layer> layers = network.architecture().layers();
    return forward(network, images, n).get(layers.get(layers.size() - 1).name());
  }

  private static double[] layer(Network net, Layer l, List<double[]> in, List<TensorShape> inShapes,
      TensorShape outShape) {
    if (l instanceof Layer.BatchNorm2d b) {
      return batchNorm(net, b, in.get(0));
    } else if (l instanceof Layer.Linear f) {
      return linear(net, f, in.get(0));
    } else if (l instanceof Layer.Flatten || l instanceof Layer.Dropout) {
      return in.get(0).clone();
    } else if (l instanceof Layer.AvgPool2d p) {
      return pool(in.get(0), inShapes.get(0), outShape, p.kernel(), p.stride(), p.padding(), false);
    } else if (l instanceof Layer.MaxPool2d p) {
      return pool(in.get(0), inShapes.get(0), outShape, p.kernel(), p.stride(), p.padding(), true);
    } else if (l instanceof Layer.Relu) {
      double[] y = in.get(0).clone();
      for (int k = 0; k < y.length; k++) {
        y[k] = Math.max(y[k], 0);
      }
      return y;
    } else if (l instanceof Layer.RateNorm r) {
      double p = net.parameter(r.name() + "." + Layer.RateNorm.P_LOGIT).data()[0];
      double runningMax = net.parameter(r.name() + "." + Layer.RateNorm.RUNNING_MAX).data()[0];
      double theta = Layer.RateNorm.threshold(p, runningMax);
      double[] y = in.get(0).clone();
      for (int k = 0; k < y.length; k++) {
        y[k] = r.rate(y[k], theta);
      }
      return y;
    } else if (l instanceof Layer.IntegrateAndFire f) {
      float[] theta = net.parameter(f.name() + ".threshold").data();
      double[] y = in.get(0).clone();
      int perChannel = y.length / theta.length;
      for (int k = 0; k < y.length; k++) {
        y[k] = f.rateLimit(y[k], theta[k / perChannel]);
      }
      return y;
    } else if (l instanceof Layer.Affine a) {
      float[] w = net.parameter(a.name() + ".weight").data();
      float[] b = net.parameter(a.name() + ".bias").data();
      double[] y = in.get(0).clone();
      int per = y.length / a.channels();
      for (int k = 0; k < y.length; k++) {
        y[k] = w[k / per] * y[k] + b[k / per];
      }
      return y;
    } else if (l instanceof Layer.Add) {
      double[] y = new double[in.get(0).length];
      for (double[] x : in) {
        for (int k = 0; k < y.length; k++) {
          y[k] += x[k];
        }
      }
      return y;
    }
    throw new IllegalArgumentException("layer '" + l.name() + "' (" + l.getClass().getSimpleName()
        + "): the analog forward pass does not know this layer type");
  }

  private static double[] batchNorm(Network net, Layer.BatchNorm2d bn, double[] x) {
    float[] gamma = net.parameter(bn.name() + ".weight").data();
    float[] beta = net.parameter(bn.name() + ".bias").data();
    float[] mean = net.parameter(bn.name() + ".running_mean").data();
    float[] var = net.parameter(bn.name() + ".running_var").data();
    int per = x.length / bn.channels();
    double[] y = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      int c = k / per;
      y[k] = (x[k] - mean[c]) / Math.sqrt(var[c] + bn.eps()) * gamma[c] + beta[c];
    }
    return y;
  }

  private static double[] linear(Network net, Layer.Linear f, double[] x) {
    float[] w = net.parameter(f.name() + ".weight").data();
    float[] b = f.bias() ? net.parameter(f.name() + ".bias").data() : null;
    double[] y = new double[f.outFeatures()];
    for (int o = 0; o < f.outFeatures(); o++) {
      double sum = b == null ? 0 : b[o];
      for (int i = 0; i < f.inFeatures(); i++) {
        sum += w[o * f.inFeatures() + i] * x[i];
      }
      y[o] = sum;
    }
    return y;
  }

  private static double[] pool(double[] x, TensorShape inShape, TensorShape outShape, int k,
      int stride, int padding, boolean max) {
    int ch = inShape.dim(0), h = inShape.dim(1), w = inShape.dim(2);
    int ho = outShape.dim(1), wo = outShape.dim(2);
    double[] y = new double[ch * ho * wo];
    for (int c = 0; c < ch; c++) {
      for (int oy = 0; oy < ho; oy++) {
        for (int ox = 0; ox < wo; ox++) {
          double acc = max ? Double.NEGATIVE_INFINITY : 0;
          for (int ky = 0; ky < k; ky++) {
            int iy = oy * stride - padding + ky;
            for (int kx = 0; kx < k; kx++) {
              int ix = ox * stride - padding + kx;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                continue; // a padded zero: adds nothing to the sum, never the maximum
              }
              double v = x[(c * h + iy) * w + ix];
              acc = max ? Math.max(acc, v) : acc + v;
            }
          }
          y[(c * ho + oy) * wo + ox] = max ? acc : acc / (k * k);
        }
      }
    }
    return y;
  }
}
