package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.spikebridge.cli.CliRun.run;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.cli.CliRun.Result;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.onnx.TestData;
import org.spikebridge.train.TrainableNetwork;

/**
 * {@code compare} on zoo checkpoints (a ReLU cnn7 and a Rate Norm cnn7) and on a network imported
 * from a PyTorch export with a {@code folder:} dataset of PNGs written here: every method that
 * applies is run, and every number report.md shows equals results.json's.
 */
class CompareCommandTest {
  private static final Provenance PROVENANCE = new Provenance("fashion-mnist", 1, "test", Map.of(), Map.of());

  @TempDir
  static Path shared;
  static Path data;

  @TempDir
  Path dir;

  @BeforeAll
  static void prepare() throws IOException {
    data = SyntheticFashionMnist.write(shared.resolve("data"), 100, 60);
  }

  private static Path cnn7(Activation activation, String name) throws IOException {
    Path folder = shared.resolve(name);
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork net = TrainableNetwork.initialize(
            ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, activation), 3, manager)) {
      NetworkFiles.save(net.toNetwork(PROVENANCE), folder);
    }
    return folder;
  }

  @Test
  void comparesEveryMethodThatAppliesToZooCheckpoints() throws IOException {
    Path relu = cnn7(Activation.RELU, "relu");
    Path rnl = cnn7(Activation.RATE_NORM, "rnl");
    Path out = dir.resolve("run");
    // what a compare killed midway left: its staging folder, removed by the next run
    Path stale = Files.createDirectories(dir.resolve(".run.partial/snn/maxnorm"));
    Files.writeString(stale.resolve(NetworkFiles.WEIGHTS), "half");
    Result result = run("compare", "--checkpoint", relu.toString(), "--checkpoint", rnl.toString(),
        "--data-dir", data.toString(), "--timesteps", "16", "--calibration-size", "50",
        "--out", out.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(methods(out)).containsExactly("maxnorm", "robustnorm", "scaled", "channelnorm", "rnl");
    assertThat(dir.resolve(".run.partial")).doesNotExist();
    reportEqualsResults(out);
    for (String m : List.of("maxnorm", "robustnorm", "scaled", "channelnorm", "rnl")) {
      assertThat(out.resolve("snn").resolve(m).resolve(NetworkFiles.MANIFEST)).exists();
      assertThat(out.resolve("simulations").resolve(m).resolve("metrics.json")).exists();
    }
    // a simulate output rendered together with the run: its maxnorm is named after its folder
    Path sim = dir.resolve("sim");
    Result simulated = run("simulate", "--snn", out.resolve("snn/maxnorm").toString(), "--data-dir",
        data.toString(), "--timesteps", "8", "--out", sim.toString());
    assertThat(simulated.code()).as(simulated.err()).isZero();
    Path together = dir.resolve("together");
    Result report = run("report", out.toString(), sim.toString(), "--out", together.toString());
    assertThat(report.code()).as(report.err()).isZero();
    assertThat(methods(together)).containsExactly("maxnorm", "robustnorm", "scaled", "channelnorm", "rnl",
        "sim/maxnorm");
    reportEqualsResults(together);

    Result only = run("compare", "--checkpoint", relu.toString(), "--methods", "robustnorm",
        "--data-dir", data.toString(), "--timesteps", "8", "--timesteps-of", "robustnorm=4",
        "--calibration-size", "50", "--reset", "signed", "--out", dir.resolve("only").toString());
    assertThat(only.code()).as(only.err()).isZero();
    assertThat(methods(dir.resolve("only"))).containsExactly("robustnorm");
    JsonNode onlyResults = new ObjectMapper().readTree(dir.resolve("only/results.json").toFile());
    assertThat(onlyResults.get("methods").get(0).get("timesteps").asInt()).isEqualTo(4);
    assertThat(onlyResults.get("provenance").get("reset").asText()).isEqualTo("signed");
    // the reset is the one simulated, not only the one recorded: simulate's run of the saved SNN
    // with --reset signed has the same spikes per step, and differs from the default subtract
    double[] compared = doubles(onlyResults.get("methods").get(0).get("steps").get("totalSpikesPerImage"));
    assertThat(simulatedSpikes("robustnorm", "signed")).containsExactly(compared, within(1e-9));
    assertThat(simulatedSpikes("robustnorm", "subtract")[3]).isNotCloseTo(compared[3], within(1e-6));
    // spike-count readout of output layers mapped as convert --output-percentile maps them: the
    // SNN saved is the first run's maxnorm mapped, simulated with spike-count readout
    Path spikes = dir.resolve("spikes");
    Result counted = run("compare", "--checkpoint", relu.toString(), "--methods", "maxnorm",
        "--data-dir", data.toString(), "--timesteps", "8", "--calibration-size", "50",
        "--readout", "spike-count", "--output-percentile", "50", "--output-margin",
        "--early-exit", "exact", "--out", spikes.toString());
    assertThat(counted.code()).as(counted.err()).isZero();
    OutputMaps.assertMapped(out.resolve("snn/maxnorm"), spikes.resolve("snn/maxnorm"));
    assertThat(Files.readString(spikes.resolve("simulations/maxnorm/metrics.json")))
        .contains("readout=SPIKE_COUNT");
    assertThat(Files.readString(spikes.resolve("simulations/maxnorm-early-exit/metrics.json")))
        .contains("readout=SPIKE_COUNT");
    JsonNode countedResults = new ObjectMapper().readTree(spikes.resolve("results.json").toFile());
    assertThat(countedResults.get("provenance").get("readout").asText()).isEqualTo("spike-count");
    assertThat(Files.readString(spikes.resolve("report.md"))).contains("the output neuron with the most "
        + "spikes (θ = 1), the output layer mapped at percentile 50.0 with the runner-up's margin");
    assertThat(Files.readString(out.resolve("report.md"))).contains("largest accumulated output current");
    Result marginAlone = run("compare", "--checkpoint", relu.toString(), "--data-dir", data.toString(),
        "--output-margin", "--out", dir.resolve("margin-alone").toString());
    assertThat(marginAlone.code()).isNotZero();
    assertThat(marginAlone.err()).contains("--output-margin needs --output-percentile P");
    assertThat(dir.resolve("margin-alone")).doesNotExist();
    Result exactSigned = run("compare", "--checkpoint", relu.toString(), "--methods", "robustnorm",
        "--data-dir", data.toString(), "--reset", "signed", "--early-exit", "exact",
        "--out", dir.resolve("exact-signed").toString());
    assertThat(exactSigned.code()).isNotZero();
    assertThat(exactSigned.err()).contains("cannot be used with reset signed");
    assertThat(dir.resolve("exact-signed")).doesNotExist();
    Result unknown = run("compare", "--checkpoint", relu.toString(), "--methods", "robustnorm",
        "--data-dir", data.toString(), "--timesteps-of", "rnl=4", "--out", dir.resolve("unknown").toString());
    assertThat(unknown.code()).isNotZero();
    assertThat(unknown.err()).contains("--timesteps-of rnl=4: expected T >= 1 for one of the methods compared "
        + "(robustnorm)");
    assertThat(dir.resolve("unknown")).doesNotExist();

    // the depth report of both runs: cnn7 has 3 spiking layers, and each method its row
    Path depth = dir.resolve("depth");
    Result rendered = run("report", "--depth", out.toString(), dir.resolve("only").toString(), "--out",
        depth.toString());
    assertThat(rendered.code()).as(rendered.err()).isZero();
    assertThat(Files.readString(depth.resolve("report.md")).lines().filter(l -> l.startsWith("| run | 3 |")
        || l.startsWith("| only | 3 | robustnorm |")).count()).isEqualTo(6);
  }

  @Test
  void comparesAnImportedNetworkOnAFolderOfPngs() throws IOException {
    Path imported = dir.resolve("imported");
    Result importing = run("import", "--onnx", TestData.models().resolve("fmnist-cnn-avgpool.onnx").toString(),
        "--out", imported.toString());
    assertThat(importing.code()).as(importing.err()).isZero();
    Path pngs = writePngFolder(dir.resolve("pngs"), 10, 4, 2);
    Path out = dir.resolve("run");
    Result result = run("compare", "--checkpoint", imported.toString(), "--dataset", "folder:" + pngs,
        "--timesteps", "16", "--calibration-size", "40", "--out", out.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(methods(out)).containsExactly("maxnorm", "robustnorm", "scaled", "channelnorm");
    reportEqualsResults(out);
    JsonNode root = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertThat(root.get("provenance").get("dataset").asText()).isEqualTo("folder:" + pngs.toAbsolutePath().normalize());
    assertThat(root.get("methods").get(0).get("images").asInt()).isEqualTo(20);
  }

  /**
   * cnn7 trained on a folder of PNGs and on the same images as .npy arrays records the dataset
   * and the normalization computed on its training split; convert and simulate then use it.
   */
  @Test
  void trainsConvertsAndSimulatesOnAUsersFolderOfImages() throws IOException {
    Path pngs = writePngFolder(dir.resolve("pngs"), 10, 3, 1);
    Path trained = dir.resolve("trained");
    Result train = run("train", "--model", "cnn7", "--dataset", "folder:" + pngs, "--epochs", "1",
        "--batch-size", "10", "--validation-size", "5", "--activation", "relu", "--out", trained.toString());
    assertThat(train.code()).as(train.err()).isZero();
    Network network = new org.spikebridge.train.TrainingDirectory(trained).bestNetwork();
    Map<String, String> settings = network.provenance().settings();
    assertThat(settings).containsEntry("dataset", "folder:" + pngs.toAbsolutePath().normalize());
    // uniform random bytes: mean 127.5/255 = 0.5, std √((256² − 1)/12)/255 ≈ 0.2898, to sampling noise
    float mean = Float.parseFloat(settings.get("normalization.mean").replaceAll("[\\[\\]]", ""));
    assertThat(mean).isCloseTo(0.5f, org.assertj.core.api.Assertions.within(0.01f));
    Path snn = dir.resolve("snn");
    Result convert = run("convert", "--checkpoint", trained.toString(), "--method", "maxnorm",
        "--calibration-size", "20", "--out", snn.toString());
    assertThat(convert.code()).as(convert.err()).isZero();
    Result simulate = run("simulate", "--snn", snn.toString(), "--timesteps", "4", "--out",
        dir.resolve("sim").toString());
    assertThat(simulate.code()).as(simulate.err()).isZero();
    assertThat(new ObjectMapper().readTree(dir.resolve("sim/metrics.json").toFile()).get("images").asInt())
        .isEqualTo(10);
  }

  /** train/ and test/ folders of {@code classes} classes of random grey 28×28 PNGs. */
  static Path writePngFolder(Path root, int classes, int train, int test) throws IOException {
    SplittableRandom random = new SplittableRandom(5);
    for (String split : List.of("train", "test")) {
      for (int c = 0; c < classes; c++) {
        Path folder = Files.createDirectories(root.resolve(split).resolve("class" + c));
        for (int i = 0; i < (split.equals("train") ? train : test); i++) {
          BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
          for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
              int v = random.nextInt(256);
              image.getRaster().setSample(x, y, 0, v);
            }
          }
          ImageIO.write(image, "png", folder.resolve("image" + i + ".png").toFile());
        }
      }
    }
    return root;
  }

  private static List<String> methods(Path run) throws IOException {
    JsonNode root = new ObjectMapper().readTree(run.resolve("results.json").toFile());
    List<String> names = new ArrayList<>();
    root.get("methods").forEach(m -> names.add(m.get("method").asText()));
    return names;
  }

  /** Each method's Table 2 row in report.md shows the accuracies results.json holds, as shown there. */
  private static void reportEqualsResults(Path run) throws IOException {
    JsonNode root = new ObjectMapper().readTree(run.resolve("results.json").toFile());
    String report = Files.readString(run.resolve("report.md"));
    for (JsonNode m : root.get("methods")) {
      StringBuilder row = new StringBuilder("| " + m.get("method").asText() + " |");
      for (JsonNode at : m.get("summary").get("accuracyAt")) {
        row.append(' ').append(at.get("shown").asText()).append(" |");
      }
      assertThat(report).contains(row.toString());
      assertThat(report).contains("| " + m.get("method").asText() + " | "
          + m.get("summary").get("shown").get("annAccuracy").asText() + " | "
          + m.get("summary").get("shown").get("bestAccuracy").asText() + " |");
    }
    for (String plot : List.of("accuracy.png", "accuracy.svg")) {
      assertThat(run.resolve("plots").resolve(plot)).exists();
    }
  }

  /** Spikes per image per step of simulating only/snn/{@code method} to T = 4 with {@code reset}. */
  private double[] simulatedSpikes(String method, String reset) throws IOException {
    Path sim = dir.resolve("sim-" + reset);
    Result simulated = run("simulate", "--snn", dir.resolve("only/snn").resolve(method).toString(),
        "--data-dir", data.toString(), "--timesteps", "4", "--reset", reset, "--out", sim.toString());
    assertThat(simulated.code()).as(simulated.err()).isZero();
    return doubles(new ObjectMapper().readTree(sim.resolve("metrics.json").toFile()).get("steps")
        .get("totalSpikesPerImage"));
  }

  private static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }
}
