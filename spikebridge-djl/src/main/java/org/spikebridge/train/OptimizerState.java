package org.spikebridge.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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

  /** Replaces every buffer with the tensors of {@code state}, except those named in {@code skip}. */
  void restore(Map<String, Tensor> state, Set<String> skip) {
    buffers.values().forEach(NDArray::close);
    buffers.clear();
    state.forEach((name, t) -> {
      if (!skip.contains(name)) {
        long[] dims = new long[t.shape().rank()];
        for (int i = 0; i < dims.length; i++) {
          dims[i] = t.shape().dim(i);
        }
        buffers.put(name, manager.create(t.data(), new Shape(dims)));
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
