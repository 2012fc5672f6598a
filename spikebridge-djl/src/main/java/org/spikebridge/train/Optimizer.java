package org.spikebridge.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.spikebridge.network.Tensor;

/**
 * A gradient-descent rule with PyTorch's semantics, written out by hand so that its state can be
 * saved in a checkpoint and a resumed run continues exactly. Weight decay is L2 (added to the
 * gradient), as {@code torch.optim.SGD} and {@code torch.optim.Adam} do.
 */
public interface Optimizer extends AutoCloseable {

  /** Updates each parameter in place from its gradient, with learning rate {@code lr}. */
  void step(Map<String, NDArray> parameters, double lr);

  /** The optimizer's state (momenta, step count) as named tensors, for a checkpoint. */
  Map<String, Tensor> state();

  /** Restores a state saved by {@link #state()}. */
  void restore(Map<String, Tensor> state);

  @Override
  void close();
}
