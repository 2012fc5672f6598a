/**
 * NIR (Neuromorphic Intermediate Representation, 1.0) export and import of spiking networks: the
 * graph model ({@link org.spikebridge.nir.NirGraph}), its HDF5 file form ({@link
 * org.spikebridge.nir.NirFiles}) and the translations to and from SpikeBridge's spiking networks
 * ({@link org.spikebridge.nir.NirExport}, {@link org.spikebridge.nir.NirImport}).
 */
package org.spikebridge.nir;
