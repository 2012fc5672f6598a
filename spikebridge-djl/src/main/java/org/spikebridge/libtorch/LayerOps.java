package org.spikebridge.libtorch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import java.util.function.Function;
import org.spikebridge.network.Layer;

/**
 * The linear layers of a network description as libtorch operations on [N, …] batches, shared by
 * training and simulation: Conv2d, Linear, AvgPool2d, MaxPool2d, Flatten, Add and Affine. Results belong
 * to the manager of the first input, never to the parameters' manager.
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
      return x.getNDArrayInternal().convolution(x, param.apply("weight"),
          c.bias() ? param.apply("bias") : null, new Shape(c.stride(), c.stride()),
          new Shape(c.padding(), c.padding()), new Shape(1, 1), 1).singletonOrThrow();
    } else if (layer instanceof Layer.Linear l) {
      return x.getNDArrayInternal().linear(x, param.apply("weight"),
          l.bias() ? param.apply("bias") : null).singletonOrThrow();
    } else if (layer instanceof Layer.Flatten) {
      return x.reshape(x.getShape().get(0), -1);
    } else if (layer instanceof Layer.AvgPool2d p) {
      return Pool.avgPool2d(x, new Shape(p.kernel(), p.kernel()), new Shape(p.stride(), p.stride()),
          new Shape(p.padding(), p.padding()), false, true);
    } else if (layer instanceof Layer.MaxPool2d p) {
      return Pool.maxPool2d(x, new Shape(p.kernel(), p.kernel()), new Shape(p.stride(), p.stride()),
          new Shape(p.padding(), p.padding()), false);
    } else if (layer instanceof Layer.Add) {
      return in.stream().reduce(NDArray::add).orElseThrow();
    } else if (layer instanceof Layer.Affine a) {
      Shape channels = perChannel(a.channels(), x.getShape().dimension() - 1);
      return x.mul(param.apply("weight").reshape(channels)).add(param.apply("bias").reshape(channels));
    }
    return null;
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
