package org.spikebridge.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a network's synapses cost per image, the operation counts of the energy model
 * ({@link EnergyModel}).
 *
 * <ul>
 *   <li>The ANN computes every synapse once per image as a multiply-accumulate (MAC):
 *       {@code annMacs}, the sum over its Conv2d and Linear layers of outputs × fan-in.
 *   <li>The SNN's first layer receives the analog input (constant coding), so it does
 *       {@code inputMacsPerStep} MACs at every step.
 *   <li>Every other synaptic operation of the SNN is an accumulate (AC): a spike of layer l adds
 *       its fan-out weights, {@code fanOut[l]} on average over the layer's neurons. The synaptic
 *       operations (SOPs) of a step are Σ_l spikes_l × fanOut[l]; exact when every neuron of a layer
 *       has the same fan-out (Linear layers, unpadded convolutions), and a mean otherwise (a padded
 *       convolution's border neurons reach fewer outputs).
 * </ul>
 *
 * @param annMacs the ANN's MACs per image
 * @param inputMacsPerStep the MACs of the SNN's input layer at each step, per image
 * @param fanOut per spiking layer, in the simulation's layer order, the mean number of synapses
 *     leaving one of its neurons (into the next spiking layers and the output)
 * @param neurons per spiking layer, its number of neurons (firing rate = spikes / neurons per step)
 */
public record OperationCounts(double annMacs, double inputMacsPerStep, double[] fanOut, int[] neurons) {

  /** Checks that every count is finite and ≥ 0, with a neuron count per fan-out, and copies the arrays. */
  public OperationCounts {
    check("annMacs", annMacs);
    check("inputMacsPerStep", inputMacsPerStep);
    Objects.requireNonNull(fanOut, "fanOut");
    Objects.requireNonNull(neurons, "neurons");
    fanOut = fanOut.clone();
    neurons = neurons.clone();
    if (neurons.length != fanOut.length) {
      throw new IllegalArgumentException("expected a neuron count per fan-out (" + fanOut.length
          + "), found " + neurons.length);
    }
    for (double f : fanOut) {
      check("fanOut", f);
    }
    for (int n : neurons) {
      if (n < 1) {
        throw new IllegalArgumentException("neurons: expected at least 1 per layer, found " + n);
      }
    }
  }

  /**
   * The firing rate of each spiking layer at each step, [layer][t − 1]: its spikes per image
   * divided by its neurons, in spikes per neuron per step.
   */
  public double[][] firingRates(SimulationMetrics metrics) {
    double[][] rates = metrics.spikesPerImage();
    checkLayers(metrics);
    for (int l = 0; l < rates.length; l++) {
      for (int j = 0; j < rates[l].length; j++) {
        rates[l][j] /= neurons[l];
      }
    }
    return rates;
  }

  /**
   * The synaptic operations (ACs) per image at each step: Σ_l spikes_l(t) × fanOut[l], from the
   * spikes {@code metrics} measured.
   */
  public double[] synapticOperations(SimulationMetrics metrics) {
    double[][] spikes = metrics.spikesPerImage();
    checkLayers(metrics);
    double[] sops = new double[metrics.timesteps()];
    for (int l = 0; l < spikes.length; l++) {
      for (int j = 0; j < sops.length; j++) {
        sops[j] += spikes[l][j] * fanOut[l];
      }
    }
    return sops;
  }

  @Override
  public double[] fanOut() {
    return fanOut.clone();
  }

  @Override
  public int[] neurons() {
    return neurons.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OperationCounts c && Double.compare(annMacs, c.annMacs) == 0
        && Double.compare(inputMacsPerStep, c.inputMacsPerStep) == 0 && Arrays.equals(fanOut, c.fanOut)
        && Arrays.equals(neurons, c.neurons);
  }

  @Override
  public int hashCode() {
    return (Objects.hash(annMacs, inputMacsPerStep) * 31 + Arrays.hashCode(fanOut)) * 31
        + Arrays.hashCode(neurons);
  }

  @Override
  public String toString() {
    return "OperationCounts[annMacs=" + annMacs + ", inputMacsPerStep=" + inputMacsPerStep + ", fanOut="
        + Arrays.toString(fanOut) + ", neurons=" + Arrays.toString(neurons) + "]";
  }

  private void checkLayers(SimulationMetrics metrics) {
    if (metrics.layers().size() != fanOut.length) {
      throw new IllegalArgumentException("expected counts of " + metrics.layers().size()
          + " spiking layers (" + metrics.layers() + "), found " + fanOut.length);
    }
  }

  private static void check(String what, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(what + ": expected a finite count ≥ 0, found " + value);
    }
  }
}
