package org.spikebridge.network;

/** A layer cannot take the shape of its input; the message names the layer and both shapes. */
public final class ShapeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Reports that {@code layer} expected {@code expected} but was given {@code found}. */
  public ShapeException(Layer layer, String expected, Object found) {
    super("layer '" + layer.name() + "' (" + layer.getClass().getSimpleName() + "): expected "
        + expected + ", found " + found);
  }
}
