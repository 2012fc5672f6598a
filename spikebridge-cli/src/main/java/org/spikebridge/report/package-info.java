/**
 * The report of {@code demo} and {@code compare}: the results of several conversion methods side
 * by side ({@link org.spikebridge.report.DemoResults}), saved as {@code results.json} ({@link
 * org.spikebridge.report.ResultsFile}) and rendered as {@code report.md} with PNG and SVG plots
 * ({@link org.spikebridge.report.ReportRenderer}, {@link org.spikebridge.report.ReportPlots}):
 * analogs of Tables 1–2 and Figs. 4, 6 and 7 of Ding et al., IJCAI-21, the steps and energy to
 * come within a point of the ANN (spikes, synaptic operations and picojoules against the ANN's
 * MACs), and the comparisons of {@link org.spikebridge.report.Headlines}. The same charts render
 * a Spark sweep's folder ({@link org.spikebridge.report.SweepReport}, read by
 * {@link org.spikebridge.report.SweepTable}).
 *
 * <p>Everything the report shows is computed from {@code results.json} alone, so a report can be
 * re-rendered without re-running anything. No training, conversion or simulation lives here.
 */
package org.spikebridge.report;
