package org.spikebridge.simulate.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

/**
 * Spiking max pooling: the gate on spike trains worked out by hand and against a naive
 * implementation of its definition, and in the event engine, whose output rate tends to the ANN's
 * max pooling of the rates.
 */
class SpikingMaxPoolTest {
  private static final Provenance PROVENANCE = new Provenance("hand", 1, "test", Map.of(), Map.of());

  /**
   * One 2×2 window, neurons a b / c d (row-major indices 0 to 3), over 7 steps:
   *
   * <pre>
   *   t      1  2  3  4  5  6  7
   *   a      .  .  .  .  .  .  .
   *   b      .  1  .  1  .  .  .
   *   c      .  .  1  1  1  .  .
   *   d      1  .  .  .  .  1  .
   *   counts after t (a b c d) and winner:
   *   t = 1  0 0 0 1  d, which spiked   → 1
   *   t = 2  0 1 0 1  b (tie b, d: first), which spiked → 1
   *   t = 3  0 1 1 1  b (tie b, c, d), silent (c spiked)  → 0
   *   t = 4  0 2 2 1  b (tie b, c), which spiked → 1
   *   t = 5  0 2 3 1  c, which spiked   → 1
   *   t = 6  0 2 3 2  c, silent (d spiked) → 0
   *   t = 7  0 2 3 2  c, silent         → 0
   * </pre>
   * A max pool of the spikes themselves would pass on 1 at t = 3 and 6 as well.
   */
  @Test
  void passesOnTheSpikesOfTheNeuronWithTheMostSpikesSoFar() {
    int[][] trains = {{3}, {1}, {2}, {1, 2}, {2}, {3}, {}};
    SpikingMaxPool pool = new SpikingMaxPool(0, 0, 1, 2, 2, 2, 2, 0);
    assertThat(pool.size()).isEqualTo(1);
    int[] winner = new int[1];
    pool.start(winner);
    assertThat(winner).containsExactly(0); // a, before any spike
    int[] counts = new int[4];
    int[] scratch = new int[pool.scratchSize()];
    int[] gated = new int[1];
    int[] out = new int[trains.length];
    int[] winners = new int[trains.length];
    for (int t = 0; t < trains.length; t++) {
      for (int s : trains[t]) {
        counts[s]++;
      }
      out[t] = pool.gate(trains[t], trains[t].length, counts, winner, scratch, gated);
      winners[t] = winner[0];
      assertThat(scratch).as("scratch left all 0").containsOnly(0);
    }
    assertThat(out).containsExactly(1, 1, 0, 1, 1, 0, 0);
    assertThat(winners).containsExactly(3, 1, 1, 1, 2, 2, 2);
  }

  @ParameterizedTest(name = "{0} channels of {1}×{2}, kernel {3}, stride {4}, padding {5}")
  @CsvSource({
      "2, 6, 6, 2, 2, 0",
      "3, 7, 6, 3, 2, 1",
      "4, 5, 5, 3, 1, 1",
      "1, 5, 7, 2, 2, 1"})
  void gatesAsTheNaiveDefinition(int channels, int height, int width, int kernel, int stride,
      int padding) {
    SpikingMaxPool pool = new SpikingMaxPool(0, 0, channels, height, width, kernel, stride, padding);
    int oh = (height + 2 * padding - kernel) / stride + 1;
    int ow = (width + 2 * padding - kernel) / stride + 1;
    assertThat(pool.size()).isEqualTo(channels * oh * ow);
    int neurons = channels * height * width;
    SplittableRandom random = new SplittableRandom(kernel * 100 + stride * 10 + padding);
    double[] rate = new double[neurons];
    for (int n = 0; n < neurons; n++) {
      // a few silent neurons, and many equal rates for ties
      rate[n] = random.nextInt(6) / 6.0;
    }
    int[] winner = new int[pool.size()];
    pool.start(winner);
    int[] counts = new int[neurons];
    int[] scratch = new int[pool.scratchSize()];
    int[] gated = new int[pool.size()];
    int[] spikes = new int[neurons];
    for (int t = 1; t <= 200; t++) {
      boolean[] fired = new boolean[neurons];
      int count = 0;
      for (int n = 0; n < neurons; n++) {
        fired[n] = random.nextDouble() < rate[n];
        if (fired[n]) {
          spikes[count++] = n;
          counts[n]++;
        }
      }
      int passed = pool.gate(spikes, count, counts, winner, scratch, gated);
      int[] actual = Arrays.copyOf(gated, passed);
      Arrays.sort(actual);
      assertThat(actual).as("outputs spiking at t = %d", t).containsExactly(
          naiveGate(fired, counts, channels, height, width, kernel, stride, padding));
    }
  }

