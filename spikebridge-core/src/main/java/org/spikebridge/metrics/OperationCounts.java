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
 */
public record OperationCounts(double annMacs, double inputMacsPerStep, double[] fanOut) {

  /** Checks that every count is finite and ≥ 0 and copies the array. */
  public OperationCounts {
    check("annMacs", annMacs);
    check("inputMacsPerStep", inputMacsPerStep);
    Objects.requireNonNull(fanOut, "fanOut");
    fanOut = fanOut.clone();
    for (double f : fanOut) {
      check("fanOut", f);
    }
  }

  /**
   * The synaptic operations (ACs) per image at each step: Σ_l spikes_l(t) × fanOut[l], from the
   * spikes {@code metrics} measured.
   */
  public double[] synapticOperations(SimulationMetrics metrics) {
    double[][] spikes = metrics.spikesPerImage();
    if (spikes.length != fanOut.length) {
      throw new IllegalArgumentException("expected fan-outs of " + spikes.length + " spiking layers ("
          + metrics.layers() + "), found " + fanOut.length);
    }
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
  public boolean equals(Object o) {
    return o instanceof OperationCounts c && Double.compare(annMacs, c.annMacs) == 0
        && Double.compare(inputMacsPerStep, c.inputMacsPerStep) == 0 && Arrays.equals(fanOut, c.fanOut);
  }

  @Override
  public int hashCode() {
    return Objects.hash(annMacs, inputMacsPerStep) * 31 + Arrays.hashCode(fanOut);
  }

  @Override
  public String toString() {
    return "OperationCounts[annMacs=" + annMacs + ", inputMacsPerStep=" + inputMacsPerStep + ", fanOut="
        + Arrays.toString(fanOut) + "]";
  }

  private static void check(String what, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(what + ": expected a finite count ≥ 0, found " + value);
    }
  }
}
