package org.spikebridge.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The files of a sweep under its output folder: {@code cells/ID.json}, the result of each cell
 * that ran (its presence marks the cell done), and the tables {@code results.csv} and
 * {@code results.json} of every cell.
 */
final class SweepFiles {
  static final String CELLS = "cells";
  static final String CSV = "results.csv";
  static final String JSON_TABLE = "results.json";
  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final HadoopFiles hadoop;
  private final String out;

  /** The sweep files under {@code out}, through {@code hadoop}. */
  SweepFiles(HadoopFiles hadoop, String out) {
    this.hadoop = hadoop;
    this.out = out;
  }

  /** Whether {@code cell} has a result from this or an earlier run. */
  boolean done(SweepCell cell) throws IOException {
    return hadoop.exists(cellsDir() + "/" + fileName(cell));
  }

  /** Writes the result of a cell that ran, atomically. */
  void write(SweepResult result) throws IOException {
    hadoop.writeString(cellsDir(), fileName(result.cell()), json(result));
  }

  /** The result written for {@code cell}. */
  SweepResult read(SweepCell cell) throws IOException {
    return JSON.readValue(hadoop.readString(cellsDir() + "/" + fileName(cell)), SweepResult.class);
  }

  /** Writes {@code results.csv} and {@code results.json}, atomically each. */
  void writeTables(List<SweepResult> results) throws IOException {
    hadoop.writeString(out, CSV, csv(results));
    hadoop.writeString(out, JSON_TABLE, json(results));
  }

  private String cellsDir() {
    return out + "/" + CELLS;
  }

  private static String fileName(SweepCell cell) {
    return cell.id() + ".json";
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a sweep result as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** One row per cell: what it is, its status and numbers, and a failure's message. */
  static String csv(List<SweepResult> results) {
    StringBuilder csv = new StringBuilder(
        "checkpoint,method,timesteps,seed,status,ann_accuracy,accuracy,spikes_per_image,seconds,error\n");
    for (SweepResult r : results) {
      SweepCell c = r.cell();
      csv.append(field(c.checkpointPath())).append(',').append(c.method()).append(',').append(c.timesteps())
          .append(',').append(c.seed()).append(',').append(r.status()).append(',').append(number(r.annAccuracy()))
          .append(',').append(number(r.accuracy())).append(',').append(number(r.spikesPerImage()))
          .append(',').append(number(r.seconds())).append(',').append(field(r.error())).append('\n');
    }
    return csv.toString();
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%s", v);
  }

  private static String field(String text) {
    return text.matches("[^,\"\r\n]*") ? text : '"' + text.replace("\"", "\"\"") + '"';
  }
}
