package org.spikebridge.report;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.files.JsonFields;
import org.spikebridge.metrics.SweepLayout;

/**
 * The table {@code results.json} of a conversion sweep ({@link SweepLayout}), read without Spark:
 * every cell of the grid in grid order, done, failed or missing. Any flaw is a
 * {@link FileFormatException} naming the file and the field.
 *
 * @param cells the cells, in grid order
 */
public record SweepTable(List<Cell> cells) {
  /** The status of a cell that ran to the end. */
  public static final String OK = "ok";
  private static final Set<String> STATUSES = Set.of(OK, "failed", "missing");
  private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  /**
   * One cell of the sweep and what it gave.
   *
   * @param id its name in the sweep, also that of its files
   * @param checkpoint the index of its checkpoint in the sweep's list
   * @param checkpointPath the checkpoint's folder
   * @param method the conversion method with its settings, e.g. {@code robustnorm:percentile=99.99}
   * @param timesteps T
   * @param seed the seed of its calibration sample
   * @param status {@code ok}, {@code failed} or {@code missing}
   * @param error a failure's message; empty otherwise
   * @param annAccuracy the converted network's accuracy read as rates, percent (NaN unless ok)
   * @param accuracy the spiking network's accuracy at T, percent (NaN unless ok)
   * @param spikesPerImage spikes per image up to T (NaN unless ok)
   * @param seconds conversion and simulation time (NaN unless ok)
   */
  public record Cell(String id, int checkpoint, String checkpointPath, String method, int timesteps, long seed,
      String status, String error, double annAccuracy, double accuracy, double spikesPerImage, double seconds) {

    /** Whether the cell ran to the end, so that its metrics were written. */
    public boolean ok() {
      return OK.equals(status);
    }
  }

  /** Copies the cells. */
  public SweepTable {
    cells = List.copyOf(cells);
  }

  /** Whether {@code dir} holds a sweep's table: a {@code results.json} whose format is a sweep's. */
  public static boolean isSweep(Path dir) {
    Path file = dir.resolve(SweepLayout.TABLE);
    try {
      JsonNode root = Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : null;
      return root != null && SweepLayout.FORMAT.equals(root.path("format").asText());
    } catch (IOException e) {
      return false;
    }
  }

  /** The table of the sweep folder {@code dir}. */
  public static SweepTable read(Path dir) throws IOException {
    Path file = dir.resolve(SweepLayout.TABLE);
    JsonNode root = JsonFields.readVersioned(file, JSON, SweepLayout.FORMAT, SweepLayout.FORMAT_VERSION,
        "the table of a sweep written by the Spark module's SweepJob");
    JsonNode rows = JsonFields.required(file, root, "cells", "");
    if (!rows.isArray()) {
      throw new FileFormatException(file, "cells", "an array", rows.getNodeType());
    }
    List<Cell> cells = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      cells.add(cell(file, rows.get(i), "cells[" + i + "]."));
    }
    return new SweepTable(cells);
  }

  private static Cell cell(Path file, JsonNode row, String at) throws FileFormatException {
    if (!row.isObject()) {
      throw new FileFormatException(file, at.substring(0, at.length() - 1), "an object", row.getNodeType());
    }
    String id = text(file, row, "id", at);
    if (!id.matches("[A-Za-z0-9_.-]+")) {
      throw new FileFormatException(file, at + "id", "a file name of letters, digits, '_', '.' and '-'", id);
    }
    String status = text(file, row, "status", at);
    if (!STATUSES.contains(status)) {
      throw new FileFormatException(file, at + "status", "ok, failed or missing", status);
    }
    JsonNode seed = JsonFields.required(file, row, "seed", at);
    if (!seed.canConvertToLong() || !seed.isIntegralNumber()) {
      throw new FileFormatException(file, at + "seed", "an integer", seed);
    }
    return new Cell(id, JsonFields.integer(file, row, "checkpoint", at), text(file, row, "checkpointPath", at),
        text(file, row, "method", at), JsonFields.integer(file, row, "timesteps", at), seed.longValue(), status,
        text(file, row, "error", at), number(file, row, "annAccuracy", at), number(file, row, "accuracy", at),
        number(file, row, "spikesPerImage", at), number(file, row, "seconds", at));
  }

  private static String text(Path file, JsonNode row, String name, String at) throws FileFormatException {
    JsonNode node = JsonFields.required(file, row, name, at);
    if (!node.isTextual()) {
      throw new FileFormatException(file, at + name, "a string", node);
    }
    return node.asText();
  }

  private static double number(Path file, JsonNode row, String name, String at) throws FileFormatException {
    return JsonFields.number(file, JsonFields.required(file, row, name, at), at + name);
  }
}
