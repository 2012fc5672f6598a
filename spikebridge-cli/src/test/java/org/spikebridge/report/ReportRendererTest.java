package org.spikebridge.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.spikebridge.cli.CliRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.cli.CliRun.Result;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.metrics.EnergyModel;
import org.spikebridge.metrics.SimulationMetrics;

class ReportRendererTest {
  private static final int T = 16;
  private static final double ALPHA = 0.5;

  @TempDir
  Path dir;

  /**
   * rnl+ril: ANN 90; accuracy 10, 20, …, 80 at t = 1..8, then 85, 89, 89.5 …; 10 + 5 spikes per step.
   * Hand values: at T = 8 80.00, at 16 89.50; best 89.50 at t = 11, loss 0.50; first ≥ 89 at t = 10,
   * 150 spikes, energy 75 J.
   */
  static MethodResult rnlRil() {
    double[] acc = {10, 20, 30, 40, 50, 60, 70, 80, 85, 89, 89.5, 89.5, 89.5, 89.5, 89.5, 89.5};
    double[][] k = new double[2][T];
    for (int j = 0; j < T; j++) {
      k[0][j] = 1.0 / (j + 1);
      k[1][j] = j == 0 ? Double.NaN : 0.5 / (j + 1);
    }
    k[1][T - 1] = 0; // a log axis must skip it
    return new MethodResult("rnl+ril", 90, metrics(90, acc, k, new double[] {1.5, 2.5}, 10, 5), List.of(1.0, 0.8), null);
  }

  /**
   * maxnorm: ANN 92; accuracy 6t for t ≤ 12, then 80, 88, 91, 91.5; 4 + 2 spikes per step.
   * Hand values: at T = 8 48.00, at 16 91.50; best 91.50 at 16, loss 0.50; first ≥ 91 at t = 15,
   * 90 spikes, energy 45 J.
   */
  static MethodResult maxnorm() {
    double[] acc = new double[T];
    for (int j = 0; j < 12; j++) {
      acc[j] = 6 * (j + 1);
    }
    acc[12] = 80;
    acc[13] = 88;
    acc[14] = 91;
    acc[15] = 91.5;
    double[][] k = new double[2][T];
    for (int j = 0; j < T; j++) {
      k[0][j] = 3.0 / (j + 1);
      k[1][j] = 2.0 / (j + 1);
    }
    return new MethodResult("maxnorm", 92, metrics(92, acc, k, new double[] {4, Double.NaN}, 4, 2),
        List.of(3.25, 7.0), null);
  }

  /** robustnorm: ANN 90, accuracy 50 throughout: never within 1 point; best 50.00, loss 40.00. */
  static MethodResult robust() {
    double[] acc = new double[T];
    java.util.Arrays.fill(acc, 50);
    double[][] k = new double[2][T];
    for (double[] row : k) {
      java.util.Arrays.fill(row, 0.25);
    }
    return new MethodResult("robustnorm", 90, metrics(90, acc, k, new double[] {2, 3}, 1, 1), List.of(2.0, 2.0), null);
  }

  static SimulationMetrics metrics(double ann, double[] acc, double[][] k, double[] omega, double s0, double s1) {
    double[][] spikes = new double[2][T];
    java.util.Arrays.fill(spikes[0], s0);
    java.util.Arrays.fill(spikes[1], s1);
    return new SimulationMetrics(100, T, List.of("conv1", "fc1"), ann, acc, acc.clone(), k, omega, spikes);
  }

  static DemoResults results(MethodResult... methods) {
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("spikebridge", "0.1.0-SNAPSHOT");
    provenance.put("seed", 42);
    provenance.put("command", List.of("spikebridge", "demo", "--epochs", "1"));
    provenance.put("epochs", Map.of("stage1", 1, "stage2", 1));
    provenance.put(DemoResults.INITIAL_MEMBRANE, "θ/2");
    return new DemoResults(provenance, "Synthetic test data (hand-made metrics)", ALPHA, EnergyModel.CMOS_45NM, List.of(methods));
  }

  static DemoResults all() {
    return results(rnlRil(), maxnorm(), robust());
  }

