package org.spikebridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spikebridge.simulate.BatchReference;
import org.spikebridge.simulate.StepRecord;

class SimulationRecorderTest {
  private static final float NAN = Float.NaN;
  private static final BatchReference TWO = new BatchReference(new int[] {0, 1}, new int[] {0, 1},
      new float[][] {{1, 1}, {1, 1}});

  private static StepRecord step(int t) {
    return new StepRecord(t, new int[] {0, 1}, new long[] {1, 1}, new float[][] {{0, 0}, {0, 0}});
  }

  private static SimulationRecorder recorder() {
    return new SimulationRecorder(List.of("a", "b"), 3);
  }

  @Test
  void accumulatesEveryValueOverBatches() {
    SimulationMetrics m = HandCase.metrics();
    assertThat(m.images()).isEqualTo(5);
    assertThat(m.timesteps()).isEqualTo(3);
    assertThat(m.layers()).containsExactly("conv1", "fc2");
    // ANN correct 1 + 3 of 5
    assertThat(m.annAccuracy()).isEqualTo(80.0);
    // correct 1+2, 2+3, 1+2 of 5
    assertThat(m.accuracy()).containsExactly(60.0, 100.0, 60.0);
    // agreeing 0+2, 1+3, 2+2 of 5
    assertThat(m.agreement()).containsExactly(40.0, 80.0, 80.0);
    double[][] k = m.k();
    // conv1: (1 + .5 + .5 + 1.5)/4, (.5 + .25 + .25 + .75)/4, (.25 + .125 + .125 + .25)/4; NaN skipped
    assertThat(k[0]).containsExactly(0.875, 0.4375, 0.1875);
    // fc2: (2 + 3 + 1)/3, (1 + 1 + .5)/3, (.5 + .5 + .25)/3
    assertThat(k[1][0]).isEqualTo(2.0);
    assertThat(k[1][1]).isCloseTo(2.5 / 3, within(1e-15));
    assertThat(k[1][2]).isCloseTo(1.25 / 3, within(1e-15));
    // Ω conv1 (2 + 4 + 1 + 3)/4, fc2 (3 + 1.5 + .5)/3
    assertThat(m.omega()[0]).isEqualTo(2.5);
    assertThat(m.omega()[1]).isCloseTo(5.0 / 3, within(1e-15));
    double[][] s = m.spikesPerImage();
    // conv1 (10+9, 6+12, 4+8)/5; fc2 (2+3, 4+0, 2+5)/5
    assertThat(s[0]).containsExactly(19 / 5.0, 18 / 5.0, 12 / 5.0);
    assertThat(s[1]).containsExactly(1.0, 4 / 5.0, 7 / 5.0);
  }

  /**
   * Batch 1 (2 images): one stops at t = 1, the other runs to T = 3. Batch 2: one stops at t = 2,
   * one at t = 1. Stops per step [2, 1, 1]: 7/4 = 1.75 steps per image on average; half the images
   * stopped within 1 step, 3/4 within 2, all within 3.
   */
  @Test
  void countsTheStepEachImageStoppedAt() {
    SimulationRecorder r = recorder();
    int[][] stopped = {{1, 0, 0}, {1, 1, 0}};
    for (int[] batch : stopped) {
      r.batchStarted(TWO);
      for (int t = 1; t <= 3; t++) {
        r.stepFinished(new StepRecord(t, new int[] {0, 1}, new long[] {1, 1}, new float[][] {{0, 0}, {0, 0}},
            batch[t - 1]));
      }
    }
    SimulationMetrics m = r.result();
    assertThat(m.stops()).containsExactly(2, 1, 1);
    assertThat(m.meanSteps()).isEqualTo(1.75);
    assertThat(m.stepsForFraction(0.5)).isEqualTo(1);
    assertThat(m.stepsForFraction(0.75)).isEqualTo(2);
    assertThat(m.stepsForFraction(0.95)).isEqualTo(3);
    assertThat(m.stoppedEarly()).isTrue();
    assertThat(HandCase.metrics().stoppedEarly()).isFalse();
    assertThat(HandCase.metrics().meanSteps()).isEqualTo(3.0);
  }

