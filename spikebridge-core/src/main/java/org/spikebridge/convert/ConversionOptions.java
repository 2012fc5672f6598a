package org.spikebridge.convert;

import java.util.Objects;

/**
 * How a conversion method builds its spiking network.
 *
 * @param form which of the two equivalent forms of Theorem 1 (Eq. 5) to write
 * @param maxPool what to do with max pooling, which has no exact spiking counterpart: refuse it,
 *     replace it by average pooling, or keep it as spiking max pooling
 * @param calibration normalized training images for the data-based methods ({@code maxnorm},
 *     {@code robustnorm}, {@code scaled}, {@code channelnorm}); {@code null} when none were given
 *     (the {@code rnl} method needs none)
 * @param percentile the percentile p in (0, 100] of the {@code robustnorm} method
 *     (default {@value #DEFAULT_PERCENTILE})
 * @param factor the factor in (0, ∞) by which the {@code scaled} method multiplies the Max Norm
 *     thresholds (default {@value #DEFAULT_FACTOR})
 */
public record ConversionOptions(ThresholdForm form, MaxPoolPolicy maxPool,
    CalibrationSet calibration, double percentile, double factor) {

  /** The {@code robustnorm} percentile unless told otherwise (Rueckauer et al. 2017). */
  public static final double DEFAULT_PERCENTILE = 99.9;

  /** The {@code scaled} factor unless told otherwise (Han et al. 2020). */
  public static final double DEFAULT_FACTOR = 0.8;

  /**
   * The two ways of meeting Eq. 5: W_SNN = W_ANN·max_{l−1}/max_l·v_th,l and b_SNN = b_ANN/max_l·v_th,l.
   * "Weight normalization is equivalent to threshold balancing" (§2.1): the firing rates of both
   * forms are the same; only where the scale lives differs.
   */
  public enum ThresholdForm {
    /** Weights as trained; each integrate-and-fire layer's threshold is v_th,l = max_l. */
    THRESHOLD_BALANCING,
    /** Every threshold is 1; the weights and bias feeding layer l are divided by max_l. */
    WEIGHT_NORMALIZATION
  }

  /** What to do with a MaxPool2d layer. */
  public enum MaxPoolPolicy {
    /** Refuse the network, naming the layer (the CLI's {@code --maxpool fail}). */
    FAIL,
    /**
     * Replace it by an AvgPool2d with the same kernel, stride and padding (the CLI's
     * {@code --maxpool avg}); this changes the function, and the conversion records it.
     */
    AVERAGE,
    /**
     * Keep it as spiking max pooling (the CLI's {@code --maxpool spike}): it gates the spikes of
     * the integrate-and-fire layer it reads, passing on at each step those of each window's neuron
     * with the most spikes so far ({@link org.spikebridge.network.Layer.MaxPool2d} defines it), so
     * that its rate tends to the ANN's max pooling of the rates (Rueckauer et al. 2017). The
     * MaxPool2d must read an activation layer (ReLU or Rate Norm Layer).
     */
    SPIKING
  }

  /** Checks that form and max-pool policy are given, and the percentile and factor ranges. */
  public ConversionOptions {
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(maxPool, "maxPool");
    if (!(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("expected a percentile in (0, 100], found " + percentile);
    }
    if (!(factor > 0 && Double.isFinite(factor))) {
      throw new IllegalArgumentException("expected a positive finite threshold factor, found "
          + factor);
    }
  }

  /** No calibration set, the default percentile and factor. */
  public ConversionOptions(ThresholdForm form, MaxPoolPolicy maxPool) {
    this(form, maxPool, null, DEFAULT_PERCENTILE, DEFAULT_FACTOR);
  }

  /** These options with {@code set} as the calibration images. */
  public ConversionOptions withCalibration(CalibrationSet set) {
    return new ConversionOptions(form, maxPool, set, percentile, factor);
  }

  /** These options with the {@code robustnorm} percentile {@code p}. */
  public ConversionOptions withPercentile(double p) {
    return new ConversionOptions(form, maxPool, calibration, p, factor);
  }

  /** These options with the {@code scaled} factor {@code f}. */
  public ConversionOptions withFactor(double f) {
    return new ConversionOptions(form, maxPool, calibration, percentile, f);
  }

  /**
   * The calibration set; an {@link IllegalArgumentException} saying that {@code method} needs one
   * when there is none.
   */
  public CalibrationSet requireCalibration(String method) {
    if (calibration == null) {
      throw new IllegalArgumentException("the " + method + " method picks thresholds from the "
          + "activations of calibration images (a sample of the training split), but none were "
          + "given");
    }
    return calibration;
  }

  /**
   * The form the command line calls {@code name}: {@code balancing} or {@code weight-norm}; an
   * {@link IllegalArgumentException} for any other.
   */
  public static ThresholdForm parseForm(String name) {
    return switch (name) {
      case "balancing" -> ThresholdForm.THRESHOLD_BALANCING;
      case "weight-norm" -> ThresholdForm.WEIGHT_NORMALIZATION;
      default -> throw new IllegalArgumentException("expected balancing or weight-norm, found '" + name + "'");
    };
  }

  /**
   * The max-pool policy the command line calls {@code name}: {@code fail}, {@code avg} or
   * {@code spike}; an {@link IllegalArgumentException} for any other.
   */
  public static MaxPoolPolicy parseMaxPool(String name) {
    return switch (name) {
      case "fail" -> MaxPoolPolicy.FAIL;
      case "avg" -> MaxPoolPolicy.AVERAGE;
      case "spike" -> MaxPoolPolicy.SPIKING;
      default -> throw new IllegalArgumentException("expected fail, avg or spike, found '" + name + "'");
    };
  }

  /** These options with threshold form {@code f}. */
  public ConversionOptions withForm(ThresholdForm f) {
    return new ConversionOptions(f, maxPool, calibration, percentile, factor);
  }

  /** These options with max-pool policy {@code p}. */
  public ConversionOptions withMaxPool(MaxPoolPolicy p) {
    return new ConversionOptions(form, p, calibration, percentile, factor);
  }

  /** Threshold balancing, max pooling refused: the paper's setting. */
  public static ConversionOptions defaults() {
    return new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, MaxPoolPolicy.FAIL);
  }
}
