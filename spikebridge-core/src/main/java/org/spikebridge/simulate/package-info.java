/**
 * Simulation of spiking networks: the engine interface, its options (coding, initial membrane,
 * readout) and what an engine reports per batch and per time step; seeded random spiking networks
 * for tests and benchmarks ({@link org.spikebridge.simulate.RandomSpikingNetworks}). The
 * event-driven engine lives in the sub-package {@code event}. Engines that need native code live
 * in other modules; this package stays plain Java.
 */
package org.spikebridge.simulate;
