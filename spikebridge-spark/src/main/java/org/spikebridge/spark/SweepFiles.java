package org.spikebridge.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikebridge.files.JsonFields;
import org.spikebridge.metrics.MetricsFiles;
import org.spikebridge.metrics.SweepLayout;

/**
 * The files of a sweep under its output folder ({@link SweepLayout}): for each cell that ran,
 * {@code cells/ID/metrics.json} and {@code cells/ID/curves.csv}, then {@code cells/ID.json}, its
 * result, whose presence marks the cell done; and the tables {@code results.csv} and
 * {@code results.json} of every cell. Each file is written atomically.
 */
final class SweepFiles {
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
    return hadoop.exists(out + "/" + SweepLayout.resultFile(cell.id()));
  }

  /** Writes the metrics files of a cell that ran, then its result, the done marker. */
  void write(SweepResult result, MetricsFiles.Contents metrics) throws IOException {
    String id = result.cell().id();
    for (Map.Entry<String, String> file : MetricsFiles.texts(metrics).entrySet()) {
      hadoop.writeString(out + "/" + SweepLayout.metricsFolder(id), file.getKey(), file.getValue());
    }
    hadoop.writeString(out + "/" + SweepLayout.CELLS, id + ".json", json(result));
  }

  /** The result written for {@code cell}. */
  SweepResult read(SweepCell cell) throws IOException {
    return JSON.readValue(hadoop.readString(out + "/" + SweepLayout.resultFile(cell.id())), SweepResult.class);
  }

  /** Writes {@code results.csv} and {@code results.json}, atomically each. */
  void writeTables(List<SweepResult> results) throws IOException {
    hadoop.writeString(out, SweepLayout.CSV, csv(results));
    hadoop.writeString(out, SweepLayout.TABLE, json(table(results)));
  }

  /** The table of {@code results.json}: format, version and one flat row per cell, NaN as null. */
  static ObjectNode table(List<SweepResult> results) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", SweepLayout.FORMAT);
    root.put("formatVersion", SweepLayout.FORMAT_VERSION);
    ArrayNode cells = root.putArray("cells");
    for (SweepResult r : results) {
      SweepCell c = r.cell();
      ObjectNode row = cells.addObject();
      row.put("id", c.id());
      row.put("checkpoint", c.checkpoint());
      row.put("checkpointPath", c.checkpointPath());
      row.put("method", c.method());
      row.put("timesteps", c.timesteps());
      row.put("seed", c.seed());
      row.put("status", r.status());
      row.put("error", r.error());
      JsonFields.putNumber(row, "annAccuracy", r.annAccuracy());
      JsonFields.putNumber(row, "accuracy", r.accuracy());
      JsonFields.putNumber(row, "spikesPerImage", r.spikesPerImage());
      JsonFields.putNumber(row, "seconds", r.seconds());
    }
    return root;
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
      csv.append(field(c.checkpointPath())).append(',').append(field(c.method())).append(',').append(c.timesteps())
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
