package org.spikebridge.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.network.Network;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;
import org.spikebridge.network.file.NetworkFiles;

class SpikingNetworkFilesTest {
  @TempDir Path dir;

  @Test
  void roundTripGivesAnEqualSpikingNetwork() throws IOException {
    SpikingNetwork snn = new RateNormConversion().convert(TestNetworks.cnn7(61),
        new ConversionOptions(ThresholdForm.WEIGHT_NORMALIZATION, MaxPoolPolicy.AVERAGE));
    SpikingNetwork.save(snn, dir);
    SpikingNetwork loaded = SpikingNetwork.load(dir);
    assertThat(loaded).isEqualTo(snn);
    assertThat(loaded.network().provenance().settings())
        .containsEntry("conversion.form", "WEIGHT_NORMALIZATION")
        .containsEntry("conversion.maxpool", "AVERAGE");
    assertThat(loaded).isNotEqualTo(new RateNormConversion().convert(TestNetworks.cnn7(62),
        ConversionOptions.defaults()));
  }

  /** Levels are written only when > 0, so a continuous SNN's file is as before levels existed. */
  @Test
  void levelsRoundTripAndAreLeftOutWhenZero() throws IOException {
    org.spikebridge.network.Network ann = TestNetworks.cnn7(64);
    SpikingNetwork quantized = new RateNormConversion().convert(new org.spikebridge.network.Network(
        ann.architecture().withRateNormLevels(4), ann.parameters(), ann.provenance()),
        ConversionOptions.defaults());
    SpikingNetwork.save(quantized, dir.resolve("q"));
    assertThat(SpikingNetwork.load(dir.resolve("q"))).isEqualTo(quantized);
    assertThat(java.nio.file.Files.readString(dir.resolve("q").resolve(NetworkFiles.MANIFEST)))
        .contains("\"levels\" : 4");
    SpikingNetwork.save(new RateNormConversion().convert(ann, ConversionOptions.defaults()),
        dir.resolve("c"));
    assertThat(java.nio.file.Files.readString(dir.resolve("c").resolve(NetworkFiles.MANIFEST)))
        .doesNotContain("levels");
  }

  /** A threshold of 0 made every neuron fire at every step, a negative one at every step too. */
  @Test
  void aThresholdThatIsNotPositiveIsRefusedNamingItsLayer() throws IOException {
    SpikingNetwork snn = new RateNormConversion().convert(TestNetworks.cnn7(65),
        ConversionOptions.defaults());
    for (float theta : new float[] {0f, -0.5f}) {
      Map<String, Tensor> params = new LinkedHashMap<>(snn.network().parameters());
      params.put("rnl2.threshold", new Tensor(TensorShape.of(1), new float[] {theta}));
      NetworkFiles.save(new Network(snn.network().architecture(), params,
          snn.network().provenance()), dir);
      assertThatThrownBy(() -> SpikingNetwork.load(dir))
          .isInstanceOf(FileFormatException.class)
          .hasMessageContaining(dir.resolve("network.json").toString())
          .hasMessageContaining("layer 'rnl2' (IntegrateAndFire): expected positive thresholds, "
              + "found " + theta)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void anAnnFolderIsNotASpikingNetwork() throws IOException {
    NetworkFiles.save(TestNetworks.cnn7(63), dir);
    assertThatThrownBy(() -> SpikingNetwork.load(dir))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining(dir.resolve("network.json").toString())
        .hasMessageContaining("layer 'bn1' (BatchNorm2d) cannot be simulated");
  }
}
