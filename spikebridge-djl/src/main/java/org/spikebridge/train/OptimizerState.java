package org.spikebridge.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/** Named per-parameter buffers (momenta) of an optimizer, kept on a manager of their own. */
final class OptimizerState implements AutoCloseable {
  private final NDManager manager = NDManager.newBaseManager();
  private final Map<String, NDArray> buffers = new LinkedHashMap<>();

  /** The buffer {@code name}, created as zeros shaped like {@code like} on first use. */
  NDArray buffer(String name, NDArray like) {
    return buffers.computeIfAbsent(name, k -> {
      NDArray zeros = manager.zeros(like.getShape());
      NDScope.unregister(zeros);
      return zeros;
    });
  }

  boolean has(String name) {
    return buffers.containsKey(name);
  }

  Map<String, Tensor> snapshot() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    buffers.forEach((k, v) -> out.put(k, new Tensor(TensorShape.of(toInts(v.getShape().getShape())),
        v.toFloatArray())));
    return out;
  }

  void restore(Map<String, Tensor> state, String... skip) {
    buffers.values().forEach(NDArray::close);
    buffers.clear();
    state.forEach((k, t) -> {
      if (!java.util.List.of(skip).contains(k)) {
        long[] dims = new long[t.shape().rank()];
        for (int i = 0; i < dims.length; i++) {
          dims[i] = t.shape().dim(i);
        }
        buffers.put(k, manager.create(t.data(), new ai.djl.ndarray.types.Shape(dims)));
      }
    });
  }

  @Override
  public void close() {
    manager.close();
  }

  private static int[] toInts(long[] dims) {
    int[] out = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      out[i] = Math.toIntExact(dims[i]);
    }
    return out;
  }
}
