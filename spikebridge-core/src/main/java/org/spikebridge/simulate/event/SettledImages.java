package org.spikebridge.simulate.event;

import org.spikebridge.simulate.EarlyExit;
import org.spikebridge.simulate.Readout;

/**
 * The early-exit state of a batch's images: per image the step it stopped at (0 while it runs),
 * the class it predicts and since when. Both engines ask it after every step of a running image
 * whether the image stops; a stopped image keeps its prediction to T. Each image's slots are
 * written by one thread only.
 *
 * <p>The exact rule: at step t with R = T − t steps left, the predicted class p stays the arg-max
 * at T if, for every other class j, acc_p − acc_j + R·leastLead_pj &gt; 0 ({@link OutputBounds}),
 * with leastLead_pj lowered by both classes' rounding allowances: p's lead over j falls by at most
 * that much per step, so it is still positive at T and the prediction is final. Under spike-count readout an output neuron
 * fires at most once per step, so the rule is count_p &gt; count_j + R.
 */
public final class SettledImages {
  /** One float rounding: 2^−24. */
  private static final double ROUNDING = 0x1p-24;

  private final EarlyExit rule;
  private final OutputBounds bounds;
  private final Readout readout;
  private final int timesteps;
  private final int classes;
  /** Per class, the rounding allowance of one step's current and of one accumulation. */
  private final double[] allowance;
  private final int[] stopStep;
  private final int[] prediction;
  private final int[] heldSince;

  /**
   * The state of {@code images} images with {@code classes} output classes, simulated for
   * {@code timesteps} steps; {@code bounds} may be null unless the rule is exact.
   */
  public SettledImages(EarlyExit rule, OutputBounds bounds, Readout readout, int timesteps, int classes,
      int images) {
    if (rule.criterion() == EarlyExit.Criterion.EXACT && bounds == null) {
      throw new IllegalArgumentException("exact early exit needs the output layer's bounds");
    }
    this.rule = rule;
    this.bounds = bounds;
    this.readout = readout;
    this.timesteps = timesteps;
    this.classes = classes;
    this.stopStep = new int[images];
    this.prediction = new int[images];
    this.heldSince = new int[images];
    if (bounds == null) {
      this.allowance = null;
    } else {
      this.allowance = new double[classes];
      for (int c = 0; c < classes; c++) {
        allowance[c] = bounds.spread()[c] * (bounds.fanIn() + 1 + timesteps) * ROUNDING;
      }
    }
  }

  /** Whether image {@code i} has stopped. */
  public boolean stopped(int i) {
    return stopStep[i] != 0;
  }

  /** The step image {@code i} stopped at, 0 if it has not. */
  public int stopStep(int i) {
    return stopStep[i];
  }

  /** The class image {@code i} predicted at its last step run. */
  public int prediction(int i) {
    return prediction[i];
  }

  /** How many images stopped at step t (before T; those that ran to T are not counted). */
  public int stoppedAt(int t) {
    int n = 0;
    for (int s : stopStep) {
      n += s == t ? 1 : 0;
    }
    return n;
  }

  /**
   * Records that running image {@code i} predicts {@code predicted} at step t and returns whether
   * it stops there. Its output so far is {@code accumulated[offset..offset+classes)} (the
   * accumulated current) and, under spike-count readout, {@code spikes[offset..offset+classes)}.
   */
  public boolean settles(int i, int t, int predicted, float[] accumulated, int[] spikes, int offset) {
    if (t == 1 || predicted != prediction[i]) {
      prediction[i] = predicted;
      heldSince[i] = t;
    }
    if (t >= timesteps) {
      return false;
    }
    boolean stop = switch (rule.criterion()) {
      case NONE -> false;
      case EXACT -> readout == Readout.ACCUMULATE ? finalCurrent(predicted, accumulated, offset, timesteps - t)
          : finalCount(predicted, spikes, offset, timesteps - t);
      case CONFIDENT -> t - heldSince[i] + 1 >= rule.patience()
          && lead(predicted, accumulated, spikes, offset) >= rule.margin() * t;
    };
    if (stop) {
      stopStep[i] = t;
    }
    return stop;
  }

  /** The exact rule on accumulated currents, {@code left} steps before T. */
  private boolean finalCurrent(int p, float[] accumulated, int offset, int left) {
    double[] leastLead = bounds.leastLead()[p];
    for (int j = 0; j < classes; j++) {
      double lead = (double) accumulated[offset + p] - accumulated[offset + j];
      if (j != p && !(lead + left * (leastLead[j] - allowance[p] - allowance[j]) > 0)) {
        return false;
      }
    }
    return true;
  }

  /** The exact rule on output spike counts, {@code left} steps before T. */
  private boolean finalCount(int p, int[] spikes, int offset, int left) {
    for (int j = 0; j < classes; j++) {
      if (j != p && spikes[offset + p] <= spikes[offset + j] + left) {
        return false;
      }
    }
    return true;
  }

  /** The predicted class's lead over the runner-up in the readout's quantity. */
  private double lead(int p, float[] accumulated, int[] spikes, int offset) {
    double second = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < classes; j++) {
      if (j != p) {
        second = Math.max(second, value(accumulated, spikes, offset + j));
      }
    }
    return classes == 1 ? Double.POSITIVE_INFINITY : value(accumulated, spikes, offset + p) - second;
  }

  private double value(float[] accumulated, int[] spikes, int at) {
    return readout == Readout.ACCUMULATE ? accumulated[at] : spikes[at];
  }
}
