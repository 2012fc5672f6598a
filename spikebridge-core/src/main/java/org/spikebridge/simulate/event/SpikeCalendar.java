package org.spikebridge.simulate.event;

import java.util.Arrays;
import org.spikebridge.simulate.IntegrateAndFireNeuron;

/**
 * Integrate-and-fire neurons under a constant current c (the first layer under constant coding),
 * simulated by their spike times instead of step by step: with reset by subtraction (Eq. 3) a
 * neuron at potential v after step t next fires at the smallest t + j (j ≥ 1) with v + j·c ≥ θ
 * ({@link IntegrateAndFireNeuron#stepsToSpike}), so each neuron waits in a calendar bucket until
 * its step comes. The cost is per spike, not per neuron and step. A bucket is an array of neuron
 * indices that grows as needed (during the first images; then it is reused), not a linked list, so
 * that emptying it reads memory in order.
 * Potentials are kept in double precision, so a neuron whose potential lands
 * within float rounding of θ may fire one step apart from the step-by-step float simulation.
 */
final class SpikeCalendar {
  private final int timesteps;
  private final double[] potential;
  private final int[] updated;
  private final int[][] bucket;
  private final int[] bucketSize;

  /** A calendar for {@code neurons} neurons and steps 1..{@code timesteps}. */
  SpikeCalendar(int neurons, int timesteps) {
    this.timesteps = timesteps;
    potential = new double[neurons];
    updated = new int[neurons];
    bucket = new int[timesteps + 1][16];
    bucketSize = new int[timesteps + 1];
  }

  /** Starts from potentials {@code v0} with currents {@code current} and thresholds {@code theta}. */
  void start(float[] v0, float[] current, float[] theta) {
    Arrays.fill(bucketSize, 0);
    for (int i = 0; i < potential.length; i++) {
      potential[i] = v0[i];
      updated[i] = 0;
      schedule(i, 0, current[i], theta[i]);
    }
  }

  /**
   * Fires the neurons due at step {@code t} (steps must come in order), resets them by
   * subtraction, schedules their next spike and writes their indices to {@code spikes}.
   *
   * @return the number of spikes
   */
  int fire(int t, float[] current, float[] theta, int[] spikes) {
    int count = bucketSize[t];
    System.arraycopy(bucket[t], 0, spikes, 0, count);
    for (int k = 0; k < count; k++) {
      int i = spikes[k];
      potential[i] = IntegrateAndFireNeuron.afterSpike(potential[i], t - updated[i], current[i],
          theta[i]);
      updated[i] = t;
      schedule(i, t, current[i], theta[i]);
    }
    return count;
  }

  /** Puts neuron i, at its potential after step t, into the bucket of its next spike, if any ≤ T. */
  private void schedule(int i, int t, double c, double theta) {
    long j = IntegrateAndFireNeuron.stepsToSpike(potential[i], c, theta);
    if (j > 0 && t + j <= timesteps) {
      int step = (int) (t + j);
      if (bucketSize[step] == bucket[step].length) {
        bucket[step] = Arrays.copyOf(bucket[step], 2 * bucket[step].length);
      }
      bucket[step][bucketSize[step]++] = i;
    }
  }
}