  @Test
  void reportShowsTheHandComputedNumbers() throws IOException {
    ReportRenderer.render(all(), dir);
    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md.lines().filter(l -> !l.isBlank()).skip(1).findFirst().orElseThrow())
        .contains("Synthetic test data (hand-made metrics)");
    assertThat(md).contains("membrane potential starting at v(0) = θ/2;");
    // Table 1.
    assertThat(md).contains("| rnl+ril | 90.00 | 89.50 | 11 | 16 | 0.50 |")
        .contains("| maxnorm | 92.00 | 91.50 | 16 | 16 | 0.50 |")
        .contains("| robustnorm | 90.00 | 50.00 | 1 | 16 | 40.00 |");
    // Table 2.
    assertThat(md).contains("| method | T = 8 | T = 16 |")
        .contains("| rnl+ril | 80.00 | 89.50 |")
        .contains("| maxnorm | 48.00 | 91.50 |")
        .contains("| robustnorm | 50.00 | 50.00 |");
    // First step within 1 point and its energy.
    assertThat(md).contains("| rnl+ril | 89.00 | 10 | 89.00 | 150.0 | 7.500e+01 |")
        .contains("| maxnorm | 91.00 | 15 | 91.00 | 90.0 | 4.500e+01 |")
        .contains("| robustnorm | 89.00 | not within T = 16 | — | — | — |");
    // Headline: 15 / 10 = 1.50× fewer steps, 75 / 45 = 1.67× the energy.
    assertThat(md).contains("rnl+ril reaches 89.00 % in 1.50× fewer steps than maxnorm at 1.67× its energy");
    for (String plot : List.of("accuracy", "k-curves", "omega-threshold", "power")) {
      assertThat(md).contains("(plots/" + plot + ".png)").contains("(plots/" + plot + ".svg)");
    }
    assertThat(md).contains("What K and Ω mean").contains("\"seed\"".replace("\"", "")).contains("`42`");
  }

  @Test
  void tableTwoEqualsResultsJson() throws IOException {
    DemoResults results = all();
    ResultsFile.write(results, dir);
    ReportRenderer.render(results, dir);
    JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("results.json")));
    List<String> lines = Files.readAllLines(dir.resolve("report.md"));
    int start = lines.indexOf("## Accuracy at T time steps (Table 2 analog)");
    assertThat(start).isPositive();
    List<String> header = cells(lines.get(start + 2));
    List<Integer> steps = header.subList(1, header.size()).stream()
        .map(h -> Integer.parseInt(h.replace("T = ", ""))).toList();
    assertThat(steps).containsExactly(8, 16);
    int rows = 0;
    for (int i = start + 4; i < lines.size() && lines.get(i).startsWith("|"); i++, rows++) {
      List<String> cells = cells(lines.get(i));
      JsonNode method = methodNode(json, cells.get(0));
      for (int c = 1; c < cells.size(); c++) {
        int t = steps.get(c - 1);
        JsonNode row = null;
        for (JsonNode r : method.get("summary").get("accuracyAt")) {
          if (r.get("t").asInt() == t) {
            row = r;
          }
        }
        assertThat(row).as(cells.get(0) + " at T = " + t).isNotNull();
        double shown = Double.parseDouble(cells.get(c));
        assertThat(shown).isEqualTo(Math.round(row.get("accuracy").asDouble() * 100) / 100.0);
        assertThat(cells.get(c)).isEqualTo(row.get("shown").asText());
        // And the per-step curve in results.json agrees.
        assertThat(row.get("accuracy").asDouble()).isEqualTo(method.get("steps").get("accuracy").get(t - 1).asDouble());
      }
    }
    assertThat(rows).isEqualTo(3);
    JsonNode headline = json.get("headline");
    assertThat(headline.get("stepRatio").asDouble()).isEqualTo(1.5);
    assertThat(headline.get("energyRatio").asDouble()).isCloseTo(75.0 / 45, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(headline.get("methodReached").get("firstStep").asInt()).isEqualTo(10);
    assertThat(headline.get("baselineReached").get("energy").asDouble()).isEqualTo(45.0);
  }

  private static JsonNode methodNode(JsonNode json, String name) {
    for (JsonNode m : json.get("methods")) {
      if (m.get("method").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no method " + name + " in results.json");
  }

  private static List<String> cells(String row) {
    String inner = row.strip();
    inner = inner.substring(1, inner.length() - 1);
    List<String> cells = new ArrayList<>();
    for (String c : inner.split("\\|")) {
      cells.add(c.strip());
    }
    return cells;
  }

  @Test
  void resultsJsonRoundTrips() throws IOException {
    DemoResults results = all();
    ResultsFile.write(results, dir);
    DemoResults back = ResultsFile.read(dir);
    assertThat(back).isEqualTo(results);
    // NaN survives as null.
    assertThat(back.methods().get(1).metrics().omega()[1]).isNaN();
    assertThat(ResultsFile.json(back)).isEqualTo(Files.readString(dir.resolve("results.json")));
  }

  @Test
  void writesEightPlotsThatDecode() throws IOException {
    List<Path> written = ReportRenderer.render(all(), dir);
    assertThat(written).hasSize(9);
    try (var files = Files.list(dir.resolve("plots"))) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
          "accuracy.png", "accuracy.svg", "k-curves.png", "k-curves.svg", "omega-threshold.png",
          "omega-threshold.svg", "power.png", "power.svg");
    }
    for (ReportPlots.Plot plot : ReportPlots.Plot.values()) {
      BufferedImage image = ImageIO.read(dir.resolve("plots").resolve(plot.file() + ".png").toFile());
      assertThat(image).as(plot.file()).isNotNull();
      assertThat(image.getWidth()).isEqualTo(ReportPlots.WIDTH);
      assertThat(image.getHeight()).isEqualTo(ReportPlots.HEIGHT);
      String svg = Files.readString(dir.resolve("plots").resolve(plot.file() + ".svg"));
      assertThat(svg).contains("<svg");
    }
  }

  @Test
  void kCurvePlotCarriesTheoremTwosBoundForTheHeadlineMethod() {
    DemoResults results = all();
    var series = ReportPlots.chart(ReportPlots.Plot.K_CURVES, results).getSeriesMap();
    SimulationMetrics m = rnlRil().metrics();
    for (int l = 0; l < m.layers().size(); l++) {
      String name = ReportPlots.boundName("rnl+ril · " + m.layers().get(l));
      assertThat(series).as(name).containsKey(name);
      double[] ys = series.get(name).getYData();
      assertThat(ys).hasSize(m.timesteps());
      for (int t = 1; t <= m.timesteps(); t++) {
        assertThat(ys[t - 1]).as("%s at t = %d", name, t).isCloseTo(2 * m.omega()[l] / t, within(1e-12));
      }
    }
    // the baseline's curves are drawn without a bound
    assertThat(series.keySet()).noneMatch(k -> k.startsWith("maxnorm") && k.endsWith("2Ω/t"));
  }

  /** With rnl+ril-clip in the run, a second headline line for it, in report.md and results.json alike. */
  @Test
  void addsTheClipOnlyHeadlineWhenTheRunHasIt() throws IOException {
    MethodResult clip = new MethodResult("rnl+ril-clip", 90, rnlRil().metrics(), List.of(1.0, 0.8), null);
    DemoResults results = results(rnlRil(), clip, maxnorm());
    ReportRenderer.render(results, dir);
    ResultsFile.write(results, dir);
    // hand values: first within 1 point at t = 10 (150 spikes, 75 J) against maxnorm's t = 15 (45 J)
    assertThat(Files.readString(dir.resolve("report.md")))
        .contains("Beyond the paper, with clip-only scaling: rnl+ril-clip reaches 89.00 % in 1.50× fewer "
            + "steps than maxnorm at 1.67× its energy");
    JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("results.json")));
    assertThat(json.get("clipOnlyHeadline").get("stepRatio").asDouble()).isEqualTo(1.5);
    assertThat(json.get("clipOnlyHeadline").get("method").asText()).isEqualTo("rnl+ril-clip");

    ResultsFile.write(results(rnlRil(), maxnorm()), dir);
    assertThat(new ObjectMapper().readTree(Files.readString(dir.resolve("results.json"))).has("clipOnlyHeadline"))
        .isFalse();
  }

  /**
   * rnl+ril-q8, not rnl-q8 (stage 1, other numbers), gets a headline against maxnorm and, when the
   * run has it, one against maxnorm-half.
   */
  @Test
  void addsTheQuantizedHeadlinesWhenTheRunHasTheirMethods() throws IOException {
    MethodResult stageOne = new MethodResult("rnl-q8", 90, robust().metrics(), List.of(1.0, 0.8), null);
    MethodResult quantized = new MethodResult("rnl+ril-q8", 90, rnlRil().metrics(), List.of(1.0, 0.8), null);
    MethodResult half = new MethodResult("maxnorm-half", maxnorm().annAccuracy(), maxnorm().metrics(),
        maxnorm().thresholds(), null);
    DemoResults withHalf = results(rnlRil(), stageOne, quantized, maxnorm(), half);
    Map<String, Object> fromZero = new LinkedHashMap<>(withHalf.provenance());
    fromZero.put(DemoResults.INITIAL_MEMBRANE, "0");
    ReportRenderer.render(new DemoResults(fromZero, withHalf.dataNote(), ALPHA, EnergyModel.CMOS_45NM, withHalf.methods()), dir);
    ResultsFile.write(withHalf, dir);
    // the same hand values as above: t = 10 and 75 J against t = 15 and 45 J
    assertThat(Files.readString(dir.resolve("report.md")))
        .contains("a spike penalty in stage 1 and v(0) = θ/2: rnl+ril-q8 reaches 89.00 % in 1.50× "
            + "fewer steps than maxnorm at 1.67× its energy")
        .contains("started at v(0) = θ/2: rnl+ril-q8 reaches 89.00 % in 1.50× fewer steps than "
            + "maxnorm-half at 1.67× its energy")
        .contains("- **maxnorm-half**: maxnorm simulated from v(0) = θ/2")
        .contains("- **rnl+ril-q8**: rnl-q8 after stage 2")
        .contains("starting at v(0) = 0 (θ/2 for rnl-q8, rnl+ril-q8 and maxnorm-half);");
    JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("results.json")));
    assertThat(json.get("quantizedHeadline").get("baseline").asText()).isEqualTo("maxnorm");
    assertThat(json.get("quantizedHeadline").get("method").asText()).isEqualTo("rnl+ril-q8");
    assertThat(json.get("quantizedAgainstHalfHeadline").get("baseline").asText())
        .isEqualTo("maxnorm-half");
    assertThat(json.get("quantizedAgainstHalfHeadline").get("energyRatio").asDouble())
        .isCloseTo(75.0 / 45, within(1e-12));

    ResultsFile.write(results(rnlRil(), quantized, maxnorm()), dir);
    json = new ObjectMapper().readTree(Files.readString(dir.resolve("results.json")));
    assertThat(json.has("quantizedHeadline")).isTrue();
    assertThat(json.has("quantizedAgainstHalfHeadline")).isFalse();
  }

  @Test
  void rendersWithoutTheHeadlinePairAndWithOneMethodNeverReaching() throws IOException {
    DemoResults onlyRobust = results(robust());
    ReportRenderer.render(onlyRobust, dir);
    assertThat(Files.readString(dir.resolve("report.md")))
        .contains("No headline: it compares rnl+ril with maxnorm, and this run has no rnl+ril and no maxnorm.");
    assertThat(ReportNumbers.headline(results(rnlRil())).text()).contains("has no maxnorm.");

    // rnl+ril never within 1 point; maxnorm does.
    MethodResult never = new MethodResult("rnl+ril", 90, robust().metrics(), List.of(1.0, 1.0), null);
    assertThat(ReportNumbers.headline(results(never, maxnorm())).text())
        .isEqualTo("rnl+ril does not come within 1 point of its ANN (90.00 %) within T = 16 steps; "
            + "maxnorm reaches 91.00 % at t = 15.");
    // maxnorm never within 1 point.
    MethodResult maxNever = new MethodResult("maxnorm", 90, robust().metrics(), List.of(1.0, 1.0), null);
    ReportNumbers.Headline h = ReportNumbers.headline(results(rnlRil(), maxNever));
    assertThat(h.text()).startsWith("rnl+ril reaches 89.00 % at t = 10").contains("maxnorm does not come within");
    assertThat(h.stepRatio()).isNaN();
    ReportRenderer.render(results(rnlRil(), maxNever), dir);
    ResultsFile.write(results(never, maxNever), dir);
    assertThat(ResultsFile.read(dir)).isEqualTo(results(never, maxNever));
  }

  @Test
  void reportCommandRegeneratesTheSameReport() throws IOException {
    DemoResults results = all();
    ResultsFile.write(results, dir);
    ReportRenderer.render(results, dir);
    String first = Files.readString(dir.resolve("report.md"));
    Files.delete(dir.resolve("report.md"));
    Files.delete(dir.resolve("plots/power.png"));
    Result r = run("report", dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(dir.resolve("report.md"))).isEqualTo(first);
    assertThat(dir.resolve("plots/power.png")).exists();
  }

  @Test
  void reportCommandFailsInOneLine() throws IOException {
    Result missing = run("report", dir.toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("results.json").contains("no such file").doesNotContain("Exception");
    assertThat(missing.err().strip().lines()).hasSize(1);

    Files.writeString(dir.resolve("results.json"), "{\"format\": \"spikebridge-demo-results\", \"formatVersion\": 1}");
    Result invalid = run("report", dir.toString());
    assertThat(invalid.code()).isEqualTo(1);
    assertThat(invalid.err()).contains("dataNote: expected a value").doesNotContain("\tat ");
    assertThat(invalid.err().strip().lines()).hasSize(1);
    Files.writeString(dir.resolve("results.json"), "not json");
    assertThatThrownBy(() -> ResultsFile.read(dir)).isInstanceOf(FileFormatException.class).hasMessageContaining("JSON");
  }

}
