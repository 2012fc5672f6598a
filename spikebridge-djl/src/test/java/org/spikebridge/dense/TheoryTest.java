package org.spikebridge.dense;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spikebridge.convert.AnalogReference;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.Recording;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.StepRecord;

/**
 * Lemma 1 and Theorem 2 of the paper, checked on seeded random networks with the dense engine. The
 * rate limits r̂, Ω and the ANN's classes come from the analog reference ({@link AnalogReference}),
 * not from the engine under test.
 */
class TheoryTest {
  private static final Provenance PROVENANCE = new Provenance("random", 1, "test", Map.of(), Map.of());
  private static final DenseEngine ENGINE = new DenseEngine(Device.cpu());

  private static SimulationOptions constant(int timesteps) {
    return new SimulationOptions(timesteps, InputCoding.CONSTANT, InitialMembrane.ZERO,
        Readout.ACCUMULATE, 1);
  }

  /** Random values for every parameter; thresholds drawn in [0.5, 1.5]. */
  private static Network random(Architecture a, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Tensor> values = new LinkedHashMap<>();
    a.parameterShapes().forEach((name, shape) -> {
      float[] data = new float[(int) shape.size()];
      for (int i = 0; i < data.length; i++) {
        data[i] = name.endsWith("threshold") ? (float) (0.5 + random.nextDouble())
            : (float) (random.nextGaussian() * 0.5);
      }
      values.put(name, new Tensor(shape, data));
    });
    return new Network(a, values, PROVENANCE);
  }

  /**
   * r̂ of spiking layer {@code layer} (in network order), [image][neuron], by the analog reference
   * (its output of an integrate-and-fire layer is the rate limit of Lemma 1) on {@code images}.
   */
  private static float[][] rateLimits(Network network, float[] images, int n, int layer) {
    String name = network.architecture().layers().stream()
        .filter(Layer.IntegrateAndFire.class::isInstance).toList().get(layer).name();
    float[] all = AnalogReference.forward(network, images, n).get(name);
    int size = all.length / n;
    float[][] perImage = new float[n][];
    for (int i = 0; i < n; i++) {
      perImage[i] = java.util.Arrays.copyOfRange(all, i * size, (i + 1) * size);
    }
    return perImage;
  }

  /** Ω = ‖r̂‖₁ / ‖r̂‖₂² of one image's rate limits. */
  private static double omega(float[] rateLimit) {
    double sum = 0;
    double squares = 0;
    for (float r : rateLimit) {
      sum += r;
      squares += (double) r * r;
    }
    return sum / squares;
  }

  /** The ANN's class of every image of {@code batch}, by the analog reference. */
  private static int[] annClasses(Network network, Batch batch) {
    float[] logits = AnalogReference.logits(network, batch.images(), batch.size());
    int classes = logits.length / batch.size();
    int[] best = new int[batch.size()];
    for (int i = 0; i < best.length; i++) {
      for (int c = 1; c < classes; c++) {
        best[i] = logits[i * classes + c] > logits[i * classes + best[i]] ? c : best[i];
      }
    }
    return best;
  }

  private static Batch randomBatch(int n, int c, int h, int w, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[n * c * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble(-1, 2);
    }
    return new Batch(x, new int[n], n, c, h, w);
  }

  /** input [1,1,6] → flatten → fc1 (6→1) → if1 → fc2 (1→1) → if2 → fc3 (1→2): one neuron per layer. */
  private static Architecture chainOfSingleNeurons() {
    return new Architecture("chain", TensorShape.of(1, 1, 6), 2, List.of(
        new Layer.Flatten("flatten", List.of("input")),
        new Layer.Linear("fc1", List.of("flatten"), 6, 1, true),
        new Layer.IntegrateAndFire("if1", List.of("fc1"), false),
        new Layer.Linear("fc2", List.of("if1"), 1, 1, true),
        new Layer.IntegrateAndFire("if2", List.of("fc2"), false),
        new Layer.Linear("fc3", List.of("if2"), 1, 2, true)));
  }

