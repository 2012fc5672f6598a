package org.spikebridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.DatasetFormatException;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.metrics.SimulationMetrics;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.EarlyExit;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.ResetMode;
import org.spikebridge.testing.TwoNeuronNetworks;

/**
 * A hand-made network whose classes and spikes follow from its inputs: two channels feed two
 * integrate-and-fire neurons (θ = 1) one to one, and each neuron one class. A neuron with input
 * current x fires ⌊x·t⌋ times by step t, so the class is the channel with the larger input.
 */
class SpikingClassifierTest {
  @TempDir
  Path dir;

  private static SpikingNetwork twoNeurons() {
    return TwoNeuronNetworks.readOut(new float[] {1, 0, 0, 1}, new float[] {0, 0},
        Map.of("normalization.mean", "[0.5, 0.5]", "normalization.std", "[0.5, 0.5]"));
  }

  @Test
  void loadsTheFolderConvertWritesAndClassifiesByTheLargerInput() throws IOException {
    SpikingNetwork.save(twoNeurons(), dir.resolve("snn"));
    SpikingClassifier classifier = SpikingClassifier.load(dir.resolve("snn")).withTimesteps(8);

    assertThat(classifier.inputShape()).isEqualTo(TensorShape.of(2, 1, 1));
    assertThat(classifier.classify(new float[] {0.25f, 0.75f})).isEqualTo(1);
    assertThat(classifier.classify(new float[][] {{0.5f, 0.125f}, {0.25f, 0.75f}, {0.875f, 0.5f}}))
        .containsExactly(0, 1, 0);
  }

  @Test
  void normalizesPixelsAsTheNetworkRecords() {
    SpikingClassifier classifier = SpikingClassifier.of(twoNeurons());

    // (x/255 − 0.5) / 0.5
    assertThat(classifier.input(new byte[] {(byte) 255, 0})).containsExactly(1f, -1f);
  }

  /**
   * A network trained on a known dataset records only its name (as {@code spikebridge train} does):
   * its pixels are normalized with the dataset's published statistics, as {@code simulate} does;
   * Fashion-MNIST's are mean 0.2860 and std 0.3530. Another dataset name leaves pixels on [0, 1].
   */
  @Test
  void normalizesWithTheKnownDatasetThatTheProvenanceNames() {
    assertThat(oneChannel("fashion-mnist").input(new byte[] {(byte) 255, 0}))
        .containsExactly((1 - 0.2860f) / 0.3530f, (0 - 0.2860f) / 0.3530f);
    assertThat(oneChannel("npy:/data/mine").input(new byte[] {(byte) 255, 0})).containsExactly(1f, 0f);
  }

  /** {@link #twoNeurons()} read as one channel of 1×2 pixels, trained on {@code dataset}, no normalization recorded. */
  private static SpikingClassifier oneChannel(String dataset) {
    Network two = twoNeurons().network();
    Architecture a = two.architecture();
    return SpikingClassifier.of(new SpikingNetwork(new Network(
        new Architecture(a.name(), TensorShape.of(1, 1, 2), 2, a.layers()), two.parameters(),
        new Provenance(dataset, 1, "test", Map.of(), Map.of()))));
  }

