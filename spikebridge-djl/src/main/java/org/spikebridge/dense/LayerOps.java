package org.spikebridge.dense;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import java.util.function.Function;
import org.spikebridge.network.Layer;

/**
 * The linear layers of a network description as libtorch operations on [N, …] batches, shared by
 * training and simulation: Conv2d, Linear, AvgPool2d, MaxPool2d, Flatten, Add and Affine, and the
 * spiking max pooling of a simulation. Results belong to the manager of the first input, never to
 * the parameters' manager.
 */
public final class LayerOps {
  private LayerOps() {}

  /**
   * Applies {@code layer} to {@code in} if it is one of the linear layers above (MaxPool2d
   * included); returns null for any other layer. {@code param} looks up a parameter by local name.
   */
  public static NDArray applyLinear(Layer layer, List<NDArray> in, Function<String, NDArray> param) {
    NDArray x = in.get(0);
    if (layer instanceof Layer.Conv2d c) {
      boolean symmetric = c.padding() == c.padBottom() && c.padLeft() == c.padRight();
      NDArray padded = symmetric ? x
          : x.pad(new Shape(c.padLeft(), c.padRight(), c.padding(), c.padBottom()), 0);
      return padded.getNDArrayInternal().convolution(padded, param.apply("weight"),
          c.bias() ? param.apply("bias") : null, new Shape(c.stride(), c.strideWidth()),
          symmetric ? new Shape(c.padding(), c.padLeft()) : new Shape(0, 0), new Shape(1, 1), 1)
          .singletonOrThrow();
    } else if (layer instanceof Layer.Linear l) {
      return x.getNDArrayInternal().linear(x, param.apply("weight"),
          l.bias() ? param.apply("bias") : null).singletonOrThrow();
    } else if (layer instanceof Layer.Flatten) {
      return x.reshape(x.getShape().get(0), -1);
    } else if (layer instanceof Layer.AvgPool2d p) {
      return averagePool(p, x);
    } else if (layer instanceof Layer.MaxPool2d p) {
      return maxPool(p, x);
    } else if (layer instanceof Layer.Add) {
      return in.stream().reduce(NDArray::add).orElseThrow();
    } else if (layer instanceof Layer.Affine a) {
      Shape channels = perChannel(a.channels(), x.getShape().dimension() - 1);
      return x.mul(param.apply("weight").reshape(channels)).add(param.apply("bias").reshape(channels));
    }
    return null;
  }

  /**
   * Spiking max pooling by gating ({@link Layer.MaxPool2d} defines it): each window of each channel
   * passes on the step-t spike of its neuron with the most spikes over steps 1..t, the first in
   * row-major order among equals, never a padding position.
   *
   * <p>With S = H·W and q = y·W + x, the key count·S + (S − 1 − q) orders the neurons of a channel
   * by count, then by row-major position, and no two of them share it. max_pool2d of 2·key + spike
   * is then 2·key + spike of the window's winner (its padding is −∞), and subtracting
   * 2·max_pool2d(key) leaves the winner's spike. In float64 this is exact while 2·(t + 1)·S &lt; 2⁵³.
   *
   * @param p the max pool
   * @param spikes the spikes (0/1) at step t of the layer it reads, [N, C, H, W]
   * @param counts their counts over steps 1..t (step t included), [N, C, H, W]
   * @return the spikes (0/1, float32) it passes on at step t, [N, C, H', W']
   */
  public static NDArray spikingMaxPool(Layer.MaxPool2d p, NDArray spikes, NDArray counts) {
    long height = spikes.getShape().get(2);
    long width = spikes.getShape().get(3);
    int size = Math.toIntExact(height * width);
    NDArray earlier = spikes.getManager().arange(0, size, 1, DataType.FLOAT64).neg().add(size - 1)
        .reshape(1, 1, height, width);
    NDArray key = counts.toType(DataType.FLOAT64, false).mul(size).add(earlier);
    NDArray keyAndSpike = key.mul(2).add(spikes.toType(DataType.FLOAT64, false));
    return maxPool(p, keyAndSpike).sub(maxPool(p, key).mul(2)).toType(DataType.FLOAT32, false);
  }

  /**
   * Average pooling counting the padded zeros. libtorch pads at most half the kernel; a wider pad
   * (an ONNX Pad node becomes a 1×1 pooling with its padding) is applied as zeros first.
   */
  private static NDArray averagePool(Layer.AvgPool2d p, NDArray x) {
    int pad = p.padding();
    boolean wide = pad > p.kernel() / 2;
    NDArray padded = wide ? x.pad(new Shape(pad, pad, pad, pad), 0) : x;
    return Pool.avgPool2d(padded, new Shape(p.kernel(), p.kernel()),
        new Shape(p.stride(), p.stride()), wide ? new Shape(0, 0) : new Shape(pad, pad), false, true);
  }

  private static NDArray maxPool(Layer.MaxPool2d p, NDArray x) {
    return Pool.maxPool2d(x, new Shape(p.kernel(), p.kernel()), new Shape(p.stride(), p.stride()),
        new Shape(p.padding(), p.padding()), false);
  }

  /**
   * The shape that makes {@code channels} per-channel values broadcast against one sample of
   * {@code rank} dimensions (channels first): [C] for rank 1, [C, 1, 1] for rank 3.
   */
  public static Shape perChannel(int channels, int rank) {
    long[] dims = new long[rank];
    dims[0] = channels;
    for (int i = 1; i < rank; i++) {
      dims[i] = 1;
    }
    return new Shape(dims);
  }
}
