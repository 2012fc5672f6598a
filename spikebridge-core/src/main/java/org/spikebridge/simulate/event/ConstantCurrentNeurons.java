package org.spikebridge.simulate.event;

import java.util.Arrays;
import org.spikebridge.simulate.ResetMode;

/**
 * The integrate-and-fire neurons of a layer whose input current is the same at every step: the
 * first spiking layer under constant coding, whose current (bias plus the input's map) is computed
 * once per image, so that its spike trains follow from that current alone, with no synaptic work
 * at any step. A neuron whose current is ≤ 0 and whose potential starts below θ never fires
 * (charging cannot raise it), which is about half of a trained network's first layer: only the
 * others, the <em>live</em> neurons, are simulated, packed together when an image starts, and
 * their spikes are reported under their own indices, in increasing order. A block of steps is
 * simulated neuron by neuron ({@link Firing#chargeAndFireSteps}): each neuron's potential stays in
 * a register through the block, and its spikes come out as one bit per step. The silent neurons'
 * potentials are not kept (nothing reads them). Under either {@link ResetMode} a silent neuron
 * stays silent: a reset never raises the potential.
 */
final class ConstantCurrentNeurons {
  private final ResetMode reset;
  /** The layer index of each live neuron, increasing. */
  private final int[] live;
  private final float[] v;
  private final float[] current;
  private final float[] theta;
  /** Per live neuron, bit b set when it fired at step b of the block. */
  private final int[] firedSteps;
  private int count;

  /** Room for a layer of {@code size} neurons that reset as {@code reset} says. */
  ConstantCurrentNeurons(int size, ResetMode reset) {
    this.reset = reset;
    live = new int[size];
    v = new float[size];
    current = new float[size];
    theta = new float[size];
    firedSteps = new int[size];
  }

  /**
   * Starts an image: every neuron's initial potential, its constant current and its threshold; the
   * live ones are packed.
   */
  void start(float[] v0, float[] drive, float[] thresholds) {
    count = Firing.live(v0, drive, thresholds, live);
    for (int k = 0; k < count; k++) {
      int j = live[k];
      v[k] = v0[j];
      current[k] = drive[j];
      theta[k] = thresholds[j];
    }
  }

  /**
   * The next {@code steps} steps (at most {@link Firing#MAX_STEPS}): charges the live neurons,
   * fires and resets them ({@link Firing#chargeAndFireSteps}), and writes the layer indices of
   * those that fired at step b of the block to {@code spikes[b]}, in increasing order, and their
   * number to {@code counts[b]}.
   */
  void fire(int steps, int[][] spikes, int[] counts) {
    Firing.chargeAndFireSteps(v, current, theta, reset, count, steps, firedSteps);
    Arrays.fill(counts, 0, steps, 0);
    for (int k = 0; k < count; k++) {
      for (int bits = firedSteps[k]; bits != 0; bits &= bits - 1) {
        int b = Integer.numberOfTrailingZeros(bits);
        spikes[b][counts[b]++] = live[k];
      }
    }
  }
}
