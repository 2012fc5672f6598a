package org.spikebridge.metrics;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.spikebridge.simulate.BatchReference;
import org.spikebridge.simulate.StepObserver;
import org.spikebridge.simulate.StepRecord;

/**
 * Accumulates what a simulation reports, batch after batch, into totals per time step t = 1..T:
 * correct predictions, agreement with the ANN's prediction, per spiking layer the sum and count of
 * the finite K_l(t) values (Eq. 7) and the spikes emitted, the images that stopped there (early
 * exit; the others stop at T); and per layer the sum and count of the
 * finite Ω_l = ‖r̂_l‖₁ / ‖r̂_l‖₂² (Theorem 2). Memory is O(layers × T), whatever the number of
 * batches or images.
 *
 * <p>K and Ω are NaN where r̂_l = 0 (the layer is silent in the ANN for that image); such values
 * are skipped, so the mean K and mean Ω are over the images where they are defined. An infinite K
 * or Ω is a fault of the engine and is rejected.
 *
 * <p>The recorder checks that the engine keeps its contract: every batch starts with
 * {@link #batchStarted}, then reports steps 1, 2, …, T in order, with arrays sized by the layer
 * count and the batch size. A violation throws {@link IllegalStateException} saying what was
 * expected and what was found, and leaves the totals as they were before the faulty call. Not
 * thread-safe: one engine reports to one recorder.
 *
 * <p>K and Ω are summed exactly ({@link ExactSums}) and everything else is counted in longs, so
 * recorders of disjoint parts of a test set {@link #merge merged} in any order give exactly the
 * metrics of one recorder that saw every batch: what a simulation split over machines relies on.
 * A recorder is {@link Serializable} between batches, to send it to where it is merged.
 */
