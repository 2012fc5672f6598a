/**
 * The event-driven simulation engine in plain Java ({@link org.spikebridge.simulate.event.EventEngine}):
 * spikes as events that add fan-out weights to the next layer's currents, average pooling folded
 * into the next convolution or Linear layer, spiking max pooling as a gate on the spikes
 * ({@code SpikingMaxPool}), flat channels-last neuron state, images of a batch in parallel. Its
 * kernels ({@link org.spikebridge.simulate.event.ConvolutionSynapses}, and the neuron update
 * {@link org.spikebridge.simulate.IntegrateAndFireNeuron} in the parent package) are public for
 * micro-benchmarks. What must not live here: anything that needs DJL or native code.
 */
package org.spikebridge.simulate.event;
