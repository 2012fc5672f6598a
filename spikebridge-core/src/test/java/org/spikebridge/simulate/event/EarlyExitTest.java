package org.spikebridge.simulate.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.EarlyExit;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.RandomSpikingNetworks;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.Recording;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.StepRecord;

/** Early exit in the event engine, against the same simulation run to T. */
class EarlyExitTest {
  private static final EventEngine ENGINE = new EventEngine(2);
  private static final int STEPS = 96;
  private static final int IMAGES = 24;

  /** input [1, 12, 12] → conv 8 → IF → avg pool → conv 16 → IF → flatten → fc 10, seeded. */
  private static SpikingNetwork network(Batch batch) {
    Architecture a = new ArchitectureBuilder("small", TensorShape.of(1, 12, 12))
        .conv(8, 3, 1, 1).activation(Activation.RELU).avgPool(2)
        .conv(16, 3, 1, 0).activation(Activation.RELU)
        .flatten().linear(10).build(10);
    return FiringRateCalibration.calibrate(RandomSpikingNetworks.of(a, 5), batch, 0.15);
  }

  private static Batch images(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] pixels = new float[n * 144];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextDouble();
    }
    return new Batch(pixels, new int[n], n, 1, 12, 12);
  }

  private static List<StepRecord> run(SpikingNetwork snn, Batch batch, SimulationOptions options) {
    Recording recording = new Recording();
    ENGINE.simulate(snn, batch, options, recording);
    return recording.steps;
  }

  /**
   * The exact rule stops images early and yet every image's class at every step is the one of the
   * run to T: before its stop they are the same simulation, after it the rule guarantees that the
   * class no longer changes. Each image's K values are those of the full run up to its stop and
   * undefined after it, and the stops the steps report are those steps; alone in a batch, an image
   * spikes as in the full run up to its stop and not after it.
   */
  @ParameterizedTest(name = "{0}, {1}")
  @CsvSource({"CONSTANT, ACCUMULATE", "POISSON, ACCUMULATE", "CONSTANT, SPIKE_COUNT"})
  void exactExitNeverChangesAPrediction(InputCoding coding, Readout readout) {
    Batch batch = images(IMAGES, 9);
    SpikingNetwork snn = network(batch);
    SimulationOptions options = new SimulationOptions(STEPS, coding, InitialMembrane.ZERO, readout, 3);
    List<StepRecord> full = run(snn, batch, options);
    List<StepRecord> exit = run(snn, batch, options.withEarlyExit(EarlyExit.exact()));

    for (int t = 0; t < STEPS; t++) {
      assertThat(exit.get(t).predictions()).as("classes at t = %d", t + 1).isEqualTo(full.get(t).predictions());
    }
    int[] stopped = new int[STEPS];
    for (int i = 0; i < IMAGES; i++) {
      int stop = stopOf(full, exit, i);
      stopped[stop - 1]++;
    }
    int early = 0;
    for (int t = 0; t < STEPS - 1; t++) {
      assertThat(exit.get(t).stopped()).as("images stopping at t = %d", t + 1).isEqualTo(stopped[t]);
      early += stopped[t];
    }
    assertThat(early).as("images that stop before T").isGreaterThanOrEqualTo(IMAGES / 6);

    if (coding == InputCoding.CONSTANT) {
      for (int i = 0; i < 4; i++) {
        Batch one = new Batch(Arrays.copyOfRange(batch.images(), i * 144, (i + 1) * 144), new int[1], 1, 1, 12, 12);
        List<StepRecord> alone = run(snn, one, options);
        List<StepRecord> aloneExit = run(snn, one, options.withEarlyExit(EarlyExit.exact()));
        int stop = stopOf(full, exit, i);
        for (int t = 0; t < STEPS; t++) {
          long[] expected = t < stop ? alone.get(t).spikes() : new long[2];
          assertThat(aloneExit.get(t).spikes()).as("image %d's spikes at t = %d (stop %d)", i, t + 1, stop)
              .isEqualTo(expected);
        }
      }
    }
  }

  /**
   * The step image i stopped at: its K values (layer 0, defined for every image here) are those
   * of the full run up to it and NaN after it.
   */
  private static int stopOf(List<StepRecord> full, List<StepRecord> exit, int i) {
    int stop = STEPS;
    for (int t = 0; t < STEPS; t++) {
      float k = exit.get(t).k()[0][i];
      if (Float.isNaN(k)) {
        stop = Math.min(stop, t);
      } else {
        assertThat(stop).as("image %d has K again at t = %d after stopping", i, t + 1).isEqualTo(STEPS);
        assertThat(k).isEqualTo(full.get(t).k()[0][i]);
      }
    }
    return stop;
  }
}
