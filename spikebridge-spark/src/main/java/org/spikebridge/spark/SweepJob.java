package org.spikebridge.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * {@code spark-submit --class org.spikebridge.spark.SweepJob}: a grid of (checkpoint, method with
 * its settings, T, seed), each cell converted and simulated in one Spark task, into one results
 * table. Each cell that runs writes its metrics to {@code OUT/cells/ID/} and then its result to
 * {@code OUT/cells/ID.json}, atomically each; a cell that fails is reported in the table and
 * redone by the next run, and a re-run skips every cell already done. Methods: those of core's
 * {@code ConversionMethods}, with the settings {@code SweepMethod} reads, e.g.
 * {@code robustnorm:percentile=99.99}. {@code spikebridge report OUT} renders the sweep.
 */
public final class SweepJob {
  private static final List<String> OPTIONS = List.of("checkpoints", "methods", "timesteps", "seeds", "dataset",
      "data-dir", "out", "batch-size", "limit", "calibration-size", "max-cells", "master");

  private SweepJob() {}

  /**
   * What the sweep is told.
   *
   * @param checkpoints ANN checkpoint folders (Hadoop paths)
   * @param methods conversion methods with their settings ({@code SweepMethod})
   * @param timesteps the values of T
   * @param seeds seeds of the calibration samples
   * @param dataset the dataset; null for the first checkpoint's
   * @param dataDir the folder of a known dataset's files; null for the checkpoint's or the default
   * @param out the output folder (Hadoop path)
   * @param batchSize images per simulated batch
   * @param limit the first N test images only; 0 for all
   * @param calibrationSize images per calibration sample
   * @param maxCells run at most this many of the cells not yet done; 0 for all
   */
  public record Settings(List<String> checkpoints, List<String> methods, List<Integer> timesteps, List<Long> seeds,
      String dataset, String dataDir, String out, int batchSize, int limit, int calibrationSize, int maxCells) {}

  /**
   * What a run of the sweep did.
   *
   * @param results every cell of the grid, in grid order: done (now or before), failed or missing
   * @param computed the ids of the cells this run computed (ok or failed)
   */
  public record Summary(List<SweepResult> results, List<String> computed) {}

  /** Runs the sweep; {@code --master} is optional under {@code spark-submit}. */
  public static void main(String[] args) {
    JobArguments.runOrExit("spikebridge sweep", () -> {
      JobArguments a = new JobArguments(args, OPTIONS);
      Settings settings = new Settings(List.of(a.required("checkpoints").split(",")),
          List.of(a.required("methods").split(",")), a.integers("timesteps", null),
          a.integers("seeds", "1").stream().map(Long::valueOf).toList(), a.get("dataset", null),
          a.get("data-dir", null), a.required("out"), a.integer("batch-size", 256), a.integer("limit", 0),
          a.integer("calibration-size", 1000), a.integer("max-cells", 0));
      try (JavaSparkContext spark = new JavaSparkContext(SimulateJob.conf("spikebridge sweep", a))) {
        Summary summary = run(spark, settings);
        System.out.print(SweepFiles.csv(summary.results()));
        System.out.printf("%d cells computed in this run; table written to %s%n", summary.computed().size(),
            settings.out());
      }
    });
  }

  /** Runs the cells of {@code settings} not done yet and writes the results table. */
  public static Summary run(JavaSparkContext spark, Settings settings) throws IOException {
    HadoopFiles hadoop = new HadoopFiles(spark.hadoopConfiguration());
    SweepFiles files = new SweepFiles(hadoop, settings.out());
    List<SweepCell> cells = SweepCell.grid(settings.checkpoints(), settings.methods(), settings.timesteps(),
        settings.seeds());
    List<SweepCell> pending = new ArrayList<>();
    for (SweepCell cell : cells) {
      if (!files.done(cell) && (settings.maxCells() <= 0 || pending.size() < settings.maxCells())) {
        pending.add(cell);
      }
    }
    Map<String, SweepResult> ran = compute(spark, hadoop, settings, pending).stream()
        .collect(Collectors.toMap(r -> r.cell().id(), Function.identity()));
    List<SweepResult> results = new ArrayList<>();
    for (SweepCell cell : cells) {
      SweepResult now = ran.get(cell.id());
      results.add(now != null ? now : files.done(cell) ? files.read(cell) : SweepResult.missing(cell));
    }
    files.writeTables(results);
    return new Summary(results, pending.stream().map(SweepCell::id).toList());
  }

  /** Runs {@code pending}, one task each; every cell that succeeds writes its result file. */
  private static List<SweepResult> compute(JavaSparkContext spark, HadoopFiles hadoop, Settings settings,
      List<SweepCell> pending) throws IOException {
    if (pending.isEmpty()) {
      return List.of();
    }
    Broadcast<SweepData> data = spark.broadcast(SweepData.load(hadoop, settings));
    Broadcast<SerializableConfiguration> conf =
        spark.broadcast(new SerializableConfiguration(spark.hadoopConfiguration()));
    String out = settings.out();
    List<SweepResult> results = spark.parallelize(pending, pending.size()).map(cell -> {
      SweepCellRun.Outcome outcome = SweepCellRun.run(cell, data.value());
      if (outcome.result().ok()) {
        try {
          new SweepFiles(new HadoopFiles(conf.value().value()), out).write(outcome.result(), outcome.metrics());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the result of " + cell.id(), e);
        }
      }
      return outcome.result();
    }).collect();
    data.destroy();
    conf.destroy();
    return results;
  }
}
