package org.spikebridge.metrics;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a simulation measured, per time step t = 1..T, averaged over all its images. Arrays are
 * indexed by t − 1; every array is copied on the way in and on the way out, so a value of this
 * record never changes. {@link #equals} compares arrays by content (NaN equals NaN).
 *
 * <p>Plain {@code double[]} rather than lists: the numbers are many and {@link MetricsFiles} writes
 * the JSON itself, so the record need not be Jackson-friendly.
 *
 * @param images the number of images simulated
 * @param timesteps T, the number of steps simulated per image
 * @param layers the spiking layers' names, in report order
 * @param annAccuracy the ANN's accuracy in percent
 * @param accuracy the SNN's accuracy in percent at each step
 * @param agreement the percentage of images whose SNN prediction equals the ANN's, at each step
 * @param k [layer][t − 1] the mean K_l(t) (Eq. 7) over the images where r̂_l ≠ 0; NaN if none
 * @param omega per layer, the mean Ω_l = ‖r̂_l‖₁ / ‖r̂_l‖₂² (Theorem 2) over the images where
 *     r̂_l ≠ 0; NaN if none
 * @param spikesPerImage [layer][t − 1] the spikes the layer emitted at step t, per image (of the
 *     images still running at t, under early exit)
 * @param stops [t − 1] how many images stopped at step t: all at T without early exit
 */
public record SimulationMetrics(int images, int timesteps, List<String> layers, double annAccuracy,
    double[] accuracy, double[] agreement, double[][] k, double[] omega, double[][] spikesPerImage,
    int[] stops) {

  /**
   * Slack, in percentage points, when comparing an accuracy to a target: percentages are computed
   * from counts, so a target such as annAccuracy − 1 may differ from an equal accuracy by rounding.
   */
  public static final double ACCURACY_TOLERANCE = 1e-9;

  /** Steps per second: one time step lasts 1 ms (§3.4). */
  public static final double STEPS_PER_SECOND = 1000;

  /** Checks the shapes and ranges and copies every array. */
  public SimulationMetrics {
    if (images < 1) {
      throw new IllegalArgumentException("images: expected at least 1, found " + images);
    }
    if (timesteps < 1) {
      throw new IllegalArgumentException("timesteps: expected at least 1, found " + timesteps);
    }
    Objects.requireNonNull(layers, "layers");
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("layers: expected at least one spiking layer, found none");
    }
    Set<String> seen = new HashSet<>();
    for (String name : layers) {
      if (name.isBlank() || !seen.add(name)) {
        throw new IllegalArgumentException("layers: expected distinct, non-blank names, found " + layers);
      }
    }
    checkPercent("annAccuracy", annAccuracy);
    accuracy = steps("accuracy", accuracy, timesteps);
    agreement = steps("agreement", agreement, timesteps);
    for (int j = 0; j < timesteps; j++) {
      checkPercent("accuracy at t=" + (j + 1), accuracy[j]);
      checkPercent("agreement at t=" + (j + 1), agreement[j]);
    }
    k = perLayerSteps("k", k, layers.size(), timesteps);
    spikesPerImage = perLayerSteps("spikesPerImage", spikesPerImage, layers.size(), timesteps);
    for (double[] row : spikesPerImage) {
      for (double v : row) {
        if (!(v >= 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException("spikesPerImage: expected finite values ≥ 0, found " + v);
        }
      }
    }
    Objects.requireNonNull(omega, "omega");
    if (omega.length != layers.size()) {
      throw new IllegalArgumentException("omega: expected one value per layer (" + layers.size() + "), found "
          + omega.length);
    }
    omega = omega.clone();
    stops = checkStops(stops, images, timesteps);
  }

  /** Metrics of a simulation where every image ran all T steps. */
  public SimulationMetrics(int images, int timesteps, List<String> layers, double annAccuracy,
      double[] accuracy, double[] agreement, double[][] k, double[] omega, double[][] spikesPerImage) {
    this(images, timesteps, layers, annAccuracy, accuracy, agreement, k, omega, spikesPerImage,
        allAt(timesteps, images));
  }

  private static int[] allAt(int timesteps, int images) {
    int[] stops = new int[Math.max(timesteps, 0)];
    if (timesteps > 0) {
      stops[timesteps - 1] = images;
    }
    return stops;
  }

  private static int[] checkStops(int[] stops, int images, int timesteps) {
    Objects.requireNonNull(stops, "stops");
    if (stops.length != timesteps) {
      throw new IllegalArgumentException("stops: expected one count per step (" + timesteps + "), found "
          + stops.length);
    }
    long sum = 0;
    for (int n : stops) {
      if (n < 0) {
        throw new IllegalArgumentException("stops: expected counts ≥ 0, found " + n);
      }
      sum += n;
    }
    if (sum != images) {
      throw new IllegalArgumentException("stops: expected every image (" + images + ") to stop once, found "
          + sum);
    }
    return stops.clone();
  }

  @Override
  public int[] stops() {
    return stops.clone();
  }

  /** Whether some image stopped before T (early exit). */
  public boolean stoppedEarly() {
    return stops[timesteps - 1] != images;
  }

  /** The mean number of steps an image ran (T without early exit). */
  public double meanSteps() {
    double sum = 0;
    for (int j = 0; j < timesteps; j++) {
      sum += (j + 1) * (double) stops[j];
    }
    return sum / images;
  }

  /**
   * The fewest steps within which a fraction {@code q} (in (0, 1]) of the images stopped, e.g. the
   * 95th percentile of the steps per image for q = 0.95.
   */
  public int stepsForFraction(double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("fraction of images: expected a number in (0, 1], found " + q);
    }
    long needed = (long) Math.ceil(q * images - 1e-9);
    long sum = 0;
    for (int j = 0; j < timesteps; j++) {
      sum += stops[j];
      if (sum >= needed) {
        return j + 1;
      }
    }
    return timesteps;
  }

  @Override
  public double[] accuracy() {
    return accuracy.clone();
  }

  @Override
  public double[] agreement() {
    return agreement.clone();
  }

  @Override
  public double[][] k() {
    return deepCopy(k);
  }

  @Override
  public double[] omega() {
    return omega.clone();
  }

  @Override
  public double[][] spikesPerImage() {
    return deepCopy(spikesPerImage);
  }

  /** The index of the spiking layer named {@code name}. */
  public int layerIndex(String name) {
    int index = layers.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("no spiking layer '" + name + "'; the layers are " + layers);
    }
    return index;
  }

  /** The SNN's accuracy in percent at step {@code t} (1..T). */
  public double accuracyAt(int t) {
    checkStep(t, 1);
    return accuracy[t - 1];
  }

  /**
   * Theorem 2's upper bound of the K curve of {@code layer}, per step: K_l(t) &lt; 2Ω_l / t (Eq. 8),
   * with the layer's mean Ω. As the bound is linear in Ω, this is also the mean of the per-image
   * bounds, over the same images as the mean K.
   */
  public double[] bound(int layer) {
    Objects.checkIndex(layer, layers.size());
    double[] b = new double[timesteps];
    for (int j = 0; j < timesteps; j++) {
      b[j] = 2 * omega[layer] / (j + 1);
    }
    return b;
  }

  /** The spikes of all spiking layers at each step, per image. */
  public double[] totalSpikesPerImage() {
    double[] total = new double[timesteps];
    for (double[] row : spikesPerImage) {
      for (int j = 0; j < timesteps; j++) {
        total[j] += row[j];
      }
    }
    return total;
  }

  /** The spikes of all spiking layers in steps 1..t (0..T; 0 gives 0), per image. */
  public double spikesUpTo(int t) {
    checkStep(t, 0);
    double[] total = totalSpikesPerImage();
    double sum = 0;
    for (int j = 0; j < t; j++) {
      sum += total[j];
    }
    return sum;
  }

  /**
   * The power per image at each step, in watts: P = total spikes × α / 10⁻³ (Eq. 14), where a spike
   * costs {@code alpha} joules and one step lasts 1 ms (computed as × 1000 per second, which is
   * exact where dividing by 10⁻³ would round).
   */
  public double[] power(double alpha) {
    checkAlpha(alpha);
    double[] p = totalSpikesPerImage();
    for (int j = 0; j < p.length; j++) {
      p[j] = p[j] * alpha * STEPS_PER_SECOND;
    }
    return p;
  }

  /**
   * The energy per image spent in steps 1..t (0..T), in joules: α·Σ_{s≤t} total spikes(s), the
   * integral of Eq. 14's power over t steps of 1 ms (§3.4).
   */
  public double energyUpTo(int t, double alpha) {
    checkAlpha(alpha);
    return alpha * spikesUpTo(t);
  }

  /**
   * The energy per image spent until the accuracy first reaches {@code accuracyPercent} (§3.4,
   * Fig. 7), in joules; empty if it never does within T steps.
   */
  public OptionalDouble energyToReach(double accuracyPercent, double alpha) {
    checkAlpha(alpha);
    OptionalInt t = firstStepReaching(accuracyPercent);
    return t.isPresent() ? OptionalDouble.of(energyUpTo(t.getAsInt(), alpha)) : OptionalDouble.empty();
  }

  /**
   * The first step t with accuracy(t) ≥ {@code accuracyPercent} (up to
   * {@link #ACCURACY_TOLERANCE}); empty if no step within T reaches it.
   */
  public OptionalInt firstStepReaching(double accuracyPercent) {
    if (Double.isNaN(accuracyPercent)) {
      throw new IllegalArgumentException("accuracy target: expected a percentage, found NaN");
    }
    for (int j = 0; j < timesteps; j++) {
      if (accuracy[j] >= accuracyPercent - ACCURACY_TOLERANCE) {
        return OptionalInt.of(j + 1);
      }
    }
    return OptionalInt.empty();
  }

  /**
   * The first step t whose accuracy is within {@code points} percentage points of the ANN's, that
   * is accuracy(t) ≥ annAccuracy − points; empty if none within T.
   */
  public OptionalInt firstStepWithin(double points) {
    if (!(points >= 0)) {
      throw new IllegalArgumentException("points: expected a number ≥ 0, found " + points);
    }
    return firstStepReaching(annAccuracy - points);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SimulationMetrics m
        && images == m.images
        && timesteps == m.timesteps
        && layers.equals(m.layers)
        && Double.compare(annAccuracy, m.annAccuracy) == 0
        && Arrays.equals(accuracy, m.accuracy)
        && Arrays.equals(agreement, m.agreement)
        && Arrays.deepEquals(k, m.k)
        && Arrays.equals(omega, m.omega)
        && Arrays.deepEquals(spikesPerImage, m.spikesPerImage)
        && Arrays.equals(stops, m.stops);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(images, timesteps, layers, annAccuracy);
    h = 31 * h + Arrays.hashCode(accuracy);
    h = 31 * h + Arrays.hashCode(agreement);
    h = 31 * h + Arrays.deepHashCode(k);
    h = 31 * h + Arrays.hashCode(omega);
    h = 31 * h + Arrays.deepHashCode(spikesPerImage);
    return 31 * h + Arrays.hashCode(stops);
  }

  @Override
  public String toString() {
    return "SimulationMetrics[images=" + images + ", timesteps=" + timesteps + ", layers=" + layers
        + ", annAccuracy=" + annAccuracy + ", accuracy=" + Arrays.toString(accuracy)
        + ", agreement=" + Arrays.toString(agreement) + ", k=" + Arrays.deepToString(k)
        + ", omega=" + Arrays.toString(omega) + ", spikesPerImage=" + Arrays.deepToString(spikesPerImage)
        + ", stops=" + Arrays.toString(stops) + "]";
  }

  private void checkStep(int t, int from) {
    if (t < from || t > timesteps) {
      throw new IllegalArgumentException("step " + t + " is outside " + from + ".." + timesteps);
    }
  }

  private static void checkAlpha(double alpha) {
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha (joules per spike): expected a finite number ≥ 0, found " + alpha);
    }
  }

  private static void checkPercent(String what, double value) {
    if (!(value >= 0 && value <= 100)) {
      throw new IllegalArgumentException(what + ": expected a percentage in [0, 100], found " + value);
    }
  }

  private static double[] steps(String what, double[] values, int timesteps) {
    Objects.requireNonNull(values, what);
    if (values.length != timesteps) {
      throw new IllegalArgumentException(what + ": expected one value per step (" + timesteps + "), found "
          + values.length);
    }
    return values.clone();
  }

  private static double[][] perLayerSteps(String what, double[][] values, int layers, int timesteps) {
    Objects.requireNonNull(values, what);
    if (values.length != layers) {
      throw new IllegalArgumentException(what + ": expected one row per layer (" + layers + "), found "
          + values.length);
    }
    double[][] copy = new double[layers][];
    for (int l = 0; l < layers; l++) {
      copy[l] = steps(what + "[" + l + "]", values[l], timesteps);
    }
    return copy;
  }

  private static double[][] deepCopy(double[][] values) {
    double[][] copy = new double[values.length][];
    for (int i = 0; i < values.length; i++) {
      copy[i] = values[i].clone();
    }
    return copy;
  }
}
