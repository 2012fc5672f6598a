package org.spikebridge.nir;

import static org.assertj.core.api.Assertions.assertThat;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.RandomSpikingNetworks;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.Recording;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.StepRecord;
import org.spikebridge.simulate.event.EventEngine;
import org.spikebridge.simulate.event.FiringRateCalibration;

/** Export then import gives back a network that the event engine simulates step for step alike. */
class NirRoundTripTest {
  private static final EventEngine ENGINE = new EventEngine(1);
  private static final int STEPS = 24;

  @TempDir Path dir;

  private SpikingNetwork roundTrip(SpikingNetwork snn) throws IOException {
    Path file = dir.resolve(snn.network().architecture().name() + ".nir");
    NirExport.write(snn, file);
    NirImport.Imported imported = NirImport.read(file, "test", Map.of());
    assertThat(imported.notices()).isEmpty();
    return imported.snn();
  }

  private static Batch images(TensorShape shape, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[Math.toIntExact(n * shape.size())];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    int[] labels = random.ints(n, 0, 10).toArray();
    return new Batch(x, labels, n, shape.dim(0), shape.dim(1), shape.dim(2));
  }

  private static Recording simulate(SpikingNetwork snn, Batch batch) {
    Recording r = new Recording();
    ENGINE.simulate(snn, batch, new SimulationOptions(STEPS, InputCoding.CONSTANT,
        InitialMembrane.trainedFor(snn), Readout.ACCUMULATE, 3), r);
    return r;
  }

  /** Same predictions and spike totals at every step, same spike count of every neuron. */
  private static void assertSimulatesAlike(SpikingNetwork original, SpikingNetwork imported,
      Batch batch) {
    Recording a = simulate(original, batch);
    Recording b = simulate(imported, batch);
    assertThat(b.steps).hasSize(STEPS);
    for (int t = 0; t < STEPS; t++) {
      StepRecord x = a.steps.get(t);
      StepRecord y = b.steps.get(t);
      assertThat(y.predictions()).as("predictions at step %d", t + 1).isEqualTo(x.predictions());
      assertThat(y.spikes()).as("spikes at step %d", t + 1).isEqualTo(x.spikes());
    }
    assertThat(java.util.Arrays.deepEquals(b.spikeCounts.toArray(), a.spikeCounts.toArray()))
        .as("spike count of every neuron").isTrue();
    long total = 0;
    for (long s : a.steps.get(STEPS - 1).spikes()) {
      total += s;
    }
    assertThat(total).as("the test network fires").isPositive();
  }

  @Test
  void givesBackTheHandNetworkExactly() throws IOException {
    SpikingNetwork snn = HandNetworks.pooled();
    SpikingNetwork back = roundTrip(snn);
    assertThat(back.network().architecture()).isEqualTo(snn.network().architecture());
    assertThat(back.network().parameters()).isEqualTo(snn.network().parameters());
    assertThat(back.network().provenance()).isEqualTo(snn.network().provenance());
  }

  @Test
  void averagePoolingNetworkSimulatesAlike() throws IOException {
    TensorShape shape = TensorShape.of(1, 12, 12);
    Architecture a = new ArchitectureBuilder("pooling", shape)
        .conv(6, 3, 1, 1).activation(Activation.RELU).avgPool(2)
        .conv(8, 3, 1, 0).activation(Activation.RELU)
        .flatten().linear(10).build(10);
    Batch batch = images(shape, 6, 11);
    SpikingNetwork snn = FiringRateCalibration.calibrate(RandomSpikingNetworks.of(a, 5), batch, 0.15);
    assertSimulatesAlike(snn, roundTrip(snn), images(shape, 6, 12));
  }

  @Test
  void residualNetworkWithAPerChannelAffineMapSimulatesAlike() throws IOException {
    TensorShape shape = TensorShape.of(2, 8, 8);
    ArchitectureBuilder b = new ArchitectureBuilder("residual", shape).conv(4, 3, 1, 1);
    String x = b.last();
    String y = b.activation(Activation.RELU).conv(4, 3, 1, 1).activation(Activation.RELU)
        .conv(4, 3, 1, 1).last();
    Architecture a = b.add(y, x).batchNorm(1e-5).activation(Activation.RELU).avgPool(2)
        .flatten().linear(10).build(10);
    Batch batch = images(shape, 6, 21);
    SpikingNetwork snn = FiringRateCalibration.calibrate(RandomSpikingNetworks.of(a, 9), batch, 0.15);
    assertThat(snn.network().architecture().layers()).hasAtLeastOneElementOfType(Layer.Add.class)
        .hasAtLeastOneElementOfType(Layer.Affine.class);
    SpikingNetwork back = roundTrip(snn);
    assertThat(back.network().architecture().layers()).hasAtLeastOneElementOfType(Layer.Add.class);
    assertSimulatesAlike(snn, back, images(shape, 6, 22));
  }

  @Test
  void keepsLevelsAndTheHalfThresholdStart() throws IOException {
    SpikingNetwork snn = HandNetworks.pooled();
    Architecture quantized = snn.network().architecture().replace(
        new Layer.IntegrateAndFire("if1", List.of("conv"), true, 4));
    SpikingNetwork q = new SpikingNetwork(new Network(quantized,
        snn.network().parameters(), snn.network().provenance()));
    SpikingNetwork back = roundTrip(q);
    assertThat(back.spikingLayers()).extracting(Layer.IntegrateAndFire::levels).containsExactly(4);
    assertThat(InitialMembrane.trainedFor(back)).isEqualTo(InitialMembrane.HALF_THRESHOLD);
    assertSimulatesAlike(q, back, images(TensorShape.of(1, 4, 4), 4, 5));
  }

  @Test
  void keepsACalibratedInitialMembrane() throws IOException {
    SpikingNetwork snn = HandNetworks.pooled();
    Architecture calibrated = snn.network().architecture().replace(
        new Layer.IntegrateAndFire("if1", List.of("conv"), true).withInitialMembrane());
    Map<String, Tensor> p = new LinkedHashMap<>(snn.network().parameters());
    p.put("if1.initial_membrane", new Tensor(TensorShape.of(2), new float[] {0.25f, 0.5f}));
    SpikingNetwork c = new SpikingNetwork(new Network(calibrated, p, snn.network().provenance()));
    Path file = dir.resolve("calibrated.nir");
    NirExport.write(c, file);
    try (HdfFile f = new HdfFile(file)) {
      assertThat(f.getDatasetByPath("node/nodes/if1/metadata/initial_membrane").getData())
          .isEqualTo("calibrated");
      float[][][] v0 = (float[][][]) f.getDatasetByPath("node/nodes/if1/metadata/v_initial")
          .getData();
      assertThat(v0[0][2]).containsOnly(0.25f);
      assertThat(v0[1][3]).containsOnly(0.5f);
    }
    SpikingNetwork back = NirImport.read(file, "test", Map.of()).snn();
    assertThat(back.network().parameters()).isEqualTo(c.network().parameters());
    assertThat(InitialMembrane.trainedFor(back)).isEqualTo(InitialMembrane.CALIBRATED);
  }
}