  /**
   * The definition read literally, channels-last: each window's winner by a scan in row-major
   * order keeping the first of the largest counts, padding skipped; the outputs whose winner fired.
   */
  private static int[] naiveGate(boolean[] fired, int[] counts, int channels, int height, int width,
      int kernel, int stride, int padding) {
    int oh = (height + 2 * padding - kernel) / stride + 1;
    int ow = (width + 2 * padding - kernel) / stride + 1;
    List<Integer> out = new ArrayList<>();
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        for (int c = 0; c < channels; c++) {
          int best = -1;
          for (int ky = 0; ky < kernel; ky++) {
            for (int kx = 0; kx < kernel; kx++) {
              int y = oy * stride - padding + ky;
              int x = ox * stride - padding + kx;
              if (y < 0 || y >= height || x < 0 || x >= width) {
                continue;
              }
              int n = (y * width + x) * channels + c;
              if (best < 0 || counts[n] > counts[best]) {
                best = n;
              }
            }
          }
          if (fired[best]) {
            out.add((oy * ow + ox) * channels + c);
          }
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  @Test
  void poolsAnalogValuesWithoutThePadding() {
    // one channel, 3×3 window, stride 2, padding 1 on 3×3 values: windows at (−1..1) and (1..3)
    SpikingMaxPool pool = new SpikingMaxPool(0, 0, 1, 3, 3, 3, 2, 1);
    float[] values = {-1, -2, -3, -4, -5, -6, -7, -8, -9};
    // top left window: rows 0–1, columns 0–1 → −1; top right: rows 0–1, columns 1–2 → −2;
    // bottom left: rows 1–2, columns 0–1 → −4; bottom right: rows 1–2, columns 1–2 → −5
    assertThat(pool.pool(values)).containsExactly(-1, -2, -4, -5);
  }

  @Test
  void refusesPaddingOfMoreThanHalfTheWindow() {
    assertThatThrownBy(() -> new SpikingMaxPool(0, 0, 1, 4, 4, 2, 2, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("padding");
  }

  /**
   * input [1, 2, 2] → conv1 (1×1, 1 → 2 channels, weights 1 and 1/2) → if1 (θ = 1) → maxpool1
   * (2×2) → conv2 (1×1, identity on 2 channels) → if2 (θ = 1) → flatten → fc (2 → 2, identity).
   * Under constant coding the four pixels (1/4, 3/8, 5/8, 1/8) drive if1 at those rates in channel
   * 0 and at half of them in channel 1, exactly in float. A gated spike is a current of 1 into
   * if2, which fires at once and keeps 0: if2 spikes at step t exactly when the max pool passes a
   * spike on.
   */
  private static SpikingNetwork twoLayers() {
    Architecture a = new Architecture("max-pooled", TensorShape.of(1, 2, 2), 2, List.of(
        new Layer.Conv2d("conv1", List.of("input"), 1, 2, 1, 1, 0, false),
        new Layer.IntegrateAndFire("if1", List.of("conv1"), false),
        new Layer.MaxPool2d("maxpool1", List.of("if1"), 2, 2, 0),
        new Layer.Conv2d("conv2", List.of("maxpool1"), 2, 2, 1, 1, 0, false),
        new Layer.IntegrateAndFire("if2", List.of("conv2"), false),
        new Layer.Flatten("flatten", List.of("if2")),
        new Layer.Linear("fc", List.of("flatten"), 2, 2, false)));
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("conv1.weight", new Tensor(TensorShape.of(2, 1, 1, 1), new float[] {1, 0.5f}));
    p.put("if1.threshold", new Tensor(TensorShape.of(1), new float[] {1}));
    p.put("conv2.weight", new Tensor(TensorShape.of(2, 2, 1, 1), new float[] {1, 0, 0, 1}));
    p.put("if2.threshold", new Tensor(TensorShape.of(1), new float[] {1}));
    p.put("fc.weight", new Tensor(TensorShape.of(2, 2), new float[] {1, 0, 0, 1}));
    return new SpikingNetwork(new Network(a, p, PROVENANCE));
  }

  private static final float[] PIXELS = {0.25f, 0.375f, 0.625f, 0.125f};

  /**
   * The two-layer network simulated naively, step by step: per channel and step, whether the max
   * pool passes a spike on. Integrate-and-fire from v = 0, the winner by a scan in row-major order.
   */
  private static boolean[][] naiveGatedSpikes(int steps) {
    float[][] current = {PIXELS, new float[4]};
    for (int n = 0; n < 4; n++) {
      current[1][n] = PIXELS[n] * 0.5f;
    }
    boolean[][] gated = new boolean[steps][2];
    for (int c = 0; c < 2; c++) {
      float[] v = new float[4];
      int[] counts = new int[4];
      for (int t = 0; t < steps; t++) {
        boolean[] fired = new boolean[4];
        for (int n = 0; n < 4; n++) {
          v[n] += current[c][n];
          fired[n] = v[n] >= 1f;
          if (fired[n]) {
            v[n] -= 1f;
            counts[n]++;
          }
        }
        int best = 0;
        for (int n = 1; n < 4; n++) {
          best = counts[n] > counts[best] ? n : best;
        }
        gated[t][c] = fired[best];
      }
    }
    return gated;
  }

  @Test
  void theEventEngineGatesAsTheNaiveSimulationAndItsRateTendsToTheAnnMax() {
    int steps = 2000;
    SpikingNetwork snn = twoLayers();
    Recording recorder = new Recording();
    new EventEngine(1).simulate(snn, new Batch(PIXELS, new int[] {0}, 1, 1, 2, 2),
        new SimulationOptions(steps, InputCoding.CONSTANT, InitialMembrane.ZERO, Readout.ACCUMULATE, 1),
        recorder);

    boolean[][] naive = naiveGatedSpikes(steps);
    int[] passed = new int[2];
    for (int t = 0; t < steps; t++) {
      passed[0] += naive[t][0] ? 1 : 0;
      passed[1] += naive[t][1] ? 1 : 0;
      assertThat(recorder.steps.get(t).spikes()[1]).as("if2's spikes at t = %d", t + 1)
          .isEqualTo((naive[t][0] ? 1L : 0L) + (naive[t][1] ? 1L : 0L));
    }
    assertThat(recorder.spikeCounts.get(0)[1][0]).containsExactly(passed);

    // The ANN (the analog reference): max pooling of the rate limits, 5/8 and 5/16. The rate
    // passed on is within 1/t of it at every t here (the count within one spike of r·t: the winner's
    // count is the largest, and a tie early on passes one spike more); 2/t leaves a margin.
    float[] annMax = AnalogReference.forward(snn.network(), PIXELS, 1).get("maxpool1");
    assertThat(annMax).containsExactly(0.625f, 0.3125f);
    for (int c = 0; c < 2; c++) {
      assertThat(Math.abs((double) recorder.spikeCounts.get(0)[1][0][c] / steps - annMax[c]))
          .as("rate error of channel %d at T", c).isLessThanOrEqualTo(2.0 / steps);
      int count = 0;
      for (int t = 1; t <= steps; t++) {
        count += naive[t - 1][c] ? 1 : 0;
        assertThat(Math.abs((double) count / t - annMax[c])).as("rate error of channel %d at t = %d", c, t)
            .isLessThanOrEqualTo(2.0 / t);
      }
    }
  }

  @Test
  void aSpikingNetworkRefusesAMaxPoolThatDoesNotReadASpikingLayer() {
    Architecture a = new Architecture("pool-first", TensorShape.of(1, 2, 2), 2, List.of(
        new Layer.Conv2d("conv1", List.of("input"), 1, 1, 1, 1, 0, false),
        new Layer.MaxPool2d("maxpool1", List.of("conv1"), 2, 2, 0),
        new Layer.IntegrateAndFire("if1", List.of("maxpool1"), false),
        new Layer.Flatten("flatten", List.of("if1")),
        new Layer.Linear("fc", List.of("flatten"), 1, 2, false)));
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("conv1.weight", new Tensor(TensorShape.of(1, 1, 1, 1), new float[] {1}));
    p.put("if1.threshold", new Tensor(TensorShape.of(1), new float[] {1}));
    p.put("fc.weight", new Tensor(TensorShape.of(2, 1), new float[] {1, 0}));
    assertThatThrownBy(() -> new SpikingNetwork(new Network(a, p, PROVENANCE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("layer 'maxpool1' (MaxPool2d) reads 'conv1'")
        .hasMessageContaining("IntegrateAndFire");
  }
}
