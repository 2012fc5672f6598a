package org.spikebridge.bench;

import java.util.SplittableRandom;
import org.spikebridge.simulate.event.ConvolutionSynapses;

/** Seeded random weights and spikes for the kernel benchmarks. */
final class RandomMaps {
  private RandomMaps() {}

  /** Standard normal weights in PyTorch's [out][c][ky][kx] layout for the map of {@code g}. */
  static float[] weights(ConvolutionSynapses.Geometry g, SplittableRandom random) {
    float[] w = new float[g.channels() * g.kernelHeight() * g.kernelWidth() * g.outChannels()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) random.nextGaussian();
    }
    return w;
  }

  /** Writes a random 10 % of the neurons 0..{@code neurons − 1}, in order, to {@code spikes}; returns how many. */
  static int spikes(int neurons, SplittableRandom random, int[] spikes) {
    int count = 0;
    for (int s = 0; s < neurons; s++) {
      if (random.nextDouble() < 0.1) {
        spikes[count++] = s;
      }
    }
    return count;
  }
}
