package org.spikebridge.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-channel normalization: a pixel byte {@code x} of channel {@code c} becomes
 * {@code (x/255 − mean[c]) / std[c]}, like torchvision's {@code ToTensor()} followed by
 * {@code Normalize(mean, std)}.
 *
 * @param mean per-channel mean on the [0, 1] scale
 * @param std per-channel standard deviation on the [0, 1] scale, each positive
 */
public record Normalization(float[] mean, float[] std) implements Serializable {

  /** Checks both arrays have the same, positive length and every std is positive and finite. */
  public Normalization {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(std, "std");
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException("expected mean and std of the same positive length, found "
          + mean.length + " and " + std.length);
    }
    for (int c = 0; c < std.length; c++) {
      if (!(std[c] > 0) || Float.isInfinite(std[c]) || !Float.isFinite(mean[c])) {
        throw new IllegalArgumentException("expected finite mean and positive finite std for "
            + "channel " + c + ", found mean " + mean[c] + ", std " + std[c]);
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** The provenance setting holding the per-channel mean a network was trained with. */
  public static final String MEAN_SETTING = "normalization.mean";
  /** The provenance setting holding the per-channel standard deviation a network was trained with. */
  public static final String STD_SETTING = "normalization.std";

  /**
   * The normalization a network's provenance {@code settings} record under {@link #MEAN_SETTING}
   * and {@link #STD_SETTING} (as {@link Arrays#toString(float[])} writes them), or empty when
   * either is missing.
   */
  public static Optional<Normalization> recorded(Map<String, String> settings) {
    String mean = settings.get(MEAN_SETTING);
    String std = settings.get(STD_SETTING);
    return mean == null || std == null ? Optional.empty()
        : Optional.of(new Normalization(floats(mean), floats(std)));
  }

  /** The numbers of {@code Arrays.toString(float[])}. */
  private static float[] floats(String text) {
    String[] parts = text.replaceAll("[\\[\\]\\s]", "").split(",");
    float[] values = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Float.parseFloat(parts[i]);
    }
    return values;
  }

  /** The training-set statistics of {@code d}. */
  public static Normalization of(KnownDataset d) {
    return new Normalization(d.mean(), d.std());
  }

  /** Mean 0 and std 1: pixels are only scaled to [0, 1]. */
  public static Normalization none(int channels) {
    float[] zero = new float[channels];
    float[] one = new float[channels];
    Arrays.fill(one, 1f);
    return new Normalization(zero, one);
  }

  /**
   * The per-channel mean and (population) standard deviation of {@code set} on the [0, 1] scale,
   * computed exactly from pixel-value histograms. A channel with zero spread gets std 1.
   */
  public static Normalization fit(ImageSet set) {
    int channels = set.channels();
    int plane = set.height() * set.width();
    long[][] hist = new long[channels][256];
    byte[] p = set.pixels();
    for (int i = 0; i < set.size(); i++) {
      int base = i * set.imageSize();
      for (int c = 0; c < channels; c++) {
        long[] h = hist[c];
        int off = base + c * plane;
        for (int k = 0; k < plane; k++) {
          h[p[off + k] & 0xff]++;
        }
      }
    }
    float[] mean = new float[channels];
    float[] std = new float[channels];
    for (int c = 0; c < channels; c++) {
      double n = 0, sum = 0;
      for (int v = 0; v < 256; v++) {
        n += hist[c][v];
        sum += hist[c][v] * (v / 255.0);
      }
      double m = n == 0 ? 0 : sum / n;
      double sq = 0;
      for (int v = 0; v < 256; v++) {
        double d = v / 255.0 - m;
        sq += hist[c][v] * d * d;
      }
      double s = n == 0 ? 0 : Math.sqrt(sq / n);
      mean[c] = (float) m;
      std[c] = s > 0 ? (float) s : 1f;
    }
    return new Normalization(mean, std);
  }

  /** Number of channels. */
  public int channels() {
    return mean.length;
  }

  /** The normalized value of pixel byte {@code pixel} (0–255) in channel {@code c}. */
  public float apply(int c, int pixel) {
    return (pixel / 255f - mean[c]) / std[c];
  }

  /** A lookup table: {@code table()[c][x] == apply(c, x)}. */
  float[][] table() {
    float[][] t = new float[mean.length][256];
    for (int c = 0; c < mean.length; c++) {
      for (int x = 0; x < 256; x++) {
        t[c][x] = apply(c, x);
      }
    }
    return t;
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && Arrays.equals(mean, n.mean)
        && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
