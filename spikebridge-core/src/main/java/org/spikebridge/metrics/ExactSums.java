package org.spikebridge.metrics;

import java.io.Serializable;
import java.math.BigInteger;

/**
 * Exact sums of {@code float} values, one per slot: each value is added as an integer multiple of
 * 2^-149 (the smallest float) into one of 16 long buckets by its exponent, so no addition rounds.
 * The order in which values are added, and in which two instances are {@link #merge merged}, does
 * not change the result: {@link #sum} is the exact total rounded once to the nearest double.
 *
 * <p>A bucket holds values up to 2^39 in magnitude, so each slot takes at least 2^24 (16.7 million)
 * additions before it could overflow; {@link #add} refuses more.
 */
final class ExactSums implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Exponents per bucket: a mantissa (24 bits) shifted by up to 15 bits. */
  private static final int SPAN = 16;
  private static final int BUCKETS = 256 / SPAN;
  /** The most additions per slot for which no bucket can overflow. */
  static final long MAX_ADDITIONS = 1L << 24;

  private final long[] buckets;
  private final long[] additions;

  /** {@code slots} sums, all zero. */
  ExactSums(int slots) {
    buckets = new long[Math.multiplyExact(slots, BUCKETS)];
    additions = new long[slots];
  }

  /** Adds the finite value {@code v} to slot {@code slot}. */
  void add(int slot, float v) {
    if (additions[slot] == MAX_ADDITIONS) {
      throw new IllegalStateException("an exact sum takes at most " + MAX_ADDITIONS + " values");
    }
    int bits = Float.floatToRawIntBits(v);
    int exponent = (bits >>> 23) & 0xFF;
    long mantissa = bits & 0x7FFFFF;
    if (exponent == 0) {
      exponent = 1;
    } else {
      mantissa |= 0x800000;
    }
    long scaled = mantissa << (exponent % SPAN);
    buckets[slot * BUCKETS + exponent / SPAN] += bits < 0 ? -scaled : scaled;
    additions[slot]++;
  }

  /** Adds every slot of {@code other} (as many slots as this) to this one's. */
  void merge(ExactSums other) {
    if (other.additions.length != additions.length) {
      throw new IllegalArgumentException("cannot merge " + other.additions.length + " sums into "
          + additions.length);
    }
    for (int s = 0; s < additions.length; s++) {
      if (additions[s] + other.additions[s] > MAX_ADDITIONS) {
        throw new IllegalStateException("an exact sum takes at most " + MAX_ADDITIONS + " values");
      }
    }
    for (int b = 0; b < buckets.length; b++) {
      buckets[b] += other.buckets[b];
    }
    for (int s = 0; s < additions.length; s++) {
      additions[s] += other.additions[s];
    }
  }

  /** The exact sum of slot {@code slot}, rounded to the nearest double. */
  double sum(int slot) {
    BigInteger total = BigInteger.ZERO;
    for (int b = BUCKETS - 1; b >= 0; b--) {
      total = total.shiftLeft(SPAN).add(BigInteger.valueOf(buckets[slot * BUCKETS + b]));
    }
    // bucket b counts units of 2^(SPAN·b − 150); the exponent bias and the 23 fraction bits give 150
    return Math.scalb(total.doubleValue(), -150);
  }
}
