package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spikebridge.cli.CliRun.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.cli.CliRun.Result;
import org.spikebridge.convert.OutputNormalization;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Downloader;
import org.spikebridge.metrics.MetricsFiles;
import org.spikebridge.metrics.SimulationMetrics;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.network.file.SafeTensors;
import org.spikebridge.train.TrainableNetwork;

class ConvertSimulateCommandTest {
  private static final Provenance PROVENANCE = new Provenance("fashion-mnist", 1, "test", Map.of(), Map.of());
  @TempDir
  static Path shared;
  static Path data;
  static Path ann;

  @TempDir
  Path dir;

  @BeforeAll
  static void prepare() throws IOException {
    data = SyntheticFashionMnist.write(shared.resolve("data"), 100, 120);
    ann = shared.resolve("ann");
    NetworkFiles.save(cnn7(28), ann);
  }

  private static Network cnn7(int size) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu());
        TrainableNetwork net = TrainableNetwork.initialize(
            ModelZoo.cnn7(TensorShape.of(1, size, size), 10, Activation.RATE_NORM), 2, manager)) {
      return net.toNetwork(PROVENANCE);
    }
  }

  private static void failsInOneLine(Result result, String expected) {
    assertThat(result.code()).as(result.err()).isNotZero();
    assertThat(result.err()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(result.err().strip().lines()).hasSize(1);
  }

  @Test
  void convertThenSimulateWritesEveryCurve() throws IOException {
    Path snn = dir.resolve("snn");
    Result converted = run("convert", "--checkpoint", ann.toString(), "--method", "rnl", "--out", snn.toString());
    assertThat(converted.code()).as(converted.err()).isZero();
    SpikingNetwork network = SpikingNetwork.load(snn);
    assertThat(network.spikingLayers()).hasSize(3);
    assertThat(network.network().provenance().settings()).containsEntry("conversion.method", "rnl");

    Path runDir = dir.resolve("run");
    Result simulated = run("simulate", "--snn", snn.toString(), "--dataset", "fashion-mnist",
        "--data-dir", data.toString(), "--timesteps", "12", "--batch-size", "50", "--out", runDir.toString());
    assertThat(simulated.code()).as(simulated.err()).isZero();
    SimulationMetrics metrics = MetricsFiles.read(runDir);
    assertThat(metrics.images()).isEqualTo(120);
    assertThat(metrics.timesteps()).isEqualTo(12);
    assertThat(metrics.layers()).containsExactly("rnl1", "rnl2", "rnl3");
    assertThat(Files.readAllLines(runDir.resolve("curves.csv"))).hasSize(13);
    assertThat(simulated.out()).contains("ANN accuracy").contains(" 8 ");
    assertThat(MetricsFiles.readContents(runDir).run()).containsEntry("reset", "subtract");

    // reset to zero discards the charge above θ: recorded, and fewer spikes in every layer
    Path zeroDir = dir.resolve("zero");
    Result zero = run("simulate", "--snn", snn.toString(), "--data-dir", data.toString(), "--timesteps", "12",
        "--batch-size", "50", "--reset", "zero", "--out", zeroDir.toString());
    assertThat(zero.code()).as(zero.err()).isZero();
    MetricsFiles.Contents zeroed = MetricsFiles.readContents(zeroDir);
    assertThat(zeroed.run()).containsEntry("reset", "zero");
    assertThat(zeroed.metrics().annAccuracy()).isEqualTo(metrics.annAccuracy());
    for (int l = 0; l < 3; l++) {
      assertThat(Arrays.stream(zeroed.metrics().spikesPerImage()[l]).sum())
          .as("spikes of layer %d in 12 steps", l + 1)
          .isLessThan(Arrays.stream(metrics.spikesPerImage()[l]).sum());
    }

    // the exact early exit changes no class at any step, and says what it saved
    Path exitDir = dir.resolve("exit");
    Result exit = run("simulate", "--snn", snn.toString(), "--data-dir", data.toString(), "--timesteps", "12",
        "--batch-size", "50", "--early-exit", "exact", "--out", exitDir.toString());
    assertThat(exit.code()).as(exit.err()).isZero();
    MetricsFiles.Contents exited = MetricsFiles.readContents(exitDir);
    assertThat(exited.metrics().accuracy()).isEqualTo(metrics.accuracy());
    assertThat(exited.metrics().meanSteps()).isLessThanOrEqualTo(12);
    assertThat(exited.run()).containsEntry("earlyExit", "exact");
    assertThat(exit.out()).contains("early exit exact: ");

    // --device gpu without --engine: the dense engine, on a GPU if DJL sees one, else on the CPU
    // with a one-line notice, and the event engine's numbers: on the CPU one image may flip at a
    // near-tie (float summation order); on a GPU cuDNN may convolve in TF32 (a 10-bit mantissa),
    // which moves more near-ties, so there up to 5 % of the images
    boolean cuda = Engine.getInstance().getGpuCount() > 0;
    Path gpuDir = dir.resolve("gpu");
    Result gpu = run("simulate", "--snn", snn.toString(), "--data-dir", data.toString(),
        "--timesteps", "12", "--batch-size", "50", "--device", "gpu", "--out", gpuDir.toString());
    assertThat(gpu.code()).as(gpu.err()).isZero();
    if (cuda) {
      assertThat(gpu.err()).doesNotContain("DJL sees no CUDA device");
    } else {
      assertThat(gpu.err()).contains("--device gpu: DJL sees no CUDA device").contains("running on the CPU");
    }
    SimulationMetrics dense = MetricsFiles.read(gpuDir);
    assertThat(dense.images()).isEqualTo(120);
    double images = cuda ? 6 : 1;
    for (int t = 0; t < 12; t++) {
      assertThat(dense.accuracy()[t]).as("accuracy at t = %d", t + 1).isCloseTo(metrics.accuracy()[t],
          org.assertj.core.api.Assertions.within(100.0 * images / 120 + 1e-9));
    }

    Path poissonDir = dir.resolve("poisson");
    Result poisson = run("simulate", "--snn", snn.toString(), "--data-dir", data.toString(),
        "--timesteps", "12", "--coding", "poisson", "--initial-membrane", "half", "--out", poissonDir.toString());
    assertThat(poisson.code()).as(poisson.err()).isZero();
    SimulationMetrics poissonMetrics = MetricsFiles.read(poissonDir);
    assertThat(poissonMetrics.images()).isEqualTo(120);
    // the ANN is the same whatever the coding: normalization folded into conv1 for Poisson input
    assertThat(poissonMetrics.annAccuracy()).isCloseTo(metrics.annAccuracy(), org.assertj.core.api.Assertions.within(1.0));
  }

  /**
   * {@code --maxpool spike} keeps each MaxPool2d after its Rate Norm Layer as spiking max pooling,
   * records it, and both engines simulate the result with the same accuracy at every step (one
   * image may flip at a near-tie); an unknown policy is an error naming the three.
   */
  @Test
  void convertsMaxPoolingIntoSpikingMaxPoolingThatBothEnginesSimulate() throws IOException {
    Path pooledAnn = dir.resolve("pooled-ann");
    try (NDManager manager = NDManager.newBaseManager(Device.cpu());
        TrainableNetwork net = TrainableNetwork.initialize(new ArchitectureBuilder("pooled",
            TensorShape.of(1, 28, 28)).conv(8, 3, 1, 1).batchNorm(1e-5).activation(Activation.RATE_NORM)
            .maxPool(2).conv(16, 3, 1, 1).batchNorm(1e-5).activation(Activation.RATE_NORM).maxPool(3, 2, 1)
            .flatten().linear(10).build(10), 4, manager)) {
      NetworkFiles.save(net.toNetwork(PROVENANCE), pooledAnn);
    }
    Result unknown = run("convert", "--checkpoint", pooledAnn.toString(), "--maxpool", "max", "--out",
        dir.resolve("other").toString());
    assertThat(unknown.code()).isNotZero();
    assertThat(unknown.err().lines().findFirst().orElseThrow())
        .isEqualTo("Invalid value for option '--maxpool': expected fail, avg or spike, found 'max'");
    assertThat(dir.resolve("other")).doesNotExist();
    assertThat(run("convert", "--help").out()).contains("--maxpool").contains("spike");

    Path snn = dir.resolve("snn");
    Result converted = run("convert", "--checkpoint", pooledAnn.toString(), "--maxpool", "spike",
        "--out", snn.toString());
    assertThat(converted.code()).as(converted.err()).isZero();
    SpikingNetwork network = SpikingNetwork.load(snn);
    assertThat(network.network().architecture().layer("maxpool2"))
        .isEqualTo(new Layer.MaxPool2d("maxpool2", List.of("rnl2"), 3, 2, 1));
    assertThat(network.network().provenance().settings())
        .containsEntry("conversion.maxpool", "SPIKING")
        .containsEntry("conversion.spikingMaxPool", "maxpool1,maxpool2");

    double[][] accuracy = new double[2][];
    String[] engines = {"event", "dense"};
    for (int e = 0; e < 2; e++) {
      Path runDir = dir.resolve(engines[e]);
      Result simulated = run("simulate", "--snn", snn.toString(), "--data-dir", data.toString(),
          "--timesteps", "16", "--engine", engines[e], "--out", runDir.toString());
      assertThat(simulated.code()).as(simulated.err()).isZero();
      accuracy[e] = MetricsFiles.read(runDir).accuracy();
    }
    for (int t = 0; t < 16; t++) {
      assertThat(accuracy[1][t]).as("accuracy at t = %d", t + 1)
          .isCloseTo(accuracy[0][t], org.assertj.core.api.Assertions.within(100.0 / 120 + 1e-9));
    }
  }

  /**
   * A run killed before its output was complete left only {@code .<out>.partial} (with half a file
   * and a temporary file in it), never a half-written {@code --out}: the same commands again
   * succeed with no hand cleaning, and nothing of the killed run remains.
   */
  @Test
  void killedConvertAndSimulateAreRunAgainWithoutHandCleaning() throws IOException {
    Path snn = dir.resolve("snn");
    Path staleSnn = Files.createDirectories(dir.resolve(".snn.partial"));
    Files.writeString(staleSnn.resolve(NetworkFiles.WEIGHTS), "half");
    Files.writeString(staleSnn.resolve(".network.json.123.tmp"), "{\"for");
    Result converted = run("convert", "--checkpoint", ann.toString(), "--out", snn.toString());
    assertThat(converted.code()).as(converted.err()).isZero();
    assertThat(names(dir)).containsExactly("snn");
    assertThat(names(snn)).containsExactly(NetworkFiles.MANIFEST, NetworkFiles.WEIGHTS);
    assertThat(SpikingNetwork.load(snn).spikingLayers()).hasSize(3);

    Path runDir = Files.createDirectories(dir.resolve("run")); // an empty --out is replaced
    Files.writeString(Files.createDirectories(dir.resolve(".run.partial")).resolve("curves.csv"), "t,acc\n1,");
    Result simulated = run("simulate", "--snn", snn.toString(), "--data-dir", data.toString(),
        "--timesteps", "4", "--limit", "20", "--out", runDir.toString());
    assertThat(simulated.code()).as(simulated.err()).isZero();
    assertThat(names(dir)).containsExactly("run", "snn");
    assertThat(names(runDir)).containsExactly("curves.csv", "metrics.json");
    assertThat(MetricsFiles.read(runDir).images()).isEqualTo(20);
    assertThat(Files.readAllLines(runDir.resolve("curves.csv"))).hasSize(5);

    // a run that fails leaves neither its --out nor its staging folder
    failsInOneLine(run("simulate", "--snn", snn.toString(), "--data-dir", data.toString(),
        "--timesteps", "0", "--out", dir.resolve("bad").toString()), "timesteps must be > 0");
    assertThat(names(dir)).containsExactly("run", "snn");
  }

  /** An --out that is a symbolic link would send the files elsewhere: refused, nothing written there. */
  @Test
  void aLinkedOutIsRefusedAndNothingIsWrittenThroughIt() throws IOException {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(dir.resolve("snn"), elsewhere);
    failsInOneLine(run("convert", "--checkpoint", ann.toString(), "--out", link.toString()),
        link + " is a symbolic link");
    assertThat(names(elsewhere)).isEmpty();
    assertThat(names(dir)).containsExactly("elsewhere", "snn");
  }

  private static List<String> names(Path folder) throws IOException {
    try (var entries = Files.list(folder)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** A copy of the ANN folder whose weights {@code edit} changed, with a consistent manifest. */
  private Path editedCheckpoint(UnaryOperator<Map<String, Tensor>> edit) throws IOException {
    Path copy = dir.resolve("edited");
    Files.createDirectories(copy);
    Map<String, Tensor> tensors = edit.apply(new LinkedHashMap<>(SafeTensors.read(ann.resolve(NetworkFiles.WEIGHTS))));
    Path weights = copy.resolve(NetworkFiles.WEIGHTS);
    SafeTensors.write(weights, tensors, Map.of());
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(ann.resolve(NetworkFiles.MANIFEST).toFile());
    ((ObjectNode) manifest.get("weights")).put("sha256", Downloader.sha256(weights)).put("bytes", Files.size(weights));
    Files.writeString(copy.resolve(NetworkFiles.MANIFEST), json.writeValueAsString(manifest));
    return copy;
  }

  @Test
  void badCheckpointsAreOneLineErrorsAndWriteNothing() throws IOException {
    Path out = dir.resolve("snn");
    Path missing = editedCheckpoint(t -> {
      t.remove("conv2.weight");
      return t;
    });
    failsInOneLine(run("convert", "--checkpoint", missing.toString(), "--out", out.toString()), "conv2.weight");
    assertThat(out).doesNotExist();
    deleteRecursively(missing);

    Path wrongShape = editedCheckpoint(t -> {
      t.put("fc1.bias", Tensor.filled(TensorShape.of(11), 0f));
      return t;
    });
    failsInOneLine(run("convert", "--checkpoint", wrongShape.toString(), "--out", out.toString()), "fc1.bias");
    assertThat(out).doesNotExist();
    deleteRecursively(wrongShape);

    Path nan = editedCheckpoint(t -> {
      float[] values = t.get("conv1.bias").data().clone();
      values[3] = Float.NaN;
      t.put("conv1.bias", new Tensor(t.get("conv1.bias").shape(), values));
      return t;
    });
    failsInOneLine(run("convert", "--checkpoint", nan.toString(), "--out", out.toString()), "conv1.bias");
    assertThat(out).doesNotExist();
  }

  /**
   * The output layer of {@code --output-percentile} is the plain conversion's divided by the λ it
   * records, with r = 0; with {@code --output-margin} its current z becomes (z − r)/(λ − r) for the
   * r and λ − r it records.
   */
  @Test
  void outputPercentileMapsTheOutputLayerByWhatItRecords() throws IOException {
    Path plain = dir.resolve("plain");
    assertThat(run("convert", "--checkpoint", ann.toString(), "--out", plain.toString()).code()).isZero();
    Path divided = dir.resolve("divided");
    Result result = run("convert", "--checkpoint", ann.toString(), "--data-dir", data.toString(),
        "--output-percentile", "90", "--out", divided.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(OutputMaps.assertMapped(plain, divided))
        .containsEntry(OutputNormalization.PERCENTILE, "90.0")
        .containsEntry(OutputNormalization.OFFSET, "0.0");

    Path margin = dir.resolve("margin");
    result = run("convert", "--checkpoint", ann.toString(), "--data-dir", data.toString(),
        "--output-percentile", "50", "--output-margin", "--out", margin.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(OutputMaps.assertMapped(plain, margin)).containsEntry(OutputNormalization.PERCENTILE, "50.0");

    // simulate notes that spike-count readout of an unmapped output layer makes classes tie
    for (Path snn : new Path[] {plain, margin}) {
      Result counted = run("simulate", "--snn", snn.toString(), "--data-dir", data.toString(),
          "--timesteps", "4", "--readout", "spike-count", "--out",
          dir.resolve("counted-" + snn.getFileName()).toString());
      assertThat(counted.code()).as(counted.err()).isZero();
      assertThat(counted.out().contains("its output layer was not mapped for spike-count readout"))
          .isEqualTo(snn == plain);
    }
  }

  @Test
  void badSettingsAreOneLineErrorsAndWriteNothing() throws IOException {
    Path snn = dir.resolve("snn");
    assertThat(run("convert", "--checkpoint", ann.toString(), "--out", snn.toString()).code()).isZero();
    Path runDir = dir.resolve("run");

    failsInOneLine(run("convert", "--checkpoint", ann.toString(), "--method", "magic", "--out",
        dir.resolve("other").toString()), "unknown conversion method 'magic'");
    failsInOneLine(run("simulate", "--snn", snn.toString(), "--data-dir", data.toString(),
        "--timesteps", "0", "--out", runDir.toString()), "timesteps must be > 0");
    failsInOneLine(run("simulate", "--snn", snn.toString(), "--data-dir", data.toString(),
        "--early-exit", "sometimes", "--out", runDir.toString()),
        "--early-exit: expected none, exact or confident, found 'sometimes'");
    failsInOneLine(run("simulate", "--snn", snn.toString(), "--data-dir", data.toString(),
        "--early-exit", "confident", "--exit-patience", "0", "--out", runDir.toString()),
        "--exit-patience must be ≥ 1, found 0");
    failsInOneLine(run("simulate", "--snn", snn.toString(), "--data-dir", data.toString(),
        "--reset", "none", "--out", runDir.toString()), "--reset: unknown value 'none'");
    failsInOneLine(run("convert", "--checkpoint", ann.toString(), "--data-dir", data.toString(),
        "--output-percentile", "150", "--out", dir.resolve("other").toString()),
        "--output-percentile must be in (0, 100], found 150.0");
    failsInOneLine(run("convert", "--checkpoint", ann.toString(), "--data-dir", data.toString(),
        "--output-margin", "--out", dir.resolve("other").toString()),
        "--output-margin needs --output-percentile P");

    Path wide = dir.resolve("wide");
    NetworkFiles.save(cnn7(32), dir.resolve("ann32"));
    assertThat(run("convert", "--checkpoint", dir.resolve("ann32").toString(), "--out", wide.toString()).code()).isZero();
    failsInOneLine(run("simulate", "--snn", wide.toString(), "--data-dir", data.toString(),
        "--out", runDir.toString()), "expects inputs of [1, 32, 32]");
    assertThat(runDir).doesNotExist();
    assertThat(dir.resolve("other")).doesNotExist();
  }

  private static void deleteRecursively(Path path) throws IOException {
    try (var walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
