package org.spikebridge.metrics;

/**
 * The energy of synaptic operations: an accumulate (AC, what a spike costs at each synapse it
 * reaches) and a multiply-accumulate (MAC, what an ANN synapse costs, and the SNN's input layer
 * under constant coding). The defaults are the 45 nm CMOS figures the SNN literature uses
 * (Horowitz, ISSCC 2014: 32-bit float add 0.9 pJ, multiply-add 4.6 pJ).
 *
 * @param picojoulesPerAc the energy of one accumulate, in picojoules
 * @param picojoulesPerMac the energy of one multiply-accumulate, in picojoules
 */
public record EnergyModel(double picojoulesPerAc, double picojoulesPerMac) {

  /** 0.9 pJ per AC and 4.6 pJ per MAC (45 nm CMOS). */
  public static final EnergyModel CMOS_45NM = new EnergyModel(0.9, 4.6);

  /** Checks that both costs are finite and ≥ 0. */
  public EnergyModel {
    if (!(picojoulesPerAc >= 0) || Double.isInfinite(picojoulesPerAc)) {
      throw new IllegalArgumentException("pJ per AC: expected a finite number ≥ 0, found " + picojoulesPerAc);
    }
    if (!(picojoulesPerMac >= 0) || Double.isInfinite(picojoulesPerMac)) {
      throw new IllegalArgumentException("pJ per MAC: expected a finite number ≥ 0, found " + picojoulesPerMac);
    }
  }

  /** The ANN's energy per image, in picojoules: its MACs × the cost of a MAC. */
  public double annPicojoules(OperationCounts counts) {
    return counts.annMacs() * picojoulesPerMac;
  }

  /**
   * The SNN's energy per image spent in steps 1..t, for each t = 1..T, in picojoules: its
   * synaptic operations so far × the cost of an AC, plus t × the input layer's MACs × the cost of a
   * MAC.
   */
  public double[] snnPicojoules(SimulationMetrics metrics, OperationCounts counts) {
    double[] sops = counts.synapticOperations(metrics);
    double[] energy = new double[sops.length];
    double acs = 0;
    for (int j = 0; j < sops.length; j++) {
      acs += sops[j];
      energy[j] = acs * picojoulesPerAc + (j + 1) * counts.inputMacsPerStep() * picojoulesPerMac;
    }
    return energy;
  }
}
