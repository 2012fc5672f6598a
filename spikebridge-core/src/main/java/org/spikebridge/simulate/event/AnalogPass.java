package org.spikebridge.simulate.event;

import org.spikebridge.network.Layer;

/**
 * The ANN view of a compiled network on a set of images, all known before the first step: per
 * spiking layer the current I = bias + the synaptic maps of the previous layers' analog values
 * (the input's, or the rate limits of the spiking layers they read), and from it the rate limit
 * r̂ = clip(I/θ, 0, 1) of Lemma 1, quantized for a layer with levels. Values are channels-last, as
 * the engine's.
 */
final class AnalogPass {
  private AnalogPass() {}

  /** The {@code n} images of {@code images} (each C, H, W in row-major order), channels-last. */
  static float[][] inputs(EventNetwork net, float[] images, int n) {
    int size = net.inputSize();
    int[] order = net.inputOrder();
    float[][] input = new float[n][size];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < size; p++) {
        input[i][order[p]] = images[i * size + p];
      }
    }
    return input;
  }

  /**
   * The current of {@code target} for each image: its bias plus every projection applied to
   * {@code input} or to {@code rates[source]}, the analog values of the spiking layers before it.
   */
  static float[][] currents(NeuronLayer target, float[][] input, float[][][] rates) {
    float[][] currents = new float[input.length][];
    for (int i = 0; i < input.length; i++) {
      float[] current = target.bias().clone();
      for (Projection p : target.projections()) {
        p.addValues(p.source() == Projection.INPUT ? input[i] : rates[p.source()][i], current);
      }
      currents[i] = current;
    }
    return currents;
  }

  /**
   * r̂ per spiking layer, image and neuron, for the layers up to {@code last}: each layer's
   * {@link #currents} read through Lemma 1 (null for the later layers).
   */
  static float[][][] rateLimits(EventNetwork net, float[][] input, int last) {
    float[][][] rates = new float[net.spiking().size()][][];
    for (int l = 0; l <= last; l++) {
      NeuronLayer target = net.spiking().get(l);
      float[][] r = currents(target, input, rates);
      float[] theta = target.thresholds();
      for (float[] image : r) {
        for (int j = 0; j < image.length; j++) {
          image[j] = (float) Layer.quantizedRate(image[j] / theta[j], target.levels());
        }
      }
      rates[l] = r;
    }
    return rates;
  }
}
