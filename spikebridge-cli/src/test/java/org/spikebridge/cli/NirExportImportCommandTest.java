package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spikebridge.cli.CliRun.run;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.cli.CliRun.Result;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.dense.DenseEngine;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.RandomSpikingNetworks;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.Recording;
import org.spikebridge.simulate.SimulationEngine;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.event.EventEngine;
import org.spikebridge.simulate.event.FiringRateCalibration;

/**
 * {@code spikebridge export --format nir} and {@code import --nir}: a residual network with
 * average pooling goes out and back and both engines simulate it step for step alike; bad input
 * is refused in one line with nothing written.
 */
class NirExportImportCommandTest {
  private static final TensorShape SHAPE = TensorShape.of(2, 8, 8);
  private static final int STEPS = 16;

  @TempDir Path dir;

  /** conv → IF → conv → IF → conv, + the first conv (residual) → BN (Affine) → IF → avg pool → fc. */
  private static SpikingNetwork residual(Batch batch) {
    ArchitectureBuilder b = new ArchitectureBuilder("res", SHAPE).conv(4, 3, 1, 1);
    String x = b.last();
    String y = b.activation(Activation.RELU).conv(4, 3, 1, 1).activation(Activation.RELU)
        .conv(4, 3, 1, 1).last();
    Architecture a = b.add(y, x).batchNorm(1e-5).activation(Activation.RELU).avgPool(2)
        .flatten().linear(10).build(10);
    return FiringRateCalibration.calibrate(RandomSpikingNetworks.of(a, 4), batch, 0.15);
  }

  private static Batch images(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[Math.toIntExact(n * SHAPE.size())];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    return new Batch(x, random.ints(n, 0, 10).toArray(), n, 2, 8, 8);
  }

  /** Per step: the predictions and the spikes of each layer, as text for one comparison. */
  private static List<String> trace(SimulationEngine engine, SpikingNetwork snn, Batch batch) {
    Recording r = new Recording();
    engine.simulate(snn, batch, new SimulationOptions(STEPS, InputCoding.CONSTANT,
        InitialMembrane.trainedFor(snn), Readout.ACCUMULATE, 1), r);
    return Stream.concat(r.steps.stream().map(s -> Arrays.toString(s.predictions())
        + Arrays.toString(s.spikes())), r.spikeCounts.stream().map(Arrays::deepToString)).toList();
  }

  @Test
  void exportsAndImportsANetworkThatBothEnginesSimulateAlike() throws IOException {
    SpikingNetwork snn = residual(images(8, 1));
    Path folder = dir.resolve("snn");
    SpikingNetwork.save(snn, folder);
    Path file = dir.resolve("res.nir");
    Result export = run("export", "--snn", folder.toString(), "--format", "nir", "--out",
        file.toString());
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(export.out()).contains("as NIR 1.0.7").contains("3 IF layers");
    Path back = dir.resolve("back");
    Result imported = run("import", file.toString(), "--out", back.toString()); // .nir: NIR
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("3 spiking").contains("10 classes");
    SpikingNetwork copy = SpikingNetwork.load(back);
    Batch batch = images(4, 2);
    List<String> event = trace(new EventEngine(1), snn, batch);
    assertThat(event.get(STEPS - 1)).as("the network fires").doesNotContain("[0, 0, 0]");
    assertThat(trace(new EventEngine(1), copy, batch)).isEqualTo(event);
    DenseEngine dense = new DenseEngine(Device.cpu());
    assertThat(trace(dense, copy, batch)).isEqualTo(trace(dense, snn, batch));
  }

  @Test
  void refusesAFileThatIsNotNirWritingNothing() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.nir"), "not HDF5\n");
    Result r = run("import", "--nir", file.toString(), "--out", dir.resolve("net").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("spikebridge import: " + file).contains("HDF5");
    assertThat(r.err().strip()).doesNotContain("\n");
    assertThat(dir.resolve("net")).doesNotExist();
  }

  @Test
  void refusesToExportMaxPoolingNamingTheLayerWritingNothing() throws IOException {
    Architecture a = new ArchitectureBuilder("maxpooled", SHAPE).conv(4, 3, 1, 1)
        .activation(Activation.RELU).maxPool(2).flatten().linear(10).build(10);
    Path folder = dir.resolve("snn");
    SpikingNetwork.save(RandomSpikingNetworks.of(a, 1), folder);
    String pool = a.layers().stream().filter(l -> l instanceof Layer.MaxPool2d).findFirst()
        .orElseThrow().name();
    Path file = dir.resolve("max.nir");
    // NIR is export's default format
    Result r = run("export", "--snn", folder.toString(), "--out", file.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("spikebridge export: layer '" + pool + "' (MaxPool2d) cannot "
        + "be exported to NIR");
    assertThat(r.err().strip()).doesNotContain("\n");
    assertThat(file).doesNotExist();
  }

  @Test
  void takesOnlyOneOfOnnxAndNir() {
    Result r = run("import", "--nir", "a.nir", "--onnx", "b.onnx", "--out",
        dir.resolve("net").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("mutually exclusive");
    assertThat(dir.resolve("net")).doesNotExist();
  }
}
