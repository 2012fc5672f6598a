package org.spikebridge.metrics;

/**
 * The files of a conversion sweep (the Spark module's {@code SweepJob}) under its output folder,
 * shared by the job that writes them and the {@code report} command that renders them:
 * {@code results.json} (format {@value #FORMAT}) and {@code results.csv} list every cell;
 * {@code cells/ID.json} is a finished cell's result, written last as its done marker, after
 * {@code cells/ID/metrics.json} and {@code cells/ID/curves.csv} ({@link MetricsFiles}).
 */
public final class SweepLayout {
  /** The table of every cell, JSON. */
  public static final String TABLE = "results.json";
  /** The table of every cell, CSV. */
  public static final String CSV = "results.csv";
  /** The folder of the cells' files. */
  public static final String CELLS = "cells";
  /** The value of the {@code format} field of {@link #TABLE}. */
  public static final String FORMAT = "spikebridge-sweep";
  /** The version this build writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  private SweepLayout() {}

  /** The path, relative to the sweep folder, of the folder of cell {@code id}'s metrics files. */
  public static String metricsFolder(String id) {
    return CELLS + "/" + id;
  }

  /** The path, relative to the sweep folder, of cell {@code id}'s result, its done marker. */
  public static String resultFile(String id) {
    return CELLS + "/" + id + ".json";
  }
}
