package org.spikebridge.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spikebridge.cli.CliRun.run;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.cli.CliRun.Result;
import org.spikebridge.metrics.MetricsFiles;

/** {@code spikebridge report} on a sweep folder written by hand, as the Spark module's SweepJob lays it out. */
class SweepReportTest {
  private static final String MAXNORM = "c0-maxnorm-T16-s1";
  private static final String ROBUST = "c0-robustnorm_percentile_99.99-T16-s1";
  private static final String FAILED = "c0-rnl-T16-s1";
  private static final String MISSING = "c0-scaled_factor_0.5-T16-s1";
  private static final String OTHER_SEED = "c0-maxnorm-T16-s2";

  /** A row of results.json. */
  private static String row(String id, String method, long seed, String status, String error, String numbers) {
    return "{\"id\": \"" + id + "\", \"checkpoint\": 0, \"checkpointPath\": \"/models/tiny\", \"method\": \""
        + method + "\", \"timesteps\": 16, \"seed\": " + seed + ", \"status\": \"" + status + "\", \"error\": \""
        + error + "\", " + numbers + "}";
  }

  private static String done(double ann, double accuracy) {
    return "\"annAccuracy\": " + ann + ", \"accuracy\": " + accuracy + ", \"spikesPerImage\": 96.0, "
        + "\"seconds\": 2.5";
  }

  private static final String NONE =
      "\"annAccuracy\": null, \"accuracy\": null, \"spikesPerImage\": null, \"seconds\": null";

  /** Five cells: two done (seed 1), one failed, one missing, one done with seed 2; metrics of the done ones. */
  private static Path sweep(Path dir) throws IOException {
    String table = "{\"format\": \"spikebridge-sweep\", \"formatVersion\": 1, \"cells\": [\n"
        + row(MAXNORM, "maxnorm", 1, "ok", "", done(92, 91.5)) + ",\n"
        + row(ROBUST, "robustnorm:percentile=99.99", 1, "ok", "", done(90, 50)) + ",\n"
        + row(FAILED, "rnl", 1, "failed", "IllegalArgumentException: the rnl method needs Rate Norm Layers", NONE)
        + ",\n" + row(MISSING, "scaled:factor=0.5", 1, "missing", "", NONE) + ",\n"
        + row(OTHER_SEED, "maxnorm", 2, "ok", "", done(92, 91.5)) + "]}\n";
    Files.writeString(dir.resolve("results.json"), table);
    metrics(dir, MAXNORM, HandMadeResults.maxnorm());
    metrics(dir, ROBUST, HandMadeResults.robust());
    metrics(dir, OTHER_SEED, HandMadeResults.maxnorm());
    return dir;
  }

  private static void metrics(Path dir, String id, MethodResult r) throws IOException {
    MetricsFiles.write(new MetricsFiles.Contents(r.metrics(), HandMadeResults.ALPHA, Map.of("method", id),
        r.thresholds(), r.operations()), dir.resolve("cells").resolve(id));
  }

  @Test
  void rendersEveryCellAndAnAccuracyChartPerCheckpointTAndSeed(@TempDir Path dir) throws IOException {
    Result result = run("report", sweep(dir).toString());
    assertThat(result.code()).as(result.err()).isZero();
    String report = Files.readString(dir.resolve("report.md"));
    assertThat(report)
        .contains("| " + MAXNORM + " | /models/tiny | maxnorm | 16 | 1 | ok | 92.00 | 91.50 | 96.0 | 2.5 |  |")
        .contains("| " + ROBUST + " | /models/tiny | robustnorm:percentile=99.99 | 16 | 1 | ok | 90.00 | 50.00 |")
        .contains("| " + FAILED + " | /models/tiny | rnl | 16 | 1 | failed | — | — | — | — | "
            + "IllegalArgumentException: the rnl method needs Rate Norm Layers |")
        .contains("| " + MISSING + " | /models/tiny | scaled:factor=0.5 | 16 | 1 | missing |")
        .contains("| " + OTHER_SEED + " |")
        .contains("](plots/accuracy-c0-T16-s1.png)").contains("](plots/accuracy-c0-T16-s2.png)");
    for (String plot : new String[] {"accuracy-c0-T16-s1", "accuracy-c0-T16-s2", "accuracy-energy-c0-T16-s1",
        "accuracy-energy-c0-T16-s2"}) {
      BufferedImage png = ImageIO.read(dir.resolve("plots").resolve(plot + ".png").toFile());
      assertThat(png).as(plot).isNotNull();
      assertThat(png.getWidth()).isEqualTo(ReportPlots.WIDTH);
      assertThat(Files.readString(dir.resolve("plots").resolve(plot + ".svg"))).contains("<svg");
    }
    try (var plots = Files.list(dir.resolve("plots"))) {
      assertThat(plots.count()).as("two PNGs and SVGs per (checkpoint, T, seed) with a done cell").isEqualTo(8);
    }
  }

  @Test
  void theSweepOptionRendersTheSameFolder(@TempDir Path dir) throws IOException {
    Result result = run("report", "--sweep", sweep(dir).toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(dir.resolve("plots").resolve("accuracy-c0-T16-s1.png")).exists();
  }

  @Test
  void aMalformedCellIsAOneLineErrorNamingTheFile(@TempDir Path dir) throws IOException {
    Path table = sweep(dir).resolve("results.json");
    Files.writeString(table, Files.readString(table).replaceFirst("\"timesteps\": 16", "\"timesteps\": \"x\""));
    Result result = run("report", dir.toString());
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err().strip()).doesNotContain("\n").contains(table.toString())
        .contains("cells[0].timesteps: expected an integer");
    assertThat(dir.resolve("report.md")).doesNotExist();
  }

  @Test
  void aMissingOrBrokenMetricsFileIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
    Path metrics = sweep(dir).resolve("cells").resolve(ROBUST).resolve(MetricsFiles.METRICS);
    Files.writeString(metrics, "{ not json");
    Result broken = run("report", dir.toString());
    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.err().strip()).doesNotContain("\n").contains(metrics.toString()).contains("expected JSON");
    Files.delete(metrics);
    Result missing = run("report", dir.toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err().strip()).doesNotContain("\n").contains(metrics.toString());
  }

  @Test
  void theSweepOptionRefusesAnotherResultsFile(@TempDir Path dir) throws IOException {
    ResultsFile.write(HandMadeResults.all(), dir);
    Result result = run("report", "--sweep", dir.toString());
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains(dir.resolve("results.json").toString()).contains("spikebridge-sweep");
  }
}
