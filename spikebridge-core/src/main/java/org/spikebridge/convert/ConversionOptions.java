package org.spikebridge.convert;

import java.util.Objects;

/**
 * How a conversion method builds its spiking network.
 *
 * @param form which of the two equivalent forms of Theorem 1 (Eq. 5) to write
 * @param maxPool what to do with max pooling, which has no exact spiking counterpart
 */
public record ConversionOptions(ThresholdForm form, MaxPoolPolicy maxPool) {

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
    AVERAGE
  }

  /** Checks that both settings are given. */
  public ConversionOptions {
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(maxPool, "maxPool");
  }

  /** Threshold balancing, max pooling refused: the paper's setting. */
  public static ConversionOptions defaults() {
    return new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, MaxPoolPolicy.FAIL);
  }
}
