package org.spikebridge.train;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * Adam (Kingma and Ba, 2015) with L2 weight decay, as {@code torch.optim.Adam}: g ← ∇ + λ·w;
 * m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; w ← w − lr·m̂ / (√v̂ + ε) with bias-corrected m̂, v̂.
 */
public final class Adam implements Optimizer {
  private static final String STEP = "__step";
  private final double beta1 = 0.9;
  private final double beta2 = 0.999;
  private final double epsilon = 1e-8;
  private final double weightDecay;
  private final OptimizerState state = new OptimizerState();
  private long steps;

  /** Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and weight decay λ. */
  public Adam(double weightDecay) {
    this.weightDecay = weightDecay;
  }

  @Override
  public void step(Map<String, NDArray> parameters, double lr) {
    steps++;
    double correction1 = 1 - Math.pow(beta1, steps);
    double correction2 = 1 - Math.pow(beta2, steps);
    parameters.forEach((name, w) -> {
      NDArray g = w.getGradient();
      if (weightDecay != 0) {
        g = g.add(w.mul(weightDecay));
      }
      NDArray m = state.buffer(name + ".m", w).muli(beta1).addi(g.mul(1 - beta1));
      NDArray v = state.buffer(name + ".v", w).muli(beta2).addi(g.square().muli(1 - beta2));
      NDArray denominator = v.div(correction2).sqrt().addi(epsilon);
      w.subi(m.div(denominator).muli(lr / correction1));
    });
  }

  @Override
  public Map<String, Tensor> state() {
    Map<String, Tensor> out = new LinkedHashMap<>(state.snapshot());
    out.put(STEP, new Tensor(TensorShape.of(1), new float[] {steps}));
    return out;
  }

  @Override
  public void restore(Map<String, Tensor> saved) {
    Tensor step = saved.get(STEP);
    steps = step == null ? 0 : (long) step.data()[0];
    state.restore(saved, Set.of(STEP));
  }

  @Override
  public void close() {
    state.close();
  }
}
