package org.spikebridge.convert;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.spikebridge.network.Layer;
import org.spikebridge.network.TensorShape;

/**
 * {@link AnalogReference}'s convolution in double precision: each output starts at its bias and
 * adds w·x over (input channel, kernel row, kernel column) in that order, exactly as the textbook
 * loop nest does, so each output is the same double (a padded position adds w·0, which leaves any
 * sum as it is but a zero's sign).
 *
 * <p>Only the memory layout differs from the textbook nest, so that the machine's vector registers
 * do the work: the output is computed channels-last, a register holding neighbouring output
 * channels, and four neighbouring output columns at a time share each weight load. Each image is
 * copied zero-padded, and the weights are transposed once, so that a register's channels are read
 * tap after tap; widths and channel counts are rounded up to whole blocks, and what that adds is
 * dropped when the output goes back to [C_out, H, W].
 */
final class AnalogConvolution {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  /** Output columns computed together. */
  private static final int COLUMNS = 4;

  private final Layer.Conv2d conv;
  private final int inChannels, height, width, outHeight, outWidth;
  /** Output channels and columns rounded up to whole vectors and column blocks. */
  private final int channels, columns;
  /** The zero-padded input's height and width. */
  private final int paddedHeight, paddedWidth;
  /** The weights as {@link #transposed} lays them out and the bias as [channels]. */
  private final double[] weight, bias;
  /** {@link #taps()}. */
  private final int[] taps;

  /** The layer {@code conv} from {@code in} to {@code out}, with its weights and bias (or null). */
  AnalogConvolution(Layer.Conv2d conv, TensorShape in, TensorShape out, float[] weight,
      float[] bias) {
    this.conv = conv;
    inChannels = conv.inChannels();
    height = in.dim(1);
    width = in.dim(2);
    outHeight = out.dim(1);
    outWidth = out.dim(2);
    channels = roundUp(conv.outChannels(), SPECIES.length());
    columns = roundUp(outWidth, COLUMNS);
    paddedHeight = (outHeight - 1) * conv.stride() + conv.kernel();
    paddedWidth = (columns - 1) * conv.strideWidth() + conv.kernelWidth();
    this.weight = transposed(weight);
    taps = taps();
    this.bias = new double[channels];
    for (int o = 0; o < conv.outChannels() && bias != null; o++) {
      this.bias[o] = bias[o];
    }
  }

  /** The layer's output [C_out, H, W] for input {@code x} [C_in, H, W]. */
  double[] apply(double[] x) {
    double[] padded = padded(x);
    double[] out = new double[outHeight * columns * channels];
    for (int o = 0; o < channels; o += SPECIES.length()) {
      for (int oy = 0; oy < outHeight; oy++) {
        for (int ox = 0; ox < columns; ox += COLUMNS) {
          block(padded, out, oy, ox, o);
        }
      }
    }
    return channelsFirst(out);
  }

  /** Output channels o … o + lanes − 1 of output columns ox … ox + 3 in row oy. */
  private void block(double[] padded, double[] out, int oy, int ox, int o) {
    int sx = conv.strideWidth();
    int origin = oy * conv.stride() * paddedWidth + ox * sx;
    DoubleVector start = DoubleVector.fromArray(SPECIES, bias, o);
    DoubleVector a0 = start, a1 = start, a2 = start, a3 = start;
    for (int tap = 0; tap < taps.length; tap++) { // one loop, so that the vectors stay in registers
      DoubleVector wv = DoubleVector.fromArray(SPECIES, weight, o * taps.length + tap * SPECIES.length());
      int at = origin + taps[tap];
      a0 = a0.add(wv.mul(padded[at]));
      a1 = a1.add(wv.mul(padded[at + sx]));
      a2 = a2.add(wv.mul(padded[at + 2 * sx]));
      a3 = a3.add(wv.mul(padded[at + 3 * sx]));
    }
    int at = (oy * columns + ox) * channels + o;
    a0.intoArray(out, at);
    a1.intoArray(out, at + channels);
    a2.intoArray(out, at + 2 * channels);
    a3.intoArray(out, at + 3 * channels);
  }

  /** Where each tap (input channel, kernel row, kernel column), in that order, reads the padded input. */
  private int[] taps() {
    int[] offsets = new int[inChannels * conv.kernel() * conv.kernelWidth()];
    int tap = 0;
    for (int ci = 0; ci < inChannels; ci++) {
      for (int ky = 0; ky < conv.kernel(); ky++) {
        for (int kx = 0; kx < conv.kernelWidth(); kx++) {
          offsets[tap++] = (ci * paddedHeight + ky) * paddedWidth + kx;
        }
      }
    }
    return offsets;
  }

  /** x copied into [C_in, paddedHeight, paddedWidth] at the top and left pads, zeros around. */
  private double[] padded(double[] x) {
    double[] p = new double[inChannels * paddedHeight * paddedWidth];
    // the image's rows and columns that some output reads (pads wider than the kernel read none)
    int rows = Math.max(0, Math.min(height, paddedHeight - conv.padding()));
    int cols = Math.max(0, Math.min(width, paddedWidth - conv.padLeft()));
    for (int ci = 0; ci < inChannels; ci++) {
      for (int iy = 0; iy < rows; iy++) {
        System.arraycopy(x, (ci * height + iy) * width,
            p, (ci * paddedHeight + iy + conv.padding()) * paddedWidth + conv.padLeft(), cols);
      }
    }
    return p;
  }

  /**
   * The weights [C_out, C_in, k_h, k_w] as [channels / lanes, C_in·k_h·k_w, lanes]: a register's
   * output channels tap after tap, contiguous; zeros past C_out.
   */
  private double[] transposed(float[] w) {
    int taps = inChannels * conv.kernel() * conv.kernelWidth();
    int lanes = SPECIES.length();
    double[] t = new double[taps * channels];
    for (int o = 0; o < conv.outChannels(); o++) {
      for (int tap = 0; tap < taps; tap++) {
        t[(o - o % lanes) * taps + tap * lanes + o % lanes] = w[o * taps + tap];
      }
    }
    return t;
  }

  /** The channels-last blocks back as [C_out, H, W], padding dropped. */
  private double[] channelsFirst(double[] out) {
    double[] y = new double[conv.outChannels() * outHeight * outWidth];
    for (int o = 0; o < conv.outChannels(); o++) {
      for (int oy = 0; oy < outHeight; oy++) {
        for (int ox = 0; ox < outWidth; ox++) {
          y[(o * outHeight + oy) * outWidth + ox] = out[(oy * columns + ox) * channels + o];
        }
      }
    }
    return y;
  }

  private static int roundUp(int n, int multiple) {
    return (n + multiple - 1) / multiple * multiple;
  }
}
