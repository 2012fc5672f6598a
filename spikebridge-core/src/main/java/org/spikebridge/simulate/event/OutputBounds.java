package org.spikebridge.simulate.event;

import java.util.Arrays;
import org.spikebridge.convert.SpikingNetwork;

/**
 * How far one class's output current can fall behind another's in one step. Every source spike is
 * 0 or 1, so in any step class p's current minus class j's is at least the difference of their
 * biases plus, over every source neuron n, min(0, w_pn − w_jn): the neurons that favour j firing,
 * those that favour p silent. Bounding the pair's difference directly is tighter than bounding
 * each class alone (p's least against j's most), since a neuron that feeds both classes counts
 * only by its difference. {@link SettledImages}' exact early exit rests on it.
 *
 * @param leastLead per pair [p][j], b_p − b_j + Σ_n min(0, w_pn − w_jn): the least that class p's
 *     current can exceed class j's by in one step (0 on the diagonal)
 * @param spread per class, |bias| + Σ |w|: the scale of a step's rounding error
 * @param fanIn the number of source neurons summed into one class's current
 */
public record OutputBounds(double[][] leastLead, double[] spread, int fanIn) {

  /**
   * The bounds of {@code snn}'s output layer; an {@link IllegalArgumentException} if it reads the
   * network's input, whose current is not a spike.
   */
  public static OutputBounds of(SpikingNetwork snn) {
    return of(EventNetwork.compile(snn));
  }

  static OutputBounds of(EventNetwork network) {
    NeuronLayer output = network.output();
    int classes = output.size();
    double[][] leastLead = new double[classes][classes];
    double[] spread = new double[classes];
    for (int p = 0; p < classes; p++) {
      spread[p] = Math.abs(output.bias()[p]);
      for (int j = 0; j < classes; j++) {
        leastLead[p][j] = (double) output.bias()[p] - output.bias()[j];
      }
    }
    float[] fanOut = new float[classes];
    int[] neuron = new int[1];
    int fanIn = 0;
    for (Projection projection : output.projections()) {
      if (projection.source() == Projection.INPUT) {
        throw new IllegalArgumentException("exact early exit: the output layer '" + output.name()
            + "' reads the network's input, whose current is not bounded by spikes");
      }
      Synapses synapses = projection.synapses();
      int[] scratch = new int[synapses.scratchSize()];
      for (int n = 0; n < synapses.sourceSize(); n++) {
        Arrays.fill(fanOut, 0f);
        neuron[0] = n;
        synapses.addSpikes(neuron, 1, fanOut, scratch);
        for (int p = 0; p < classes; p++) {
          spread[p] += Math.abs(fanOut[p]);
          for (int j = 0; j < classes; j++) {
            leastLead[p][j] += Math.min((double) fanOut[p] - fanOut[j], 0);
          }
        }
      }
      fanIn += synapses.sourceSize();
    }
    return new OutputBounds(leastLead, spread, fanIn);
  }
}
