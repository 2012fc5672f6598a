/**
 * From a trained ANN to a {@link org.spikebridge.convert.SpikingNetwork}: BatchNorm folding,
 * threshold selection by named conversion methods, and the two equivalent forms of Theorem 1.
 * Plain Java, no DJL: a converted network must be usable in any JVM.
 *
 * <p>What lives here: {@link org.spikebridge.convert.AnalogReference} (the analog reference forward
 * pass), {@link org.spikebridge.convert.BatchNormFolding},
 * {@link org.spikebridge.convert.InputNormalizationFolding} (raw [0, 1] inputs for Poisson
 * coding), the {@link org.spikebridge.convert.ConversionMethod}s by name
 * ({@link org.spikebridge.convert.ConversionMethods}; {@code rnl} is
 * {@link org.spikebridge.convert.RateNormConversion}; the ReLU baselines {@code maxnorm},
 * {@code robustnorm}, {@code scaled} and {@code channelnorm} extend
 * {@link org.spikebridge.convert.DataNormConversion} and observe a
 * {@link org.spikebridge.convert.CalibrationSet} through
 * {@link org.spikebridge.convert.ActivationStatistics}) with their
 * {@link org.spikebridge.convert.ConversionOptions}, the per-path scaling of Theorem 1 that they
 * share on any feed-forward graph (residual sums, BatchNorm on a sum kept as an affine map), and
 * the saving of spiking networks. What must
 * not: simulation (package {@code simulate}), training and anything that needs DJL.
 */
package org.spikebridge.convert;
