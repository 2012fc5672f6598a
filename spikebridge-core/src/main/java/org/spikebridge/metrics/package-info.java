/**
 * Metrics per time step of a simulation, after Ding et al., IJCAI-21: accuracy and agreement with
 * the ANN, the K curve of every spiking layer (Eq. 7) beside its Theorem 2 bound 2Ω_l/t, spike
 * counts, power (Eq. 14) and the energy spent before a target accuracy is reached (§3.4).
 *
 * <p>{@link org.spikebridge.metrics.SimulationRecorder} listens to an engine and accumulates
 * totals whose size depends only on the number of layers and time steps;
 * {@link org.spikebridge.metrics.SimulationMetrics} is the immutable result with the derived
 * values; {@link org.spikebridge.metrics.MetricsFiles} writes and reads {@code metrics.json} and
 * {@code curves.csv}; {@link org.spikebridge.metrics.SummaryTable} renders a short terminal table.
 *
 * <p>Nothing here runs a network, knows about DJL, or draws plots: engines live in
 * {@code simulate}, plots and Markdown in the report module.
 */
package org.spikebridge.metrics;
