package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikebridge.convert.AnalogReference;
import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.convert.ConversionMethods;
import org.spikebridge.convert.ConversionOptions;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.dense.DenseEngine;
import org.spikebridge.network.Network;
import org.spikebridge.onnx.OnnxImport;
import org.spikebridge.onnx.TestData;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.Recording;
import org.spikebridge.simulate.SimulationEngine;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.event.EventEngine;

/**
 * A residual network nobody here wrote: PyTorch's export of a small ResNet (projection shortcuts,
 * global average pooling, random weights), imported, converted with Max Norm calibrated on seeded
 * noise, predicts its ANN's class for at least 99 of 100 other seeded noise inputs at T = 512, in
 * both engines.
 */
class ImportedResidualNetworkTest {
  private static final int N = 100;
  private static final int T = 512;
  private static Network ann;
  private static SpikingNetwork snn;
  private static int[] annClasses;
  private static Batch inputs;

  @BeforeAll
  static void convert() throws Exception {
    ann = OnnxImport.read(TestData.models().resolve("miniresnet-random.onnx"), "test", Map.of())
        .network();
    CalibrationSet calibration = new CalibrationSet(noise(500, 3), 500, 1, 28, 28);
    snn = ConversionMethods.byName("maxnorm").convert(ann,
        new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, MaxPoolPolicy.FAIL)
            .withCalibration(calibration));
    float[] x = noise(N, 4);
    inputs = new Batch(x, new int[N], N, 1, 28, 28);
    float[] logits = AnalogReference.logits(ann, x, N);
    annClasses = new int[N];
    for (int i = 0; i < N; i++) {
      for (int c = 1; c < 10; c++) {
        if (logits[i * 10 + c] > logits[i * 10 + annClasses[i]]) {
          annClasses[i] = c;
        }
      }
    }
  }

  private static float[] noise(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[n * 28 * 28];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  private static Recording simulate(SimulationEngine engine, int steps) {
    Recording recording = new Recording();
    engine.simulate(snn, inputs, new SimulationOptions(steps, InputCoding.CONSTANT, InitialMembrane.ZERO,
        Readout.ACCUMULATE, 1), recording);
    return recording;
  }

  @Test
  void predictsItsAnnsClassAtT512() {
    int[] last = simulate(new EventEngine(), T).steps.get(T - 1).predictions();
    int same = 0;
    for (int i = 0; i < N; i++) {
      same += last[i] == annClasses[i] ? 1 : 0;
    }
    assertThat(same).as("inputs whose class matches the ANN's").isGreaterThanOrEqualTo(99);
  }

  /**
   * The dense engine predicts the event engine's class at every one of the first 64 steps for every
   * input but at most one per step (a near-tie of two output currents that float summation order
   * may flip, as in the dense module's engine comparison), so the convergence above holds in both
   * engines; the dense engine's own 512 steps would cost half a minute.
   */
  @Test
  void theDenseEngineGivesTheEventEnginesClassesAtEveryStep() {
    int steps = 64;
    Recording event = simulate(new EventEngine(), steps);
    Recording dense = simulate(new DenseEngine(Device.cpu()), steps);
    for (int t = 0; t < steps; t++) {
      int differ = Recording.differing(dense.steps.get(t).predictions(), event.steps.get(t).predictions());
      assertThat(differ).as("inputs classified differently at t = %d", t + 1).isLessThanOrEqualTo(1);
    }
  }
}