  @Test
  void refusesMoreStopsThanImagesOrAStopAtT() {
    SimulationRecorder r = recorder();
    r.batchStarted(TWO);
    r.stepFinished(new StepRecord(1, new int[] {0, 1}, new long[] {1, 1}, new float[][] {{0, 0}, {0, 0}}, 2));
    assertThatThrownBy(() -> r.stepFinished(new StepRecord(2, new int[] {0, 1}, new long[] {1, 1},
        new float[][] {{0, 0}, {0, 0}}, 1))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("batch 1, step 2: stopped: expected 0..0");
    r.stepFinished(step(2));
    assertThatThrownBy(() -> r.stepFinished(new StepRecord(3, new int[] {0, 1}, new long[] {1, 1},
        new float[][] {{0, 0}, {0, 0}}, 1))).hasMessageContaining("none at T");
  }

  @Test
  void layerWithoutAnyFiniteValueHasNaNMeans() {
    SimulationRecorder r = new SimulationRecorder(List.of("a"), 1);
    r.batchStarted(new BatchReference(new int[] {3}, new int[] {3}, new float[][] {{NAN}}));
    r.stepFinished(new StepRecord(1, new int[] {3}, new long[] {0}, new float[][] {{NAN}}));
    SimulationMetrics m = r.result();
    assertThat(m.k()[0][0]).isNaN();
    assertThat(m.omega()[0]).isNaN();
    assertThat(m.accuracy()).containsExactly(100.0);
    assertThat(m.spikesPerImage()[0]).containsExactly(0.0);
  }

  @Test
  void resultIsASnapshotAndRecordingMayContinue() {
    SimulationRecorder r = new SimulationRecorder(HandCase.LAYERS, HandCase.T);
    r.batchStarted(HandCase.BATCH1);
    for (StepRecord s : HandCase.STEPS1) {
      r.stepFinished(s);
    }
    SimulationMetrics first = r.result();
    assertThat(first.images()).isEqualTo(2);
    assertThat(first.accuracy()).containsExactly(50.0, 100.0, 50.0);
    r.batchStarted(HandCase.BATCH2);
    for (StepRecord s : HandCase.STEPS2) {
      r.stepFinished(s);
    }
    assertThat(r.result()).isEqualTo(HandCase.metrics());
    assertThat(first.images()).isEqualTo(2);
    assertThat(r.batches()).isEqualTo(2);
  }

  @Test
  void stepOutOfOrder() {
    SimulationRecorder r = recorder();
    r.batchStarted(TWO);
    assertThatThrownBy(() -> r.stepFinished(step(2))).isInstanceOf(IllegalStateException.class)
        .hasMessage("batch 1: expected step 1 of 3, found step 2");
    r.stepFinished(step(1));
    assertThatThrownBy(() -> r.stepFinished(step(1))).isInstanceOf(IllegalStateException.class)
        .hasMessage("batch 1: expected step 2 of 3, found step 1");
  }

  @Test
  void stepBeforeAnyBatchOrAfterT() {
    SimulationRecorder r = recorder();
    assertThatThrownBy(() -> r.stepFinished(step(1))).isInstanceOf(IllegalStateException.class)
        .hasMessage("step 1 reported before any batch started");
    r.batchStarted(TWO);
    r.stepFinished(step(1));
    r.stepFinished(step(2));
    r.stepFinished(step(3));
    assertThatThrownBy(() -> r.stepFinished(step(4))).isInstanceOf(IllegalStateException.class)
        .hasMessage("step 4 reported before any batch started (batch 1 already has all 3 steps)");
  }

  @Test
  void batchEndingBeforeT() {
    SimulationRecorder r = recorder();
    r.batchStarted(TWO);
    r.stepFinished(step(1));
    assertThatThrownBy(() -> r.batchStarted(TWO)).isInstanceOf(IllegalStateException.class)
        .hasMessage("batch 2 started while batch 1 has reported 1 of 3 steps: expected step 2 first");
    r.stepFinished(step(2));
    assertThatThrownBy(r::result).isInstanceOf(IllegalStateException.class)
        .hasMessage("result() called while batch 1 has reported 2 of 3 steps: expected step 3 first");
  }

  @Test
  void resultBeforeAnyBatch() {
    assertThatThrownBy(() -> recorder().result()).isInstanceOf(IllegalStateException.class)
        .hasMessage("result() called before any batch was recorded");
  }

  @Test
  void wrongArrayLengthsInBatchReference() {
    SimulationRecorder r = recorder();
    assertThatThrownBy(() -> r.batchStarted(new BatchReference(new int[] {0, 1}, new int[] {0},
        new float[][] {{1, 1}, {1, 1}}))).isInstanceOf(IllegalStateException.class)
        .hasMessage("batch 1: annPredictions: expected one value per image (2), found 1");
    assertThatThrownBy(() -> r.batchStarted(new BatchReference(new int[] {0, 1}, new int[] {0, 1},
        new float[][] {{1, 1}}))).isInstanceOf(IllegalStateException.class)
        .hasMessage("batch 1: omega: expected one row per spiking layer (2), found 1");
    assertThatThrownBy(() -> r.batchStarted(new BatchReference(new int[] {0, 1}, new int[] {0, 1},
        new float[][] {{1, 1}, {1, 1, 1}}))).isInstanceOf(IllegalStateException.class)
        .hasMessage("batch 1: omega of layer 'b': expected one value per image (2), found 3");
    assertThatThrownBy(() -> r.batchStarted(new BatchReference(new int[0], new int[0],
        new float[][] {{}, {}}))).isInstanceOf(IllegalStateException.class)
        .hasMessage("batch 1: expected at least one label, found none");
    // None of the faulty batches counted.
    r.batchStarted(TWO);
    for (int t = 1; t <= 3; t++) {
      r.stepFinished(step(t));
    }
    assertThat(r.result().images()).isEqualTo(2);
  }

  @Test
  void wrongArrayLengthsInStepRecord() {
    SimulationRecorder r = recorder();
    r.batchStarted(TWO);
    assertThatThrownBy(() -> r.stepFinished(new StepRecord(1, new int[] {0}, new long[] {1, 1},
        new float[][] {{0, 0}, {0, 0}}))).isInstanceOf(IllegalStateException.class)
        .hasMessage("batch 1, step 1: predictions: expected one value per image (2), found 1");
    assertThatThrownBy(() -> r.stepFinished(new StepRecord(1, new int[] {0, 1}, new long[] {1},
        new float[][] {{0, 0}, {0, 0}}))).isInstanceOf(IllegalStateException.class)
        .hasMessage("batch 1, step 1: spikes: expected one count per spiking layer (2), found 1");
    assertThatThrownBy(() -> r.stepFinished(new StepRecord(1, new int[] {0, 1}, new long[] {1, 1},
        new float[][] {{0, 0}}))).isInstanceOf(IllegalStateException.class)
        .hasMessage("batch 1, step 1: k: expected one row per spiking layer (2), found 1");
    assertThatThrownBy(() -> r.stepFinished(new StepRecord(1, new int[] {0, 1}, new long[] {1, 1},
        new float[][] {{0}, {0, 0}}))).isInstanceOf(IllegalStateException.class)
        .hasMessage("batch 1, step 1: k of layer 'a': expected one value per image (2), found 1");
    assertThatThrownBy(() -> r.stepFinished(new StepRecord(1, new int[] {0, 1}, new long[] {1, -1},
        new float[][] {{0, 0}, {0, 0}}))).isInstanceOf(IllegalStateException.class)
        .hasMessage("batch 1, step 1: spikes of layer 'b': expected a count ≥ 0, found -1");
    assertThatThrownBy(() -> r.stepFinished(new StepRecord(1, new int[] {0, 1}, new long[] {1, 1},
        new float[][] {{0, Float.POSITIVE_INFINITY}, {0, 0}}))).isInstanceOf(IllegalStateException.class)
        .hasMessage("batch 1, step 1: K of layer 'a', image 1: expected a finite value or NaN, found Infinity");
    // The faulty steps left nothing behind: step 1 is still expected and counts once.
    for (int t = 1; t <= 3; t++) {
      r.stepFinished(step(t));
    }
    SimulationMetrics m = r.result();
    assertThat(m.spikesPerImage()[0]).containsExactly(0.5, 0.5, 0.5);
    assertThat(m.accuracy()).containsExactly(100.0, 100.0, 100.0);
  }

  @Test
  void rejectsBadConstruction() {
    assertThatThrownBy(() -> new SimulationRecorder(List.of(), 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a simulation recorder needs at least one spiking layer, found none");
    assertThatThrownBy(() -> new SimulationRecorder(List.of("a", "a"), 3))
        .hasMessage("spiking layer 'a' is listed twice in [a, a]");
    assertThatThrownBy(() -> new SimulationRecorder(List.of("a"), 0))
        .hasMessage("timesteps must be at least 1, found 0");
  }

  @Test
  void manyBatchesKeepTheTotalsExact() {
    SimulationRecorder r = new SimulationRecorder(List.of("a", "b"), 3);
    for (int b = 0; b < 10_000; b++) {
      r.batchStarted(TWO);
      for (int t = 1; t <= 3; t++) {
        r.stepFinished(step(t));
      }
    }
    SimulationMetrics m = r.result();
    assertThat(m.images()).isEqualTo(20_000);
    assertThat(m.spikesPerImage()[1]).containsExactly(0.5, 0.5, 0.5);
  }

  /** Batch b of the random test in {@link #mergedPartsInAnyOrderEqualOnePass}: its sizes and values. */
  private static void feed(SimulationRecorder r, int b) {
    SplittableRandom random = new SplittableRandom(b);
    int size = 1 + random.nextInt(5);
    int[] labels = random.ints(size, 0, 3).toArray();
    float[][] omega = new float[2][size];
    for (float[] row : omega) {
      for (int i = 0; i < size; i++) {
        row[i] = random.nextInt(4) == 0 ? NAN : (float) random.nextDouble(0, 1e3);
      }
    }
    r.batchStarted(new BatchReference(labels, random.ints(size, 0, 3).toArray(), omega));
    int running = size;
    for (int t = 1; t <= 3; t++) {
      float[][] k = new float[2][size];
      for (float[] row : k) {
        for (int i = 0; i < size; i++) {
          row[i] = random.nextInt(5) == 0 ? NAN : (float) Math.exp(random.nextDouble(-20, 5));
        }
      }
      int stopped = t < 3 ? random.nextInt(running + 1) : 0;
      running -= stopped;
      r.stepFinished(new StepRecord(t, random.ints(size, 0, 3).toArray(),
          new long[] {random.nextInt(100), random.nextInt(100)}, k, stopped));
    }
  }

  @Test
  void mergedPartsInAnyOrderEqualOnePass() throws Exception {
    int batches = 40;
    SimulationRecorder whole = recorder();
    for (int b = 0; b < batches; b++) {
      feed(whole, b);
    }
    SimulationMetrics expected = whole.result();
    int[][] splits = {{0, 40}, {0, 1, 40}, {0, 10, 20, 30, 40}, {0, 7, 8, 33, 40}};
    for (int[] cuts : splits) {
      List<SimulationRecorder> parts = new ArrayList<>();
      for (int p = 0; p + 1 < cuts.length; p++) {
        SimulationRecorder part = recorder();
        for (int b = cuts[p]; b < cuts[p + 1]; b++) {
          feed(part, b);
        }
        parts.add(roundTrip(part));
      }
      for (boolean reversed : new boolean[] {false, true}) {
        List<SimulationRecorder> order = new ArrayList<>(parts);
        if (reversed) {
          Collections.reverse(order);
        }
        SimulationRecorder merged = recorder();
        order.forEach(merged::merge);
        assertThat(merged.batches()).isEqualTo(batches);
        assertThat(merged.result()).as("split %s, reversed %s", Arrays.toString(cuts), reversed)
            .isEqualTo(expected);
        assertThat(Arrays.deepToString(merged.result().k())).isEqualTo(Arrays.deepToString(expected.k()));
      }
    }
  }

  @Test
  void mergeRefusesOtherLayersAndBatchesInProgress() {
    SimulationRecorder r = recorder();
    assertThatThrownBy(() -> r.merge(new SimulationRecorder(List.of("a", "c"), 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[a, c]");
    SimulationRecorder started = recorder();
    started.batchStarted(TWO);
    assertThatThrownBy(() -> r.merge(started)).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("merge of another recorder while batch 1");
  }

  private static SimulationRecorder roundTrip(SimulationRecorder r) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(r);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (SimulationRecorder) in.readObject();
    }
  }
}
