package org.spikebridge.simulate;

import java.io.Serializable;
import java.util.Locale;

/**
 * When an image may stop before step T: its prediction is then final, and it spends no more steps
 * or spikes. Every image still reports steps 1..T; after its stop its prediction stays the one it
 * stopped with, and it adds no spikes and no K value.
 *
 * @param criterion the rule
 * @param patience k, for {@link Criterion#CONFIDENT}: the steps the prediction must have held
 * @param margin δ, for {@link Criterion#CONFIDENT}: the lead of the predicted class over the
 *     second, per step so far (the readout's quantity: accumulated output current, or output spikes)
 */
public record EarlyExit(Criterion criterion, int patience, double margin) implements Serializable {

  /** Every image runs all T steps. */
  public static final EarlyExit NONE = new EarlyExit(Criterion.NONE, 0, 0);

  /** The rules an image can stop by. */
  public enum Criterion {
    /** No early exit. */
    NONE,
    /**
     * Stop at t when no output the network can still produce in steps t+1..T can change the
     * predicted class: the prediction is then the one at T
     * ({@link org.spikebridge.simulate.event.SettledImages}).
     */
    EXACT,
    /** Stop when the prediction has held for k steps with a lead of at least δ·t. */
    CONFIDENT
  }

  /** Checks k ≥ 1 and δ ≥ 0 for the confident rule. */
  public EarlyExit {
    if (criterion == null) {
      throw new IllegalArgumentException("early exit: expected a criterion, found null");
    }
    if (criterion == Criterion.CONFIDENT && patience < 1) {
      throw new IllegalArgumentException("early exit: patience k must be ≥ 1, found " + patience);
    }
    if (criterion == Criterion.CONFIDENT && !(margin >= 0 && margin < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("early exit: margin δ must be a finite number ≥ 0, found " + margin);
    }
  }

  /** Stops when the prediction can no longer change up to T. */
  public static EarlyExit exact() {
    return new EarlyExit(Criterion.EXACT, 0, 0);
  }

  /** Stops when the prediction has held for {@code patience} steps with a lead ≥ {@code margin}·t. */
  public static EarlyExit confident(int patience, double margin) {
    return new EarlyExit(Criterion.CONFIDENT, patience, margin);
  }

  /** Whether images can stop early. */
  public boolean enabled() {
    return criterion != Criterion.NONE;
  }

  /** The rule as reports and provenance name it: {@code none}, {@code exact}, {@code confident(k=3, δ=0.5)}. */
  public String describe() {
    return switch (criterion) {
      case NONE -> "none";
      case EXACT -> "exact";
      case CONFIDENT -> String.format(Locale.ROOT, "confident(k=%d, δ=%s)", patience, margin);
    };
  }
}
