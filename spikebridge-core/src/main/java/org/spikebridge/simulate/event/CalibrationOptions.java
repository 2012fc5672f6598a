package org.spikebridge.simulate.event;

import java.util.ArrayList;
import java.util.List;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.ResetMode;

/**
 * How to calibrate a spiking network after conversion ({@link PostConversionCalibration}).
 *
 * @param timesteps T, the number of steps the network will be simulated for and is calibrated at
 * @param start the v(0) the network would start from uncalibrated, {@link InitialMembrane#ZERO} or
 *     {@link InitialMembrane#HALF_THRESHOLD}: its fraction of θ is tried first, and another
 *     fraction is chosen only if it does strictly better
 * @param membraneFractions the fractions a of θ tried as v(0) = a·θ, each in [0, 1)
 * @param reset how the network's neurons reset, as it will be simulated (signed spikes too)
 */
public record CalibrationOptions(int timesteps, InitialMembrane start, List<Double> membraneFractions,
    ResetMode reset) {
  /** The fractions tried by default: 0, θ/4, θ/2 and 3θ/4. */
  public static final List<Double> DEFAULT_FRACTIONS = List.of(0.0, 0.25, 0.5, 0.75);

  /** Checks T, the start and the fractions. */
  public CalibrationOptions {
    if (timesteps <= 0) {
      throw new IllegalArgumentException("calibration timesteps must be > 0, found " + timesteps);
    }
    if (start == InitialMembrane.CALIBRATED) {
      throw new IllegalArgumentException("calibration starts from v(0) = 0 or θ/2, not from a "
          + "calibrated v(0)");
    }
    if (membraneFractions.isEmpty() || membraneFractions.stream().anyMatch(a -> !(a >= 0 && a < 1))) {
      throw new IllegalArgumentException("v(0) fractions of θ must be in [0, 1), found "
          + membraneFractions);
    }
    membraneFractions = List.copyOf(membraneFractions);
    if (reset == null) {
      throw new IllegalArgumentException("calibration reset: expected a mode, found null");
    }
  }

  /** Calibration of neurons that reset by subtraction. */
  public CalibrationOptions(int timesteps, InitialMembrane start, List<Double> membraneFractions) {
    this(timesteps, start, membraneFractions, ResetMode.SUBTRACT);
  }

  /** The same calibration for neurons that reset as {@code mode} says. */
  public CalibrationOptions withReset(ResetMode mode) {
    return new CalibrationOptions(timesteps, start, membraneFractions, mode);
  }

  /** Calibration at T from {@code start}, trying {@link #DEFAULT_FRACTIONS}. */
  public static CalibrationOptions of(int timesteps, InitialMembrane start) {
    return new CalibrationOptions(timesteps, start, DEFAULT_FRACTIONS);
  }

  /** The fraction of θ that {@link #start} stands for: 0 or 1/2. */
  public double startFraction() {
    return start == InitialMembrane.HALF_THRESHOLD ? 0.5 : 0.0;
  }

  /** The fractions in the order they are tried: {@link #startFraction} first. */
  List<Double> trialOrder() {
    List<Double> order = new ArrayList<>(List.of(startFraction()));
    membraneFractions.stream().filter(a -> a != startFraction()).forEach(order::add);
    return order;
  }
}
