/**
 * Model files: the safetensors weights format ({@link org.spikebridge.network.file.SafeTensors})
 * and a saved network as a folder holding a JSON manifest and its weights
 * ({@link org.spikebridge.network.file.NetworkFiles}). Every malformed file is reported as a
 * {@link org.spikebridge.files.FileFormatException} naming the file, the field, what was
 * expected and what was found, before anything is built from it.
 *
 * <p>Nothing here depends on DJL or native code, and nothing here changes the network description:
 * files are read into and written from {@link org.spikebridge.network.Network} only.
 */
package org.spikebridge.network.file;
