package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spikebridge.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.cli.CliRun.Result;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;
import org.spikebridge.network.file.NetworkFiles;

/**
 * {@code spikebridge inspect} on hand-made networks: a 1×4×4 input, Conv(2, 3×3) with 18 weights
 * and 2 biases → [2, 2, 2], an activation, Flatten → 8 features, Linear(3) with 24 weights and 3
 * biases.
 */
class InspectCommandTest {
  @TempDir
  Path dir;

  private static Map<String, Tensor> convAndLinear() {
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("conv.weight", Tensor.filled(TensorShape.of(2, 1, 3, 3), 0.1f));
    p.put("conv.bias", Tensor.filled(TensorShape.of(2), 0f));
    p.put("fc.weight", Tensor.filled(TensorShape.of(3, 8), 0.1f));
    p.put("fc.bias", Tensor.filled(TensorShape.of(3), 0f));
    return p;
  }

  private static Architecture architecture(Layer activation) {
    return new Architecture("tiny", TensorShape.of(1, 4, 4), 3, List.of(
        new Layer.Conv2d("conv", List.of("input"), 1, 2, 3, 1, 0, true),
        activation,
        new Layer.Flatten("flat", List.of(activation.name())),
        new Layer.Linear("fc", List.of("flat"), 8, 3, true)));
  }

  @Test
  void printsAnAnnsLayersParametersThresholdAndProvenance() throws IOException {
    Map<String, Tensor> p = convAndLinear();
    // θ = sigmoid(0)·running_max + 1e-6 = 0.5·3 = 1.5
    p.put("rnl.running_max", Tensor.filled(TensorShape.of(1), 3f));
    p.put("rnl.p_logit", Tensor.filled(TensorShape.of(1), 0f));
    Network ann = new Network(architecture(new Layer.RateNorm("rnl", List.of("conv"), 0.1, 4)), p,
        new Provenance("fashion-mnist", 7, "spikebridge train --epochs 1", Map.of("java", "17"),
            Map.of("stage", "1")));
    NetworkFiles.save(ann, dir.resolve("ann"));

    Result r = run("inspect", dir.resolve("ann").toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("network 'tiny' (ANN)\ninput [1, 4, 4], 3 classes, 4 layers, 49 parameters\n");
    assertThat(r.out().lines().map(String::strip).map(l -> l.replaceAll("\\s+", " ")))
        .contains("conv Conv2d [2, 2, 2] 20 -",
            "rnl RateNorm [2, 2, 2] 2 1.5 (p 0.5, max 3) 4",
            "flat Flatten [8] 0 -",
            "fc Linear [3] 27 -",
            "dataset fashion-mnist", "seed 7", "command spikebridge train --epochs 1", "versions java 17",
            "stage 1");
    assertThat(r.out()).doesNotContain("conversion\n");
  }

  @Test
  void printsAnSnnsPerChannelThresholdsAndItsConversion() throws IOException {
    Map<String, Tensor> p = convAndLinear();
    p.put("if.threshold", new Tensor(TensorShape.of(2), new float[] {0.5f, 2f}));
    Network snn = new Network(architecture(new Layer.IntegrateAndFire("if", List.of("conv"), true, 0)), p,
        new Provenance("mnist", 1, "spikebridge convert", Map.of(),
            Map.of("conversion.method", "robustnorm", "conversion.percentile", "99.9", "stage", "2")));
    NetworkFiles.save(snn, dir.resolve("snn"));

    Result r = run("inspect", dir.resolve("snn").toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("spiking network 'tiny', converted by robustnorm\n"
        + "input [1, 4, 4], 3 classes, 4 layers, 49 parameters\n");
    assertThat(r.out().lines().map(String::strip).map(l -> l.replaceAll("\\s+", " ")))
        .contains("if IntegrateAndFire [2, 2, 2] 2 0.5 – 2 (mean 1.25) -",
            "conversion", "method robustnorm", "percentile 99.9", "stage 2");
  }

  /** An imported network's long layer names widen the name column: every type starts below "type". */
  @Test
  void longLayerNamesKeepTheColumnsAligned() throws IOException {
    String conv = "features.features.0.Conv";
    Map<String, Tensor> p = new LinkedHashMap<>();
    convAndLinear().forEach((name, t) -> p.put(name.replace("conv.", conv + "."), t));
    Network ann = new Network(new Architecture("imported", TensorShape.of(1, 4, 4), 3, List.of(
        new Layer.Conv2d(conv, List.of("input"), 1, 2, 3, 1, 0, true),
        new Layer.Relu("relu", List.of(conv)),
        new Layer.Flatten("flat", List.of("relu")),
        new Layer.Linear("fc", List.of("flat"), 8, 3, true))), p,
        new Provenance("none", 0, "spikebridge import", Map.of(), Map.of()));
    NetworkFiles.save(ann, dir.resolve("ann"));

    Result r = run("inspect", dir.resolve("ann").toString());

    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("layer ")).findFirst().orElseThrow());
    int column = lines.get(header).indexOf("type");
    List<String> types = List.of("Conv2d", "Relu", "Flatten", "Linear");
    for (int i = 0; i < types.size(); i++) {
      assertThat(lines.get(header + 1 + i).indexOf(types.get(i))).as(lines.get(header + 1 + i)).isEqualTo(column);
    }
  }

  @Test
  void aFolderWithoutANetworkIsOneLineNamingWhatWasExpected() throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    Path notJson = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(notJson.resolve(NetworkFiles.MANIFEST), "{ not json");

    Map<Path, String> expected = Map.of(
        dir.resolve("empty"), dir.resolve("empty") + ": expected a network folder (network.json) or a "
            + "training or tune run folder; as a run folder: ",
        dir.resolve("missing"), dir.resolve("missing") + ": expected a network folder (network.json) or a "
            + "training or tune run folder, found nothing",
        notJson, notJson.resolve("network.json") + ": (whole file): expected valid JSON");
    expected.forEach((bad, message) -> {
      Result r = run("inspect", bad.toString());
      assertThat(r.code()).as(bad.toString()).isEqualTo(1);
      assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
      assertThat(r.err()).startsWith("spikebridge inspect: " + message).doesNotContain("Exception");
    });
  }
}