public final class SimulationRecorder implements StepObserver, Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> layers;
  private final int timesteps;

  private final long[] correct;
  private final long[] agreeing;
  /** Σ K_l(t) over the images where it is finite, slot l·T + t − 1. */
  private final ExactSums kSums;
  private final long[][] kCount;
  private final long[][] spikes;
  private final long[] stops;
  private final ExactSums omegaSums;
  private final long[] omegaCount;
  private long images;
  private long annCorrect;
  private int batches;

  /** The batch in progress, or null between batches. */
  private transient BatchReference current;
  /** The last step reported for the batch in progress (0 right after batchStarted). */
  private int lastStep;
  /** The images of the batch in progress that stopped early so far. */
  private int stoppedInBatch;

  /**
   * A recorder for a network whose spiking layers are {@code layers} (in the order the engine
   * reports them), simulated for {@code timesteps} steps per batch.
   */
  public SimulationRecorder(List<String> layers, int timesteps) {
    if (layers == null || layers.isEmpty()) {
      throw new IllegalArgumentException("a simulation recorder needs at least one spiking layer, found "
          + (layers == null ? "null" : "none"));
    }
    Set<String> seen = new HashSet<>();
    for (String name : layers) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("spiking layer names must not be blank, found " + layers);
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("spiking layer '" + name + "' is listed twice in " + layers);
      }
    }
    if (timesteps < 1) {
      throw new IllegalArgumentException("timesteps must be at least 1, found " + timesteps);
    }
    this.layers = List.copyOf(layers);
    if (layers.size() > Integer.MAX_VALUE / timesteps) {
      throw new IllegalArgumentException(layers.size() + " layers × " + timesteps + " steps are too many");
    }
    this.timesteps = timesteps;
    int n = layers.size();
    correct = new long[timesteps];
    agreeing = new long[timesteps];
    kSums = new ExactSums(n * timesteps);
    kCount = new long[n][timesteps];
    spikes = new long[n][timesteps];
    stops = new long[timesteps];
    omegaSums = new ExactSums(n);
    omegaCount = new long[n];
  }

  /** The spiking layers' names, in report order. */
  public List<String> layers() {
    return layers;
  }

  /** T, the number of steps every batch must report. */
  public int timesteps() {
    return timesteps;
  }

  /** The number of complete or started batches seen so far. */
  public int batches() {
    return batches;
  }

  @Override
  public void batchStarted(BatchReference reference) {
    if (reference == null) {
      throw new IllegalStateException("batchStarted: expected a batch reference, found null");
    }
    checkBatchComplete("batch " + (batches + 1) + " started");
    int[] labels = reference.labels();
    if (labels == null || labels.length == 0) {
      throw new IllegalStateException("batch " + (batches + 1) + ": expected at least one label, found "
          + (labels == null ? "null" : "none"));
    }
    int size = labels.length;
    checkLength("batch " + (batches + 1) + ": annPredictions", size, reference.annPredictions());
    float[][] omega = reference.omega();
    checkLayerRows("batch " + (batches + 1) + ": omega", size, omega);
    for (int l = 0; l < omega.length; l++) {
      for (int i = 0; i < size; i++) {
        if (Float.isInfinite(omega[l][i])) {
          throw new IllegalStateException("batch " + (batches + 1) + ": omega of layer '" + layers.get(l)
              + "', image " + i + ": expected a finite value or NaN, found " + omega[l][i]);
        }
      }
    }

    int[] ann = reference.annPredictions();
    for (int i = 0; i < size; i++) {
      if (ann[i] == labels[i]) {
        annCorrect++;
      }
    }
    for (int l = 0; l < omega.length; l++) {
      for (float w : omega[l]) {
        if (!Float.isNaN(w)) {
          omegaSums.add(l, w);
          omegaCount[l]++;
        }
      }
    }
    images += size;
    batches++;
    current = reference;
    lastStep = 0;
    stoppedInBatch = 0;
  }

  @Override
  public void stepFinished(StepRecord record) {
    check(record);
    int j = record.t() - 1;
    int size = current.labels().length;
    int[] predictions = record.predictions();
    int[] labels = current.labels();
    int[] ann = current.annPredictions();
    for (int i = 0; i < size; i++) {
      if (predictions[i] == labels[i]) {
        correct[j]++;
      }
      if (predictions[i] == ann[i]) {
        agreeing[j]++;
      }
    }
    float[][] k = record.k();
    for (int l = 0; l < k.length; l++) {
      spikes[l][j] += record.spikes()[l];
      for (float v : k[l]) {
        if (!Float.isNaN(v)) {
          kSums.add(l * timesteps + j, v);
          kCount[l][j]++;
        }
      }
    }
    stoppedInBatch += record.stopped();
    stops[j] += record.stopped();
    lastStep = record.t();
    if (lastStep == timesteps) {
      stops[j] += size - stoppedInBatch;
      current = null;
    }
  }

  /**
   * Refuses a step record that is null, out of order, outside a batch, or whose predictions,
   * spike counts or K values do not fit the batch and the layers.
   */
  private void check(StepRecord record) {
    if (record == null) {
      throw new IllegalStateException("stepFinished: expected a step record, found null");
    }
    if (current == null) {
      throw new IllegalStateException("step " + record.t() + " reported before any batch started"
          + (batches > 0 ? " (batch " + batches + " already has all " + timesteps + " steps)" : ""));
    }
    int expected = lastStep + 1;
    if (record.t() != expected) {
      throw new IllegalStateException("batch " + batches + ": expected step " + expected + " of "
          + timesteps + ", found step " + record.t());
    }
    String where = "batch " + batches + ", step " + record.t();
    int size = current.labels().length;
    checkLength(where + ": predictions", size, record.predictions());
    int stopped = record.stopped();
    if (stopped < 0 || stoppedInBatch + stopped > size || (stopped > 0 && record.t() == timesteps)) {
      throw new IllegalStateException(where + ": stopped: expected 0.." + (size - stoppedInBatch)
          + " images stopping early (none at T), found " + stopped);
    }
    long[] s = record.spikes();
    if (s == null || s.length != layers.size()) {
      throw new IllegalStateException(where + ": spikes: expected one count per spiking layer ("
          + layers.size() + "), found " + (s == null ? "null" : s.length));
    }
    for (int l = 0; l < s.length; l++) {
      if (s[l] < 0) {
        throw new IllegalStateException(where + ": spikes of layer '" + layers.get(l)
            + "': expected a count ≥ 0, found " + s[l]);
      }
    }
    float[][] k = record.k();
    checkLayerRows(where + ": k", size, k);
    for (int l = 0; l < k.length; l++) {
      for (int i = 0; i < size; i++) {
        if (Float.isInfinite(k[l][i])) {
          throw new IllegalStateException(where + ": K of layer '" + layers.get(l) + "', image " + i
              + ": expected a finite value or NaN, found " + k[l][i]);
        }
      }
    }
  }

  /**
   * The metrics of every batch recorded so far. Fails if no batch was recorded or if the last
   * batch has not reported all T steps.
   */
  public SimulationMetrics result() {
    checkBatchComplete("result() called");
    if (images == 0) {
      throw new IllegalStateException("result() called before any batch was recorded");
    }
    if (images > Integer.MAX_VALUE) {
      throw new IllegalStateException("expected at most " + Integer.MAX_VALUE + " images, found " + images);
    }
    int n = layers.size();
    double[] accuracy = new double[timesteps];
    double[] agreement = new double[timesteps];
    double[][] k = new double[n][timesteps];
    double[][] spikesPerImage = new double[n][timesteps];
    double[] omega = new double[n];
    for (int j = 0; j < timesteps; j++) {
      accuracy[j] = percent(correct[j], images);
      agreement[j] = percent(agreeing[j], images);
    }
    for (int l = 0; l < n; l++) {
      omega[l] = omegaCount[l] == 0 ? Double.NaN : omegaSums.sum(l) / omegaCount[l];
      for (int j = 0; j < timesteps; j++) {
        k[l][j] = kCount[l][j] == 0 ? Double.NaN : kSums.sum(l * timesteps + j) / kCount[l][j];
        spikesPerImage[l][j] = (double) spikes[l][j] / images;
      }
    }
    int[] stopSteps = new int[timesteps];
    for (int j = 0; j < timesteps; j++) {
      stopSteps[j] = (int) stops[j];
    }
    return new SimulationMetrics((int) images, timesteps, layers, percent(annCorrect, images), accuracy,
        agreement, k, omega, spikesPerImage, stopSteps);
  }

  /**
   * Adds what {@code other} recorded to this recorder: afterwards this one holds the totals of
   * both, exactly as if it had seen the other's batches too. Both must record the same layers and
   * T, and neither may be in the middle of a batch.
   */
  public void merge(SimulationRecorder other) {
    if (!layers.equals(other.layers) || timesteps != other.timesteps) {
      throw new IllegalArgumentException("cannot merge a recorder of " + other.layers + ", T = "
          + other.timesteps + " into one of " + layers + ", T = " + timesteps);
    }
    checkBatchComplete("merge");
    other.checkBatchComplete("merge of another recorder");
    kSums.merge(other.kSums);
    omegaSums.merge(other.omegaSums);
    for (int j = 0; j < timesteps; j++) {
      correct[j] += other.correct[j];
      agreeing[j] += other.agreeing[j];
      stops[j] += other.stops[j];
    }
    for (int l = 0; l < layers.size(); l++) {
      omegaCount[l] += other.omegaCount[l];
      for (int j = 0; j < timesteps; j++) {
        kCount[l][j] += other.kCount[l][j];
        spikes[l][j] += other.spikes[l][j];
      }
    }
    images += other.images;
    annCorrect += other.annCorrect;
    batches += other.batches;
  }

  private static double percent(long count, long total) {
    return 100.0 * count / total;
  }

  private void checkBatchComplete(String event) {
    if (current != null) {
      throw new IllegalStateException(event + " while batch " + batches + " has reported " + lastStep
          + " of " + timesteps + " steps: expected step " + (lastStep + 1) + " first");
    }
  }

  private static void checkLength(String what, int size, int[] values) {
    if (values == null || values.length != size) {
      throw new IllegalStateException(what + ": expected one value per image (" + size + "), found "
          + (values == null ? "null" : values.length));
    }
  }

  private void checkLayerRows(String what, int size, float[][] rows) {
    if (rows == null || rows.length != layers.size()) {
      throw new IllegalStateException(what + ": expected one row per spiking layer (" + layers.size()
          + "), found " + (rows == null ? "null" : rows.length));
    }
    for (int l = 0; l < rows.length; l++) {
      if (rows[l] == null || rows[l].length != size) {
        throw new IllegalStateException(what + " of layer '" + layers.get(l) + "': expected one value per image ("
            + size + "), found " + (rows[l] == null ? "null" : rows[l].length));
      }
    }
  }
}
