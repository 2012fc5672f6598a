package org.spikebridge.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.Set;
import org.spikebridge.network.Tensor;

/**
 * Stochastic gradient descent with momentum and L2 weight decay, as {@code torch.optim.SGD}:
 * g ← ∇ + λ·w; b ← μ·b + g (b ← g on the first step); w ← w − lr·b.
 */
public final class Sgd implements Optimizer {
  private final double momentum;
  private final double weightDecay;
  private final OptimizerState state = new OptimizerState();

  /** SGD with the given momentum μ (0 for none) and weight decay λ. */
  public Sgd(double momentum, double weightDecay) {
    this.momentum = momentum;
    this.weightDecay = weightDecay;
  }

  @Override
  public void step(Map<String, NDArray> parameters, double lr) {
    parameters.forEach((name, w) -> {
      NDArray g = w.getGradient();
      NDArray update = weightDecay == 0 ? g : g.add(w.mul(weightDecay));
      if (momentum != 0) {
        boolean first = !state.has(name);
        NDArray b = state.buffer(name, w);
        if (first) {
          b.addi(update);
        } else {
          b.muli(momentum).addi(update);
        }
        update = b;
      }
      w.subi(update.mul(lr));
    });
  }

  @Override
  public Map<String, Tensor> state() {
    return state.snapshot();
  }

  @Override
  public void restore(Map<String, Tensor> saved) {
    state.restore(saved, Set.of());
  }

  @Override
  public void close() {
    state.close();
  }
}
