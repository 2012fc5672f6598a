/**
 * SpikeBridge as a library: {@link org.spikebridge.SpikingClassifier} loads a spiking network that
 * {@code spikebridge convert} wrote and classifies images with the event-driven engine, plain Java
 * with no native code.
 *
 * <p>The API a program builds on is this package and the types its methods take and return:
 * {@link org.spikebridge.convert.SpikingNetwork}, {@link org.spikebridge.simulate.EarlyExit},
 * {@link org.spikebridge.simulate.SimulationOptions}, {@link org.spikebridge.metrics.SimulationMetrics},
 * {@link org.spikebridge.data.Normalization} and {@link org.spikebridge.network.TensorShape}; the
 * network description in {@code org.spikebridge.network} and its files in
 * {@code org.spikebridge.network.file} are stable formats too.
 *
 * <p>Internal, public only so the other modules (DJL training, ONNX import, the command line) and
 * the micro-benchmarks can reach them, and free to change between versions:
 * {@code org.spikebridge.simulate.event} (the engine's kernels), {@code org.spikebridge.convert}'s
 * conversion steps, {@code org.spikebridge.data} (dataset readers and batches),
 * {@code org.spikebridge.files} (file helpers) and the recorder and file formats of
 * {@code org.spikebridge.metrics}.
 */
package org.spikebridge;
