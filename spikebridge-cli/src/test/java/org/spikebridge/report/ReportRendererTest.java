package org.spikebridge.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.spikebridge.cli.CliRun.run;
import static org.spikebridge.report.HandMadeResults.ALPHA;
import static org.spikebridge.report.HandMadeResults.all;
import static org.spikebridge.report.HandMadeResults.maxnorm;
import static org.spikebridge.report.HandMadeResults.results;
import static org.spikebridge.report.HandMadeResults.rnlRil;
import static org.spikebridge.report.HandMadeResults.robust;

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

class ReportRendererTest {
  @TempDir
  Path dir;

  @Test
  void reportShowsTheHandComputedNumbers() throws IOException {
    ReportRenderer.render(all(), dir);
    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md).startsWith("# SpikeBridge demo report\n");
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
    // First step within 1 point and what it cost: spikes, SOPs, pJ, the ANN's 1000 MACs × 4.6 pJ.
    assertThat(md).contains("0.9 pJ per accumulate (AC), 4.6 pJ per multiply-accumulate (MAC), 45 nm CMOS "
            + "(Horowitz, ISSCC 2014); the SNN's first layer receives the analog input and does its MACs at every "
            + "step; SOPs = spikes × the layer's mean fan-out.")
        .contains("Eq. 14 takes the energy as α × spikes, with α the energy of one spike, which it leaves to "
            + "the hardware: the spikes column is that energy in units of α.")
        .contains("| rnl+ril | 89.00 | 10 | 89.00 | 150.0 | 400 | 820 pJ | 1.000 k | 4.600 nJ | 0.18 |")
        .contains("| maxnorm | 91.00 | 15 | 91.00 | 90.0 | 240 | 906 pJ | 1.000 k | 4.600 nJ | 0.20 |")
        .contains("| robustnorm | 89.00 | not within T = 16 | — | — | — | — | — | — | — |");
    String energy = md.substring(md.indexOf("## Steps and energy"), md.indexOf("## Plots"));
    assertThat(energy.lines().filter(l -> l.contains("α")).count()).as("Eq. 14 stated once, in units of α")
        .isEqualTo(1);
    // Headline: 15 / 10 = 1.50× fewer steps, 820 / 906 = 0.91× the energy (both have operation counts).
    assertThat(md).contains("rnl+ril reaches 89.00 % in 1.50× fewer steps than maxnorm at 0.91× its energy "
            + "(t = 10 vs 15; 820 pJ vs 906 pJ per image; each within 1 point of its own ANN: 90.00 % and 92.00 %).")
        .contains("| energy to that t, per image | 820 pJ | 906 pJ | 0.91× the energy |");
    // The best method: rnl+ril, against maxnorm (the same) and robustnorm (no counts, so spikes).
    assertThat(md).contains("### Best method\n\nThe best method, the one that first comes within 1 point of its "
            + "ANN at the fewest steps (ties: the lower energy), is rnl+ril, at t = 10.")
        .contains("Against maxnorm: rnl+ril reaches 89.00 % in 1.50× fewer steps than maxnorm at 0.91× its energy")
        .contains("Against robustnorm: rnl+ril reaches 89.00 % at t = 10 (within 1 point of its ANN's 90.00 %), "
            + "using 150.0 spikes per image; robustnorm does not come within 1 point of its ANN within T = 16 "
            + "steps, so more than 1.60× as many steps.");
    for (String plot : List.of("accuracy", "accuracy-energy", "k-curves-rnl-ril", "k-curves-maxnorm",
        "k-curves-robustnorm", "firing-rates", "omega-threshold", "power")) {
      assertThat(md).contains("(plots/" + plot + ".png)").contains("(plots/" + plot + ".svg)")
          .contains("](plots/" + plot + ".png)\n");
    }
    assertThat(md).contains("no line for robustnorm, whose results have no operation counts");
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
    assertThat(headline.get("energyBasis").asText()).isEqualTo("picojoules");
    assertThat(headline.get("energyRatio").asDouble()).isCloseTo(820.0 / 906, within(1e-12));
    assertThat(headline.get("methodReached").get("firstStep").asInt()).isEqualTo(10);
    assertThat(headline.get("methodReached").get("snnPicojoules").asDouble()).isCloseTo(820, within(1e-9));
    assertThat(headline.get("baselineReached").get("eq14Energy").asDouble()).isEqualTo(45.0);
    assertThat(headline.get("baselineReached").get("synapticOperations").asDouble()).isEqualTo(240.0);
  }

  /** Every cell of the energy table equals the {@code shown} value of results.json, and those round the exact ones. */
  @Test
  void energyTableEqualsResultsJson() throws IOException {
    DemoResults results = all();
    ResultsFile.write(results, dir);
    ReportRenderer.render(results, dir);
    JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("results.json")));
    List<String> lines = Files.readAllLines(dir.resolve("report.md"));
    int start = lines.indexOf("## Steps and energy to reach ANN − 1 point");
    int header = start;
    while (!lines.get(header).startsWith("| method")) {
      header++;
    }
    List<String> keys = List.of("target", "firstStep", "accuracyAtFirstStep", "spikesPerImage",
        "synapticOperations", "snnEnergy", "annMacs", "annEnergy", "snnToAnnEnergy");
    assertThat(cells(lines.get(header))).hasSize(keys.size() + 1);
    int rows = 0;
    for (int i = header + 2; lines.get(i).startsWith("|"); i++, rows++) {
      List<String> cells = cells(lines.get(i));
      JsonNode summary = methodNode(json, cells.get(0)).get("summary");
      JsonNode shown = summary.get("shown");
      JsonNode within = summary.get("withinAnn");
      for (int c = 1; c < cells.size(); c++) {
        String key = keys.get(c - 1);
        String expected = key.equals("firstStep")
            ? (within.get("firstStep").isNull() ? "not within T = 16" : within.get("firstStep").asText())
            : shown.has(key) ? shown.get(key).asText() : "—";
        assertThat(cells.get(c)).as("%s: %s", cells.get(0), key).isEqualTo(expected);
      }
    }
    assertThat(rows).isEqualTo(3);
    // The exact numbers behind the shown ones, by hand (see HandMadeResults).
    JsonNode rnl = methodNode(json, "rnl+ril").get("summary");
    assertThat(rnl.get("withinAnn").get("synapticOperations").asDouble()).isEqualTo(400.0);
    assertThat(rnl.get("withinAnn").get("snnPicojoules").asDouble()).isCloseTo(820, within(1e-9));
    assertThat(rnl.get("withinAnn").get("snnToAnnEnergy").asDouble()).isCloseTo(820.0 / 4600, within(1e-12));
    assertThat(rnl.get("ann").get("macs").asDouble()).isEqualTo(1000.0);
    assertThat(rnl.get("ann").get("picojoules").asDouble()).isCloseTo(4600, within(1e-9));
    JsonNode robust = methodNode(json, "robustnorm").get("summary");
    assertThat(robust.has("ann")).isFalse();
    assertThat(robust.get("withinAnn").get("snnPicojoules").isNull()).isTrue();
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
    DemoResults demo = all();
    DemoResults results = new DemoResults(demo.provenance(), demo.dataNote(), ALPHA, new EnergyModel(1, 5),
        demo.methods());
    ResultsFile.write(results, dir);
    DemoResults back = ResultsFile.read(dir);
    assertThat(back).isEqualTo(results);
    assertThat(back.energy()).isEqualTo(new EnergyModel(1, 5));
    assertThat(back.methods().get(0).operations()).isEqualTo(HandMadeResults.COUNTS);
    assertThat(back.methods().get(2).operations()).isNull();
    // NaN survives as null.
    assertThat(back.methods().get(1).metrics().omega()[1]).isNaN();
    assertThat(ResultsFile.json(back)).isEqualTo(Files.readString(dir.resolve("results.json")));

    JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("results.json")));
    assertThat(json.get("energyModel").get("picojoulesPerAc").asDouble()).isEqualTo(1.0);
    assertThat(json.get("energyModel").get("picojoulesPerMac").asDouble()).isEqualTo(5.0);
    JsonNode rnl = methodNode(json, "rnl+ril");
    assertThat(rnl.get("operations").get("annMacs").asDouble()).isEqualTo(1000.0);
    assertThat(rnl.get("operations").get("inputMacsPerStep").asDouble()).isEqualTo(10.0);
    assertThat(rnl.get("layers").get(0).get("fanOut").asDouble()).isEqualTo(3.0);
    assertThat(rnl.get("layers").get(1).get("neurons").asInt()).isEqualTo(5);
    // 40 SOPs per step; 40 × 1 pJ + 10 MACs × 5 pJ = 90 pJ per step, cumulative.
    assertThat(rnl.get("steps").get("synapticOperations").get(15).asDouble()).isEqualTo(40.0);
    assertThat(rnl.get("steps").get("snnPicojoules").get(0).asDouble()).isEqualTo(90.0);
    assertThat(rnl.get("steps").get("snnPicojoules").get(15).asDouble()).isEqualTo(1440.0);
    assertThat(methodNode(json, "robustnorm").has("operations")).isFalse();
  }

  /** A results.json of an older version, without energy model and operation counts, still reads and renders. */
  @Test
  void readsResultsWithoutEnergyModelOrOperationCounts() throws IOException {
    ResultsFile.write(all(), dir);
    ObjectMapper mapper = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode json =
        (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(Files.readString(dir.resolve("results.json")));
    json.remove("energyModel");
    for (JsonNode method : json.get("methods")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) method).remove("operations");
      for (JsonNode layer : method.get("layers")) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) layer).remove(List.of("fanOut", "neurons"));
      }
    }
    Files.writeString(dir.resolve("results.json"), mapper.writeValueAsString(json));
    DemoResults old = ResultsFile.read(dir);
    assertThat(old.energy()).isEqualTo(EnergyModel.CMOS_45NM);
    assertThat(old.methods()).allSatisfy(m -> assertThat(m.operations()).isNull());
    Result r = run("report", dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    // Spikes in the headline (the same ratio as Eq. 14's energy), dashes in the energy table.
    assertThat(Files.readString(dir.resolve("report.md")))
        .contains("at 1.67× its energy (t = 10 vs 15; 150.0 spikes vs 90.0 spikes per image; Eq. 14's energy, "
            + "spikes × α, has the same ratio for any α;")
        .contains("| rnl+ril | 89.00 | 10 | 89.00 | 150.0 | — | — | — | — | — |")
        .contains("no line for rnl+ril, maxnorm and robustnorm, whose results have no operation counts");
  }

  /** Every plot report.md links to exists and decodes, and the plots folder holds nothing else. */
  @Test
  void everyPlotInTheReportExistsAndDecodes() throws IOException {
    List<Path> written = ReportRenderer.render(all(), dir);
    String md = Files.readString(dir.resolve("report.md"));
    java.util.regex.Matcher links = java.util.regex.Pattern.compile("\\(plots/([^)]+)\\)").matcher(md);
    java.util.Set<String> linked = new java.util.TreeSet<>();
    while (links.find()) {
      linked.add(links.group(1));
    }
    assertThat(linked).containsExactlyInAnyOrder("accuracy.png", "accuracy.svg", "accuracy-energy.png",
        "accuracy-energy.svg", "k-curves-rnl-ril.png", "k-curves-rnl-ril.svg", "k-curves-maxnorm.png",
        "k-curves-maxnorm.svg", "k-curves-robustnorm.png", "k-curves-robustnorm.svg", "firing-rates.png",
        "firing-rates.svg", "omega-threshold.png", "omega-threshold.svg", "power.png", "power.svg");
    assertThat(written).hasSize(linked.size() + 1);
    try (var files = Files.list(dir.resolve("plots"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(linked);
    }
    for (String file : linked) {
      Path path = dir.resolve("plots").resolve(file);
      if (file.endsWith(".png")) {
        BufferedImage image = ImageIO.read(path.toFile());
        assertThat(image).as(file).isNotNull();
        assertThat(image.getWidth()).isEqualTo(ReportPlots.WIDTH);
        assertThat(image.getHeight()).isEqualTo(ReportPlots.HEIGHT);
        assertThat(md).as("inline").contains("](plots/" + file + ")");
      } else {
        assertThat(Files.readString(path)).as(file).contains("<svg");
      }
    }
  }

  @Test
  void titleNamesTheJobFromItsProvenanceKeyOrCommand() {
    assertThat(ReportRenderer.title(all())).isEqualTo("SpikeBridge demo report");
    Map<String, Object> job = Map.of("job", "compare", "command", List.of("spikebridge", "demo"));
    assertThat(ReportRenderer.title(new DemoResults(job, "", ALPHA, EnergyModel.CMOS_45NM, List.of())))
        .isEqualTo("SpikeBridge compare report");
    Map<String, Object> other = Map.of("command", "spikebridge simulate --out demo-run");
    assertThat(ReportRenderer.title(new DemoResults(other, "", ALPHA, EnergyModel.CMOS_45NM, List.of())))
        .isEqualTo("SpikeBridge report");
    assertThat(ReportRenderer.title(new DemoResults(Map.of(), "", ALPHA, EnergyModel.CMOS_45NM, List.of())))
        .isEqualTo("SpikeBridge report");
  }

  /** A compare run: its title, method names of any kind, no rnl+ril, and a best method. */
  @Test
  void rendersACompareRunWithItsOwnLabels() throws IOException {
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("command", "java -cp spikebridge.jar org.spikebridge.cli.SpikeBridge compare --onnx net.onnx");
    MethodResult mine = HandMadeResults.renamed(rnlRil(), "my net/v2 (β)", HandMadeResults.COUNTS);
    DemoResults results = new DemoResults(provenance, "", ALPHA, EnergyModel.CMOS_45NM, List.of(mine, maxnorm()));
    ReportRenderer.render(results, dir);
    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md).startsWith("# SpikeBridge compare report\n")
        .contains("No headline: it compares rnl+ril with maxnorm, and this run has no rnl+ril.")
        .contains("is my net/v2 (β), at t = 10.\n")
        .contains("Against maxnorm: my net/v2 (β) reaches 89.00 % in 1.50× fewer steps than maxnorm at 0.91× its "
            + "energy")
        .contains("- **maxnorm**: ").doesNotContain("- **my net");
    assertThat(dir.resolve("plots/k-curves-my-net-v2----.png")).exists();
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
    ReportRenderer.render(new DemoResults(fromZero, withHalf.dataNote(), ALPHA, EnergyModel.CMOS_45NM,
        withHalf.methods()), dir);
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
        .contains("No headline: it compares rnl+ril with maxnorm, and this run has no rnl+ril and no maxnorm.")
        .contains("No method comes within 1 point of its ANN within its T steps, so none is best.");
    assertThat(Headlines.paper(results(rnlRil())).text()).contains("has no maxnorm.");

    // rnl+ril never within 1 point; maxnorm does.
    MethodResult never = new MethodResult("rnl+ril", 90, robust().metrics(), List.of(1.0, 1.0), null);
    assertThat(Headlines.paper(results(never, maxnorm())).text())
        .isEqualTo("rnl+ril does not come within 1 point of its ANN (90.00 %) within T = 16 steps; "
            + "maxnorm reaches 91.00 % at t = 15.");
    // maxnorm never within 1 point.
    MethodResult maxNever = new MethodResult("maxnorm", 90, robust().metrics(), List.of(1.0, 1.0), null);
    Headlines.Headline h = Headlines.paper(results(rnlRil(), maxNever));
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

  /**
   * A {@code plots} that is a symbolic link would send the plots elsewhere: the in-place report
   * refuses it in one line before writing anything, and the linked folder is left as it was.
   */
  @Test
  void reportCommandRefusesALinkedPlotsFolder() throws IOException {
    Path runDir = Files.createDirectories(dir.resolve("run"));
    ResultsFile.write(all(), runDir);
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("notes.txt"), "theirs");
    Path plots = Files.createSymbolicLink(runDir.resolve("plots"), elsewhere);

    Result r = run("report", runDir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(plots + " is a symbolic link").doesNotContain("Exception");
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(names(elsewhere)).containsExactly("notes.txt");
    assertThat(names(runDir)).containsExactly("plots", "results.json");
  }

  /**
   * Killed while it moved the new plots in (a temporary plot in the staging folder, a stray
   * temporary file in plots/ and one of report.md): the next report puts things right with no
   * hand cleaning and leaves only the run's files.
   */
  @Test
  void reportCommandFinishesWhatAKilledRenderingLeft() throws IOException {
    DemoResults results = results(rnlRil());
    ResultsFile.write(results, dir);
    ReportRenderer.render(results, dir);
    List<String> plots = names(dir.resolve("plots"));
    Files.writeString(Files.createDirectories(dir.resolve(".plots.partial")).resolve(".power.png.9.tmp"), "half");
    Files.writeString(dir.resolve("plots/.accuracy.png.8.tmp"), "half");
    Files.writeString(dir.resolve(".report.md.123.tmp"), "# half");

    Result r = run("report", dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(names(dir)).containsExactly("plots", "report.md", "results.json");
    assertThat(names(dir.resolve("plots"))).isEqualTo(plots);
    assertThat(ImageIO.read(dir.resolve("plots/power.png").toFile())).isNotNull();

    Path together = dir.resolve("together");
    Files.writeString(Files.createDirectories(dir.resolve(".together.partial")).resolve("report.md"), "# half");
    Result combined = run("report", dir.toString(), "--out", together.toString());
    assertThat(combined.code()).as(combined.err()).isZero();
    assertThat(names(dir)).containsExactly("plots", "report.md", "results.json", "together");
    assertThat(names(together)).containsExactly("plots", "report.md", "results.json");
  }

  private static List<String> names(Path folder) throws IOException {
    try (var entries = Files.list(folder)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
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