  @Test
  void readsAnImageFileOfTheInputShape() throws IOException {
    SpikingNetwork grey = twoNeurons();
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSample(0, 0, 0, 255);
    image.getRaster().setSample(1, 0, 0, 51);
    ImageIO.write(image, "png", dir.resolve("two.png").toFile());
    // one channel of 1×2 pixels: the same network read as [1, 1, 2]
    Architecture a = grey.network().architecture();
    SpikingClassifier classifier = SpikingClassifier.of(new SpikingNetwork(new Network(
        new Architecture(a.name(), TensorShape.of(1, 1, 2), 2, a.layers()), grey.network().parameters(),
        grey.network().provenance())));

    // (255/255 − 0.5) / 0.5 and (51/255 − 0.5) / 0.5
    assertThat(classifier.input(dir.resolve("two.png"))).containsExactly(1f, -0.6f);
    assertThatThrownBy(() -> SpikingClassifier.of(grey).input(dir.resolve("two.png")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("two.png")
        .hasMessageContaining("2 channels");
    ImageIO.write(new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY), "png", dir.resolve("wide.png").toFile());
    assertThatThrownBy(() -> classifier.input(dir.resolve("wide.png")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("wide.png")
        .hasMessageContaining("expected an image of 2×1 pixels (width × height)")
        .hasMessageContaining("3×1 pixels");
  }

  @Test
  void evaluatesAccuracyAndSpikesPerStep() {
    SpikingClassifier classifier = SpikingClassifier.of(twoNeurons()).withTimesteps(8);

    SimulationMetrics m = classifier.evaluate(new float[][] {{0.25f, 0.75f}, {0.5f, 0.125f}}, new int[] {1, 0});

    assertThat(m.timesteps()).isEqualTo(8);
    assertThat(m.accuracyAt(8)).isEqualTo(100.0);
    // image 1: 2 + 6 spikes by t = 8, image 2: 4 + 1; 6.5 per image
    assertThat(m.spikesUpTo(8)).isEqualTo(6.5);
    // by t = 2 only the 0.75 neuron (once) and the 0.5 neuron (once) fired
    assertThat(m.spikesUpTo(2)).isEqualTo(1.0);
  }

  @Test
  void resetToZeroDropsTheChargeAboveTheThreshold() {
    SpikingClassifier classifier = SpikingClassifier.of(twoNeurons()).withReset(ResetMode.ZERO)
        .withTimesteps(8);

    SimulationMetrics m = classifier.evaluate(new float[][] {{0.25f, 0.75f}, {0.5f, 0.125f}}, new int[] {1, 0});

    // the 0.75 neuron climbs 0.75, 1.5 → 0 and fires at t = 2, 4, 6, 8: 4 spikes, not 6; the
    // others reach exactly θ and lose nothing: image 1 has 2 + 4 spikes, image 2 has 4 + 1
    assertThat(m.spikesUpTo(8)).isEqualTo(5.5);
    assertThat(m.accuracyAt(8)).isEqualTo(100.0);
  }

  /**
   * Class 0's output gets a bias of 0.55 per step. Input (0.25, 0.75), T = 8: the hidden neurons
   * fire 2 times (t = 4, 8) and 6 times (t = 2, 3, 4, 6, 7, 8). Accumulated, class 0 has
   * 2 + 8·0.55 = 6.4 against class 1's 6: class 0. As spikes (θ = 1, at most one per step), class
   * 0's output neuron, charged 0.55 or 1.55 per step, fires at t = 2, 4, 5, 6, 8: 5 spikes against
   * class 1's 6: class 1.
   */
  @Test
  void spikeCountReadoutCountsTheOutputNeuronsSpikes() {
    SpikingClassifier classifier = SpikingClassifier.of(TwoNeuronNetworks.readOut(
        new float[] {1, 0, 0, 1}, new float[] {0.55f, 0}, Map.of())).withTimesteps(8);
    float[] input = {0.25f, 0.75f};

    assertThat(classifier.classify(input)).isZero();
    assertThat(classifier.withReadout(Readout.SPIKE_COUNT).classify(input)).isEqualTo(1);
  }

  @Test
  void theExactEarlyExitKeepsTheClassesAndStopsEarlier() {
    SpikingClassifier classifier = SpikingClassifier.of(twoNeurons()).withTimesteps(64);
    float[][] inputs = {{0.25f, 0.75f}, {0.5f, 0.125f}};
    SpikingClassifier exiting = classifier.withEarlyExit(EarlyExit.exact());

    assertThat(exiting.classify(inputs)).containsExactly(classifier.classify(inputs));
    assertThat(exiting.evaluate(inputs, new int[] {1, 0}).meanSteps()).isLessThan(64);
  }

  @Test
  void refusesAnInputOfTheWrongSizeNamingIt() {
    SpikingClassifier classifier = SpikingClassifier.of(twoNeurons());

    assertThatThrownBy(() -> classifier.classify(new float[][] {{1, 2}, {1, 2, 3}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input 1: expected 2 values ([2, 1, 1]), found 3");
  }

  @Test
  void refusesAFolderWithoutASpikingNetwork() throws IOException {
    Files.createDirectories(dir.resolve("empty"));

    assertThatThrownBy(() -> SpikingClassifier.load(dir.resolve("empty")))
        .isInstanceOf(FileFormatException.class).hasMessageContaining("network.json");
  }
}
