package org.spikebridge.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Synaptic operations and energy, computed by hand. */
class EnergyModelTest {

  /** Two spiking layers over three steps: spikes {2, 0, 1} and {1, 3, 0} per image. */
  private static final SimulationMetrics METRICS = new SimulationMetrics(1, 3, List.of("a", "b"), 100,
      new double[] {0, 100, 100}, new double[] {0, 100, 100}, new double[][] {{1, 1, 1}, {1, 1, 1}},
      new double[] {1, 1}, new double[][] {{2, 0, 1}, {1, 3, 0}});

  /** Layer a reaches 5 synapses per neuron, layer b 2; the input layer does 10 MACs per step. */
  private static final OperationCounts COUNTS = new OperationCounts(100, 10, new double[] {5, 2}, new int[] {4, 2});

  @Test
  void synapticOperationsAreSpikesTimesFanOut() {
    assertArrayEquals(new double[] {2 * 5 + 1 * 2, 3 * 2, 1 * 5}, COUNTS.synapticOperations(METRICS));
  }

  @Test
  void firingRatesAreSpikesPerNeuronPerStep() {
    double[][] rates = COUNTS.firingRates(METRICS);
    assertArrayEquals(new double[] {0.5, 0, 0.25}, rates[0]);
    assertArrayEquals(new double[] {0.5, 1.5, 0}, rates[1]);
  }

  @Test
  void snnEnergyAddsAccumulatesAndTheInputLayersMultiplyAccumulates() {
    EnergyModel model = new EnergyModel(0.5, 3);
    // ACs so far 12, 18, 23; input MACs so far 10, 20, 30
    assertArrayEquals(new double[] {12 * 0.5 + 10 * 3, 18 * 0.5 + 20 * 3, 23 * 0.5 + 30 * 3},
        model.snnPicojoules(METRICS, COUNTS), 1e-12);
    assertEquals(300, model.annPicojoules(COUNTS));
  }

  @Test
  void defaultsAreTheFortyFiveNanometreFigures() {
    assertEquals(0.9, EnergyModel.CMOS_45NM.picojoulesPerAc());
    assertEquals(4.6, EnergyModel.CMOS_45NM.picojoulesPerMac());
  }

  @Test
  void refusesAFanOutPerLayerThatDoesNotMatch() {
    OperationCounts one = new OperationCounts(1, 1, new double[] {1}, new int[] {1});
    assertThrows(IllegalArgumentException.class, () -> one.synapticOperations(METRICS));
    assertThrows(IllegalArgumentException.class, () -> new EnergyModel(-1, 1));
    assertThrows(IllegalArgumentException.class, () -> new OperationCounts(1, Double.NaN, new double[0], new int[0]));
  }
}
