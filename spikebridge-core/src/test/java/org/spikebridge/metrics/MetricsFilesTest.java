package org.spikebridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.FileFormatException;

class MetricsFilesTest {
  private static final double NAN = Double.NaN;

  @TempDir Path dir;

  /** 4 images, T = 2; layer b is silent in the ANN for every image, so its Ω and K(1) are NaN. */
  private static SimulationMetrics tiny() {
    return new SimulationMetrics(4, 2, List.of("a", "b"), 75.0, new double[] {50, 75}, new double[] {25, 100},
        new double[][] {{0.5, 0.25}, {NAN, 0.125}}, new double[] {1, NAN},
        new double[][] {{2, 1.5}, {0.5, 0}});
  }

  private static Map<String, Object> run() {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("network", "vgg16");
    run.put("method", "rnl");
    run.put("coding", "constant");
    run.put("seed", 7);
    run.put("alpha", 0.25);
    run.put("versions", Map.of("spikebridge", "0.1.0-SNAPSHOT"));
    return run;
  }

  private static MetricsFiles.Contents contents(SimulationMetrics m, Map<String, Object> run, double alpha) {
    return new MetricsFiles.Contents(m, alpha, run, List.of(), null);
  }

  @Test
  void thresholdsAndOperationCountsRoundTrip() throws IOException {
    OperationCounts counts = new OperationCounts(1000, 40, new double[] {3, 0.5}, new int[] {10, 4});
    MetricsFiles.write(new MetricsFiles.Contents(tiny(), 0.25, run(), List.of(1.5, 2.0), counts), dir);
    MetricsFiles.Contents back = MetricsFiles.readContents(dir);
    assertThat(back.thresholds()).containsExactly(1.5, 2.0);
    assertThat(back.operations()).isEqualTo(counts);
    // spikes a {2, 1.5} × 3 + b {0.5, 0} × 0.5
    JsonNode steps = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile()).get("steps");
    assertThat(steps.get("synapticOperations").get(0).asDouble()).isEqualTo(6.25);
    assertThat(steps.get("synapticOperations").get(1).asDouble()).isEqualTo(4.5);
  }

  @Test
  void filesWithoutThresholdsOrOperationsReadAsUnknown() throws IOException {
    MetricsFiles.write(contents(tiny(), run(), 0.25), dir);
    MetricsFiles.Contents back = MetricsFiles.readContents(dir);
    assertThat(back.thresholds()).isEmpty();
    assertThat(back.operations()).isNull();
  }

  @Test
  void curvesCsvLineByLine() throws IOException {
    MetricsFiles.write(contents(tiny(), run(), 0.25), dir);
    // bound_a = 2·1/t; power = total × 0.25 J × 1000 steps/s
    assertThat(Files.readAllLines(dir.resolve("curves.csv"))).containsExactly(
        "t,accuracy,agreement,k_a,bound_a,spikes_a,k_b,bound_b,spikes_b,total_spikes,power",
        "1,50.0,25.0,0.5,2.0,2.0,,,0.5,2.5,625.0",
        "2,75.0,100.0,0.25,1.0,1.5,0.125,,0.0,1.5,375.0");
  }

  @Test
  void csvQuotesLayerNamesWithCommas() {
    SimulationMetrics m = new SimulationMetrics(1, 1, List.of("fc,1", "say \"hi\""), 100, new double[] {100},
        new double[] {100}, new double[][] {{0}, {0}}, new double[] {1, 1}, new double[][] {{1}, {1}});
    String header = MetricsFiles.csv(m, m.power(1)).lines().findFirst().orElseThrow();
    assertThat(header).isEqualTo("t,accuracy,agreement,\"k_fc,1\",\"bound_fc,1\",\"spikes_fc,1\","
        + "\"k_say \"\"hi\"\"\",\"bound_say \"\"hi\"\"\",\"spikes_say \"\"hi\"\"\",total_spikes,power");
  }

  @Test
  void jsonRoundTrip() throws IOException {
    MetricsFiles.write(contents(tiny(), run(), 0.25), dir);
    MetricsFiles.Contents back = MetricsFiles.readContents(dir);
    assertThat(back.metrics()).isEqualTo(tiny());
    assertThat(back.alpha()).isEqualTo(0.25);
    assertThat(back.run()).isEqualTo(run());
    assertThat(MetricsFiles.read(dir)).isEqualTo(tiny());

    SimulationMetrics hand = HandCase.metrics();
    Path other = dir.resolve("hand");
    MetricsFiles.write(contents(hand, Map.of(), 2e-9), other);
    assertThat(MetricsFiles.read(other)).isEqualTo(hand);
    // no temporary files left behind
    try (var files = Files.list(other)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("metrics.json",
          "curves.csv");
    }
  }

  /** Early exit: 3 of 4 images stopped at t = 1, one ran to T = 2; a file without stops means all at T. */
  @Test
  void stopsRoundTripAndTheirMeanIsInTheSummary() throws IOException {
    SimulationMetrics t = tiny();
    SimulationMetrics early = new SimulationMetrics(4, 2, t.layers(), 75.0, t.accuracy(), t.agreement(), t.k(),
        t.omega(), t.spikesPerImage(), new int[] {3, 1});
    MetricsFiles.write(contents(early, run(), 1), dir);
    assertThat(MetricsFiles.read(dir)).isEqualTo(early);
    String json = Files.readString(dir.resolve(MetricsFiles.METRICS));
    assertThat(json).contains("\"meanSteps\" : 1.25").contains("\"stoppedImages\" : [ 3, 1 ]");

    Files.writeString(dir.resolve(MetricsFiles.METRICS), json.replace("\"stoppedImages\" : [ 3, 1 ]",
        "\"stoppedImages\" : [ 3, 1.5 ]"));
    assertThatThrownBy(() -> MetricsFiles.read(dir)).hasMessageContaining("steps.stoppedImages[1]")
        .hasMessageContaining("a whole number of images");
  }

  @Test
  void jsonHoldsDerivedValues() throws IOException {
    MetricsFiles.write(contents(tiny(), run(), 0.25), dir);
    JsonNode root = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
    assertThat(root.get("format").asText()).isEqualTo("spikebridge-metrics");
    assertThat(root.get("run").get("network").asText()).isEqualTo("vgg16");
    assertThat(root.get("images").asInt()).isEqualTo(4);
    assertThat(root.get("timesteps").asInt()).isEqualTo(2);
    assertThat(root.get("annAccuracy").asDouble()).isEqualTo(75.0);
    JsonNode steps = root.get("steps");
    assertThat(steps.get("power").get(0).asDouble()).isEqualTo(625.0);
    assertThat(steps.get("energyUpTo").get(1).asDouble()).isEqualTo(1.0); // 0.25 × (2.5 + 1.5)
    JsonNode b = root.get("layers").get(1);
    assertThat(b.get("name").asText()).isEqualTo("b");
    assertThat(b.get("omega").isNull()).isTrue();
    assertThat(b.get("k").get(0).isNull()).isTrue();
    assertThat(root.get("layers").get(0).get("bound").get(1).asDouble()).isEqualTo(1.0);
    // ANN 75 %: within 0 and 1 points at t = 2 (75 %), within 2 points also at t = 2 (50 % < 73 %)
    JsonNode within1 = root.get("summary").get("withinAnn").get(1);
    assertThat(within1.get("points").asDouble()).isEqualTo(1.0);
    assertThat(within1.get("firstStep").asInt()).isEqualTo(2);
    assertThat(within1.get("energy").asDouble()).isEqualTo(1.0);
  }

  /** Java's decoder said only "Input length = 1"; the message names the file. */
  @Test
  void aFileThatIsNotUtf8IsNamed() throws IOException {
    Files.write(dir.resolve("metrics.json"), new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
    assertThatThrownBy(() -> MetricsFiles.read(dir)).isInstanceOf(FileFormatException.class)
        .hasMessage(dir.resolve("metrics.json") + ": file: expected UTF-8 text, found bytes that are not UTF-8");
  }

  @Test
  void readReportsWhatIsWrong() throws IOException {
    assertThatThrownBy(() -> MetricsFiles.read(dir)).isInstanceOf(FileFormatException.class)
        .hasMessage(dir.resolve("metrics.json") + ": file: expected a metrics file written by 'simulate', found no such file");
    MetricsFiles.write(contents(tiny(), run(), 0.25), dir);
    Path file = dir.resolve("metrics.json");
    String text = Files.readString(file);
    Files.writeString(file, text.replace("\"formatVersion\" : 1", "\"formatVersion\" : 9"));
    assertThatThrownBy(() -> MetricsFiles.read(dir)).isInstanceOf(FileFormatException.class)
        .hasMessage(file + ": formatVersion: expected 1..1 (a newer SpikeBridge may have written this file), found 9");
    Files.writeString(file, text.replace("\"k\" : [ 0.5, 0.25 ]", "\"k\" : [ 0.5 ]"));
    assertThatThrownBy(() -> MetricsFiles.read(dir)).isInstanceOf(FileFormatException.class)
        .hasMessage(file + ": layers[0].k: expected an array of 2 numbers (one per step), found 1 values");
  }
  /** Found by the fuzzer: a run block that is not an object failed deep inside Jackson. */
  @Test
  void aRunBlockThatIsNotAnObjectIsNamed() throws IOException {
    Path file = written();
    Files.writeString(file, Files.readString(file)
        .replaceFirst("\"run\" : \\{", "\"run\" : \"/\", \"x\" : {"));
    assertThatThrownBy(() -> MetricsFiles.read(dir)).isInstanceOf(FileFormatException.class)
        .hasMessage(file + ": run: expected an object (the run's provenance) or null, found \"/\"");
  }

  /** Found by the fuzzer: 1e999 read as infinity, which the file could not hold again. */
  @Test
  void aNumberBeyondDoubleIsNamed() throws IOException {
    Path file = written();
    Files.writeString(file, Files.readString(file)
        .replace("\"k\" : [ 0.5, 0.25 ]", "\"k\" : [ 1e999, 0.25 ]"));
    assertThatThrownBy(() -> MetricsFiles.read(dir)).isInstanceOf(FileFormatException.class)
        .hasMessage(file + ": layers[0].k[0]: expected a finite number or null, found Infinity");
  }

  /** Found by the fuzzer: alpha null (NaN) was read, and writing the metrics again failed. */
  @Test
  void anAlphaThatIsNotANumberAtLeastZeroIsNamed() throws IOException {
    Path file = written();
    Files.writeString(file, Files.readString(file).replace("\"alpha\" : 0.25", "\"alpha\" : null"));
    assertThatThrownBy(() -> MetricsFiles.read(dir)).isInstanceOf(FileFormatException.class)
        .hasMessage(file + ": alpha: expected a number ≥ 0 (joules per spike), found null");
  }

  private Path written() throws IOException {
    MetricsFiles.write(contents(tiny(), run(), 0.25), dir);
    return dir.resolve("metrics.json");
  }
}
