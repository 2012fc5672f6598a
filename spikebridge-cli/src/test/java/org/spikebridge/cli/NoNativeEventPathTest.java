package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.RandomSpikingNetworks;

/**
 * {@code spikebridge simulate --engine event} in a JVM of its own loads no class of DJL's engine
 * (so no libtorch), and the same run with {@code --engine dense} does: the class-loading log of
 * the child JVM tells.
 */
class NoNativeEventPathTest {
  @TempDir
  static Path shared;
  static Path data;
  static Path snn;

  @BeforeAll
  static void prepare() throws IOException {
    data = SyntheticFashionMnist.write(shared.resolve("data"), 10, 20);
    snn = shared.resolve("snn");
    SpikingNetwork.save(RandomSpikingNetworks.of(
        ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RELU), 3), snn);
  }

  @Test
  void theEventEngineLoadsNoDjlEngineClass() throws Exception {
    List<String> loaded = simulate("event");

    assertThat(loaded).as("classes loaded").anyMatch(c -> c.startsWith("org.spikebridge.simulate.event."));
    assertThat(loaded.stream().filter(c -> c.startsWith("ai.djl.")).toList()).as("DJL classes loaded").isEmpty();
  }

  @Test
  void theDenseEngineDoesLoadDjlsEngine() throws Exception {
    List<String> loaded = simulate("dense");

    assertThat(loaded.stream().filter(c -> c.startsWith("ai.djl.engine.")).toList()).as("DJL engine classes loaded")
        .isNotEmpty();
  }

  /** Runs simulate with {@code engine} in a child JVM; the names of the classes it loaded. */
  private static List<String> simulate(String engine) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(shared, engine);
    Path log = dir.resolve("classes.log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + log, "-Dai.djl.offline=true",
        "--add-modules", "jdk.incubator.vector",
        "-cp", System.getProperty("java.class.path"), SpikeBridge.class.getName(),
        "simulate", "--snn", snn.toString(), "--data-dir", data.toString(), "--timesteps", "4",
        "--engine", engine, "--out", dir.resolve("run").toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("output.txt").toFile()).start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("simulate finished").isTrue();
    assertThat(process.exitValue()).as(Files.readString(dir.resolve("output.txt"))).isZero();
    return Files.readAllLines(log).stream().map(NoNativeEventPathTest::className).toList();
  }

  /** The class a line of {@code -Xlog:class+load} names: "[…][info][class,load] NAME source: …". */
  private static String className(String line) {
    String after = line.substring(line.indexOf("] ", line.indexOf("class,load")) + 2);
    int space = after.indexOf(' ');
    return space < 0 ? after : after.substring(0, space);
  }
}
