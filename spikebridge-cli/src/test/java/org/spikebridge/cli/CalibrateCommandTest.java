package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spikebridge.cli.CliRun.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.SpikingClassifier;
import org.spikebridge.cli.CliRun.Result;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.ResetMode;
import org.spikebridge.train.TrainableNetwork;

/** {@code calibrate} and {@code convert --calibrate} on a synthetic Fashion-MNIST. */
class CalibrateCommandTest {
  @TempDir
  static Path shared;
  static Path data;
  static Path ann;
  static Path snn;

  @TempDir
  Path dir;

  @BeforeAll
  static void prepare() throws IOException {
    data = SyntheticFashionMnist.write(shared.resolve("data"), 40, 10);
    ann = shared.resolve("ann");
    try (NDManager manager = NDManager.newBaseManager(Device.cpu());
        TrainableNetwork net = TrainableNetwork.initialize(
            ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RATE_NORM), 2, manager)) {
      NetworkFiles.save(net.toNetwork(new Provenance("fashion-mnist", 1, "test", Map.of(), Map.of())), ann);
    }
    snn = shared.resolve("snn");
    Result converted = run("convert", "--checkpoint", ann.toString(), "--out", snn.toString());
    assertThat(converted.code()).as(converted.err()).isZero();
  }

  private static void failsInOneLine(Result result, String expected) {
    assertThat(result.code()).as(result.err()).isNotZero();
    assertThat(result.err()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(result.err().strip().lines()).hasSize(1);
  }

  private static void isCalibrated(Path folder, String timesteps, String images, String reset)
      throws IOException {
    SpikingNetwork calibrated = SpikingNetwork.load(folder);
    assertThat(calibrated.spikingLayers()).hasSize(3).allMatch(Layer.IntegrateAndFire::initialMembrane);
    assertThat(InitialMembrane.trainedFor(calibrated)).isEqualTo(InitialMembrane.CALIBRATED);
    assertThat(calibrated.network().provenance().settings())
        .containsEntry("calibration.timesteps", timesteps)
        .containsEntry("calibration.images", images)
        .containsEntry("calibration.seed", "3")
        .containsEntry("calibration.dataset", "fashion-mnist/train")
        .containsEntry("calibration.reset", reset)
        .containsKeys("calibration.rnl1.meanAbsBiasShift", "calibration.rnl3.initialMembrane");
  }

  @Test
  void calibratesASpikingNetworkFolder() throws IOException {
    Path out = dir.resolve("calibrated");
    Result result = run("calibrate", "--snn", snn.toString(), "--data-dir", data.toString(),
        "--timesteps", "3", "--calibration-size", "12", "--seed", "3", "--reset", "signed",
        "--out", out.toString());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("calibrated at T = 3 on 12 training images").contains("rnl2");
    isCalibrated(out, "3", "12", "signed");
    // simulate, and the Java library, use the reset it was calibrated for unless told otherwise
    Path simulated = dir.resolve("simulated");
    Result simulate = run("simulate", "--snn", out.toString(), "--data-dir", data.toString(),
        "--timesteps", "3", "--out", simulated.toString());
    assertThat(simulate.code()).as(simulate.err()).isZero();
    assertThat(simulate.out()).contains("reset signed, which it was calibrated for");
    assertThat(Files.readString(simulated.resolve("metrics.json"))).contains("\"reset\" : \"signed\"");
    assertThat(SpikingClassifier.load(out).options().reset()).isEqualTo(ResetMode.SIGNED);
    assertThat(SpikingClassifier.load(snn).options().reset()).isEqualTo(ResetMode.SUBTRACT);
    failsInOneLine(run("calibrate", "--snn", out.toString(), "--data-dir", data.toString(),
        "--timesteps", "3", "--out", dir.resolve("again").toString()), "already calibrated");
    assertThat(dir.resolve("again")).doesNotExist();
  }

  @Test
  void convertCalibratesRightAfterConversion() throws IOException {
    Path out = dir.resolve("snn");
    Result result = run("convert", "--checkpoint", ann.toString(), "--data-dir", data.toString(),
        "--calibrate", "2", "--calibration-size", "8", "--seed", "3", "--out", out.toString());

    assertThat(result.code()).as(result.err()).isZero();
    isCalibrated(out, "2", "8", "subtract");
  }

  /**
   * {@code --output-percentile P --output-margin} maps the calibrated network's output current z
   * to (z − r)/(λ − r) with the r and λ − r it records; the rest is the plain calibration's.
   */
  @Test
  void calibrateNormalizesTheOutputLayerAfterCalibrating() throws IOException {
    Path plain = dir.resolve("plain");
    Path normalized = dir.resolve("normalized");
    for (Path out : new Path[] {plain, normalized}) {
      String[] common = {"calibrate", "--snn", snn.toString(), "--data-dir", data.toString(),
          "--timesteps", "3", "--calibration-size", "12", "--seed", "3", "--out", out.toString()};
      Result result = out == plain ? run(common)
          : run(Stream.concat(Stream.of(common), Stream.of("--output-percentile", "50", "--output-margin"))
              .toArray(String[]::new));
      assertThat(result.code()).as(result.err()).isZero();
    }

    assertThat(OutputMaps.assertMapped(plain, normalized)).containsEntry("calibration.timesteps", "3");
  }

  @Test
  void badInputIsRefusedInOneLineNamingTheOptionOrFile() throws IOException {
    Path out = dir.resolve("out");
    failsInOneLine(run("calibrate", "--snn", snn.toString(), "--data-dir", data.toString(),
        "--timesteps", "0", "--out", out.toString()), "--timesteps must be > 0, found 0");
    failsInOneLine(run("calibrate", "--snn", snn.toString(), "--data-dir", data.toString(),
        "--timesteps", "4", "--calibration-size", "0", "--out", out.toString()),
        "--calibration-size must be > 0");
    failsInOneLine(run("calibrate", "--snn", snn.toString(), "--data-dir", data.toString(),
        "--timesteps", "4", "--reset", "sideways", "--out", out.toString()),
        "--reset: unknown value 'sideways'");
    failsInOneLine(run("convert", "--checkpoint", ann.toString(), "--data-dir", data.toString(),
        "--calibrate", "-1", "--out", out.toString()), "--calibrate must be > 0, found -1");
    failsInOneLine(run("calibrate", "--snn", snn.toString(), "--data-dir", data.toString(),
        "--timesteps", "4", "--output-margin", "--out", out.toString()),
        "--output-margin needs --output-percentile P");
    Path missing = dir.resolve("missing");
    failsInOneLine(run("calibrate", "--snn", missing.toString(), "--data-dir", data.toString(),
        "--timesteps", "4", "--out", out.toString()), missing.toString());
    failsInOneLine(run("calibrate", "--snn", ann.toString(), "--data-dir", data.toString(),
        "--timesteps", "4", "--out", out.toString()), "a spiking network (convert the ANN first)");
    Path taken = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(taken.resolve("keep.txt"), "mine");
    failsInOneLine(run("calibrate", "--snn", snn.toString(), "--data-dir", data.toString(),
        "--timesteps", "4", "--out", taken.toString()), taken.toString());
    assertThat(Files.readString(taken.resolve("keep.txt"))).isEqualTo("mine");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("taken");
    }
  }
}
