/**
 * From a trained ANN to a {@link org.spikebridge.convert.SpikingNetwork}: BatchNorm folding,
 * threshold selection by named conversion methods, and the two equivalent forms of Theorem 1.
 * Plain Java, no DJL: a converted network must be usable in any JVM.
 */
package org.spikebridge.convert;
