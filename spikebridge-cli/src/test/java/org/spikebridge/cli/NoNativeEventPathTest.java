package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.RandomSpikingNetworks;
import org.spikebridge.testing.LoadedClasses;

/**
 * {@code spikebridge simulate --engine event} in a JVM of its own loads no class of DJL (so no
 * libtorch), and the same run with {@code --engine dense} does load DJL's engine: the class-loading
 * log of the child JVM tells.
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
  void theEventEngineLoadsNoDjlClass() throws Exception {
    List<String> loaded = simulate("event");

    assertThat(loaded).as("classes loaded").anyMatch(c -> c.startsWith("org.spikebridge.simulate.event."));
    assertThat(loaded.stream().filter(c -> c.startsWith("ai.djl.")).toList()).as("DJL classes loaded").isEmpty();
  }

  @Test
  void theDenseEngineDoesLoadDjlsEngine() throws Exception {
    List<String> loaded = simulate("dense");

    assertThat(loaded.stream().filter(c -> c.startsWith("ai.djl.engine.")).toList())
        .as("DJL engine classes loaded").isNotEmpty();
  }

  /** Runs simulate with {@code engine} in a child JVM; the names of the classes it loaded. */
  private static List<String> simulate(String engine) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(shared, engine);
    return LoadedClasses.of(dir, SpikeBridge.class, "simulate", "--snn", snn.toString(),
        "--data-dir", data.toString(), "--timesteps", "4", "--engine", engine,
        "--out", dir.resolve("run").toString());
  }
}
