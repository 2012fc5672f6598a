package org.spikebridge.convert;

import org.spikebridge.network.Network;

/**
 * A named way of turning a trained ANN into a {@link SpikingNetwork}: it picks the threshold of
 * every integrate-and-fire layer (Eq. 3) so that Theorem 1 holds. Each method has a name the
 * command line accepts ({@link ConversionMethods#byName}).
 */
public interface ConversionMethod {

  /** The name the command line accepts, e.g. {@code rnl}. */
  String name();

  /**
   * The spiking network for {@code ann}. A network the method cannot convert completely is an
   * {@link IllegalArgumentException} naming the first layer at fault; never a partial result.
   */
  SpikingNetwork convert(Network ann, ConversionOptions options);

  /**
   * Whether {@link #convert} needs {@link ConversionOptions#calibration()} (images of the training
   * split); a caller loads data only then. False unless a method says otherwise.
   */
  default boolean needsCalibration() {
    return false;
  }
}
