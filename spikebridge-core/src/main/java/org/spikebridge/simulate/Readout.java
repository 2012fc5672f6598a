package org.spikebridge.simulate;

/** How the output layer turns into a prediction at step t. */
public enum Readout {
  /** Arg-max of the output layer's current accumulated over steps 1..t (non-spiking output). */
  ACCUMULATE,
  /**
   * Arg-max of spike counts of integrate-and-fire output neurons ({@link IntegrateAndFireNeuron}
   * with θ = {@link IntegrateAndFireNeuron#OUTPUT_THRESHOLD} on the output current); ties go to the
   * accumulated current ({@link #spikeCountClass}).
   */
  SPIKE_COUNT;

  /**
   * The class {@link #SPIKE_COUNT} reads out for one image whose {@code classes} output neurons
   * start at {@code offset} in {@code counts} (their spike counts so far) and in
   * {@code accumulated} (their accumulated current): the most spikes, a tie going to the larger
   * current, then to the lower class.
   */
  public static int spikeCountClass(int[] counts, float[] accumulated, int offset, int classes) {
    int best = offset;
    for (int j = offset + 1; j < offset + classes; j++) {
      if (counts[j] > counts[best] || (counts[j] == counts[best] && accumulated[j] > accumulated[best])) {
        best = j;
      }
    }
    return best - offset;
  }
}
