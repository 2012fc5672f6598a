package org.spikebridge.simulate.event;

import java.util.Arrays;
import org.spikebridge.convert.SpikingNetwork;

/**
 * The range of the current the output layer can receive in one step, per class: its bias plus,
 * over every source neuron that could spike, the positive fan-out weights (the most) or the
 * negative ones (the least). Every spike is 0 or 1, so the output current of any step lies in
 * [least, most]; {@link SettledImages}' exact early exit rests on it.
 *
 * @param most per class, bias + Σ max(w, 0) over every source neuron's fan-out weight w
 * @param least per class, bias + Σ min(w, 0)
 * @param spread per class, |bias| + Σ |w|: the scale of a step's rounding error
 * @param fanIn the number of source neurons summed into one class's current
 */
public record OutputBounds(double[] most, double[] least, double[] spread, int fanIn) {

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
    double[] most = new double[classes];
    double[] least = new double[classes];
    double[] spread = new double[classes];
    for (int c = 0; c < classes; c++) {
      most[c] = output.bias()[c];
      least[c] = output.bias()[c];
      spread[c] = Math.abs(output.bias()[c]);
    }
    float[] fanOut = new float[classes];
    int[] neuron = new int[1];
    int fanIn = 0;
    for (Projection p : output.projections()) {
      if (p.source() == Projection.INPUT) {
        throw new IllegalArgumentException("exact early exit: the output layer '" + output.name()
            + "' reads the network's input, whose current is not bounded by spikes");
      }
      Synapses synapses = p.synapses();
      int[] scratch = new int[synapses.scratchSize()];
      for (int j = 0; j < synapses.sourceSize(); j++) {
        Arrays.fill(fanOut, 0f);
        neuron[0] = j;
        synapses.addSpikes(neuron, 1, fanOut, scratch);
        for (int c = 0; c < classes; c++) {
          most[c] += Math.max(fanOut[c], 0);
          least[c] += Math.min(fanOut[c], 0);
          spread[c] += Math.abs(fanOut[c]);
        }
      }
      fanIn += synapses.sourceSize();
    }
    return new OutputBounds(most, least, spread, fanIn);
  }
}
