package org.spikebridge.report;

import java.util.Locale;

/** How the report prints numbers; {@code results.json} holds the same numbers rounded alike. */
final class Format {
  private Format() {}

  /** An accuracy or a difference of accuracies, in percent or points: two decimals. */
  static String percent(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
  }

  /** A distance in points: as short as exact, e.g. {@code 1} or {@code 0.5}. */
  static String points(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** A ratio: two decimals. */
  static String ratio(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
  }

  /** A number of spikes per image: one decimal. */
  static String spikes(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** An energy or a power: four significant digits in scientific notation. */
  static String energy(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.3e", v);
  }

  /** Any other number (thresholds, Ω): four significant digits. */
  static String number(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.4g", v);
  }
}