  @Test
  void lemmaOneTheFiringRateConvergesToTheClippedCurrentWithinOneOverT() {
    int n = 300;
    int steps = 400;
    Network network = random(chainOfSingleNeurons(), 3);
    Batch batch = randomBatch(n, 1, 1, 6, 4);
    float[][] first = rateLimits(network, batch.images(), n, 0);
    float[][] second = rateLimits(network, batch.images(), n, 1);
    Recording rec = new Recording();
    ENGINE.simulate(new SpikingNetwork(network), batch, constant(steps), rec);
    // K for a one-neuron layer is (r(t) − r̂)² / r̂², so |r(t) − r̂| = r̂·√K ≤ 1/t (Lemma 1, constant input).
    int checked = 0;
    for (StepRecord step : rec.steps) {
      for (int i = 0; i < n; i++) {
        float k = step.k()[0][i];
        if (Float.isNaN(k)) {
          continue;
        }
        double error = first[i][0] * Math.sqrt(k);
        assertThat(error).as("image %d at t = %d", i, step.t()).isLessThanOrEqualTo(1.0 / step.t() + 1e-5);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(steps * n / 4);
    // and the spike count after T steps, which does not involve the engine's r̂
    int[][] counts = rec.spikeCounts.get(0)[0];
    for (int i = 0; i < n; i++) {
      assertThat(Math.abs((double) counts[i][0] / steps - first[i][0]))
          .as("|r(T) − r̂| of image %d", i).isLessThanOrEqualTo(1.0 / steps + 1e-5);
    }
    // The second layer's input is a spike train, not constant: it still converges.
    float[] last = rec.steps.get(steps - 1).k()[1];
    double worst = 0;
    double worstCount = 0;
    for (int i = 0; i < n; i++) {
      float rateLimit = second[i][0];
      if (!Float.isNaN(last[i])) {
        worst = Math.max(worst, Math.sqrt(last[i]) * rateLimit);
      }
      worstCount = Math.max(worstCount, Math.abs((double) rec.spikeCounts.get(0)[1][i][0] / steps - rateLimit));
    }
    assertThat(worst).as("largest |r − r̂| of the second layer at t = %d", steps).isLessThan(0.02);
    assertThat(worstCount).as("largest |count/T − r̂| of the second layer").isLessThan(0.02);
  }

  /** conv(2→4, k3) → if1 → avgpool(2) → conv(4→4, k3, pad 1) → if2 → flatten → fc(4·3·3 → 3). */
  private static Architecture smallConvNet() {
    return new Architecture("conv", TensorShape.of(2, 8, 8), 3, List.of(
        new Layer.Conv2d("conv1", List.of("input"), 2, 4, 3, 1, 0, true),
        new Layer.IntegrateAndFire("if1", List.of("conv1"), false),
        new Layer.AvgPool2d("pool1", List.of("if1"), 2, 2, 0),
        new Layer.Conv2d("conv2", List.of("pool1"), 4, 4, 3, 1, 1, true),
        new Layer.IntegrateAndFire("if2", List.of("conv2"), true),
        new Layer.Flatten("flatten", List.of("if2")),
        new Layer.Linear("fc", List.of("flatten"), 36, 3, true)));
  }

  @Test
  void theoremTwoKStaysBelowTwoOmegaOverTOnTheFirstSpikingLayer() {
    int steps = 300;
    Network network = random(smallConvNet(), 5);
    Batch batch = randomBatch(16, 2, 8, 8, 6);
    float[][] rateLimits = rateLimits(network, batch.images(), batch.size(), 0);
    Recording rec = new Recording();
    ENGINE.simulate(new SpikingNetwork(network), batch, constant(steps), rec);
    for (int i = 0; i < batch.size(); i++) {
      double omega = omega(rateLimits[i]);
      assertThat(omega).as("Ω_1 of image %d", i).isFinite();
      for (StepRecord step : rec.steps) {
        assertThat((double) step.k()[0][i]).as("K_1(%d) of image %d", step.t(), i)
            .isLessThan(2 * omega / step.t());
      }
    }
    // and every layer's K has fallen far below its start by the end
    for (int layer = 0; layer < 2; layer++) {
      double first = mean(rec.steps.get(0).k()[layer]);
      double lastK = mean(rec.steps.get(steps - 1).k()[layer]);
      assertThat(lastK).as("K of layer %d", layer).isLessThan(first / 20);
    }
  }

  private static double mean(float[] values) {
    double sum = 0;
    int n = 0;
    for (float v : values) {
      if (!Float.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return sum / n;
  }

  @Test
  void theLongRunPredictionIsTheAnnPrediction() {
    int steps = 1000;
    Network network = random(smallConvNet(), 8);
    Batch batch = randomBatch(64, 2, 8, 8, 9);
    Recording rec = new Recording();
    ENGINE.simulate(new SpikingNetwork(network), batch, constant(steps), rec);
    int same = agreements(annClasses(network, batch), rec.steps.get(steps - 1).predictions());
    assertThat(same).isGreaterThanOrEqualTo(63);
    assertThat(rec.steps).hasSize(steps);
    assertThat(rec.steps.get(steps - 1).t()).isEqualTo(steps);
  }

  @Test
  void poissonInputRatesConvergeToo() {
    int n = 200;
    int steps = 2000;
    SplittableRandom random = new SplittableRandom(12);
    float[] x = new float[n * 6];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    // Positive input weights, so that intensities in [0, 1] drive the first neuron of most images.
    Network network = random(chainOfSingleNeurons(), 3);
    Map<String, Tensor> values = new LinkedHashMap<>(network.parameters());
    float[] w = values.get("fc1.weight").data().clone();
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.abs(w[i]) / 2;
    }
    values.put("fc1.weight", new Tensor(values.get("fc1.weight").shape(), w));
    values.put("fc1.bias", Tensor.filled(TensorShape.of(1), 0f));
    Network positive = new Network(network.architecture(), values, PROVENANCE);
    float[][] rateLimits = rateLimits(positive, x, n, 0);
    Recording rec = new Recording();
    ENGINE.simulate(new SpikingNetwork(positive), new Batch(x, new int[n], n, 1, 1, 6),
        new SimulationOptions(steps, InputCoding.POISSON, InitialMembrane.ZERO, Readout.ACCUMULATE, 7), rec);
    float[] k = rec.steps.get(steps - 1).k()[0];
    int checked = 0;
    for (int i = 0; i < n; i++) {
      if (!Float.isNaN(k[i])) {
        // Bernoulli input: the error shrinks like 1/√t, not 1/t.
        assertThat(Math.sqrt(k[i]) * rateLimits[i][0]).as("|r − r̂| of image %d", i)
            .isLessThan(0.06);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(n / 4);
  }

  @Test
  void spikeCountReadoutAgreesWithTheAnnInTheLongRun() {
    int steps = 1000;
    Network network = random(smallConvNet(), 8);
    Batch batch = randomBatch(64, 2, 8, 8, 9);
    Recording rec = new Recording();
    ENGINE.simulate(new SpikingNetwork(network), batch,
        new SimulationOptions(steps, InputCoding.CONSTANT, InitialMembrane.HALF_THRESHOLD,
            Readout.SPIKE_COUNT, 1), rec);
    int same = agreements(annClasses(network, batch), rec.steps.get(steps - 1).predictions());
    assertThat(same).isGreaterThanOrEqualTo(60);
  }

  /** How many images the two class lists agree on. */
  private static int agreements(int[] ann, int[] snn) {
    int same = 0;
    for (int i = 0; i < ann.length; i++) {
      same += ann[i] == snn[i] ? 1 : 0;
    }
    return same;
  }
}
