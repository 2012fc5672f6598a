package org.spikebridge.report;

import java.util.List;
import java.util.Locale;

/** How the report prints numbers; {@code results.json} holds the same numbers rounded alike. */
final class Format {
  /** Picojoules in one joule. */

  /** The units of {@link #picojoules}, each 1000× the one before. */
  private static final String[] ENERGY_UNITS = {" pJ", " nJ", " µJ", " mJ", " J", " kJ", " MJ", " GJ"};
  /** The suffixes of {@link #count}, each 1000× the one before. */
  private static final String[] COUNT_UNITS = {"", " k", " M", " G", " T", " P"};

  private Format() {}

  /** An accuracy or a difference of accuracies, in percent or points: two decimals. */
  static String percent(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
  }

  /** A number as short as exact, e.g. {@code 1}, {@code 0.5} or {@code 4.6}: points, per-operation costs. */
  static String exact(double v) {
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

  /**
   * An energy given in picojoules, with the SI prefix that puts it in [1, 1000) and 3–4
   * significant digits: {@code 950 pJ}, {@code 1.234 nJ}, {@code 12.35 µJ}.
   */
  static String picojoules(double v) {
    return scaled(v, ENERGY_UNITS);
  }


  /** A count of operations, with k, M, G … and 3–4 significant digits: {@code 400}, {@code 1.500 k}. */
  static String count(double v) {
    return scaled(v, COUNT_UNITS);
  }

  /** Words joined as a list: {@code a}, {@code a and b}, {@code a, b and c}. */
  static String list(List<String> words) {
    return words.size() < 2 ? String.join("", words)
        : String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
  }

  /**
   * {@code v} divided by 1000 until it is below 1000 (or the units run out), followed by its unit:
   * no decimals from 100, two from 10, else three. The thresholds sit where rounding would carry
   * into the next digit, so 999.7 prints as {@code 1.000} of the next unit, not {@code 1000}.
   */
  private static String scaled(double v, String[] units) {
    if (!Double.isFinite(v)) {
      return "—";
    }
    double x = v;
    int unit = 0;
    while (Math.abs(x) >= 999.5 && unit < units.length - 1) {
      x /= 1000;
      unit++;
    }
    double magnitude = Math.abs(x);
    int decimals = magnitude >= 99.995 ? 0 : magnitude >= 9.9995 ? 2 : 3;
    return String.format(Locale.ROOT, "%." + decimals + "f", x) + units[unit];
  }
}
