package org.spikebridge.network.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;

/**
 * A network saved by format version 1 (made once by {@link GoldenNetworkV1}, checked in, never
 * regenerated) still loads, with the values written out here by hand.
 */
class GoldenNetworkV1Test {
  private static final Path GOLDEN = golden();

  private static Path golden() {
    try {
      return Path.of(GoldenNetworkV1Test.class.getResource("/golden/network-v1/network.json").toURI())
          .getParent();
    } catch (java.net.URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void formatVersion1FileStillLoadsWithItsValues() throws IOException {
    Network n = NetworkFiles.load(GOLDEN);

    Architecture a = n.architecture();
    assertThat(a.name()).isEqualTo("golden-v1");
    assertThat(a.inputShape()).isEqualTo(TensorShape.of(1, 2, 2));
    assertThat(a.numClasses()).isEqualTo(3);
    assertThat(a.layers()).containsExactly(
        new Layer.Conv2d("conv1", List.of("input"), 1, 2, 1, 1, 0, true),
        new Layer.BatchNorm2d("bn1", List.of("conv1"), 2, 1e-5, 0.1),
        new Layer.RateNorm("rnl1", List.of("bn1"), 0.1),
        new Layer.Add("add1", List.of("rnl1", "bn1")),
        new Layer.IntegrateAndFire("if1", List.of("add1"), true),
        new Layer.AvgPool2d("avgpool1", List.of("if1"), 2, 2, 0),
        new Layer.Flatten("flatten1", List.of("avgpool1")),
        new Layer.Linear("fc1", List.of("flatten1"), 2, 3, true));

    assertThat(n.parameters().keySet()).containsExactly("conv1.weight", "conv1.bias",
        "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "rnl1.running_max",
        "rnl1.p_logit", "if1.threshold", "fc1.weight", "fc1.bias");
    assertThat(n.parameter("conv1.weight").shape()).isEqualTo(TensorShape.of(2, 1, 1, 1));
    assertThat(n.parameter("conv1.weight").data()).containsExactly(0.5f, -1.25f);
    assertThat(n.parameter("conv1.bias").data()).containsExactly(0.125f, -0.75f);
    assertThat(n.parameter("bn1.weight").data()).containsExactly(1.5f, 0.25f);
    assertThat(n.parameter("bn1.bias").data()).containsExactly(-0.5f, 2f);
    assertThat(n.parameter("bn1.running_mean").data()).containsExactly(0.0625f, -3.5f);
    assertThat(n.parameter("bn1.running_var").data()).containsExactly(1f, 4f);
    assertThat(n.parameter("rnl1.running_max").data()).containsExactly(2.5f);
    assertThat(n.parameter("rnl1.p_logit").data()).containsExactly(-0.375f);
    assertThat(n.parameter("if1.threshold").data()).containsExactly(0.875f, 1.75f);
    assertThat(n.parameter("fc1.weight").shape()).isEqualTo(TensorShape.of(3, 2));
    assertThat(n.parameter("fc1.weight").data()).containsExactly(1f, -1f, 0.5f, 0.25f, -2f, 3f);
    assertThat(n.parameter("fc1.bias").data()).containsExactly(-0.0625f, 0.375f, 8f);

    assertThat(n.provenance()).isEqualTo(new Provenance("none (hand-chosen values)", 20240601L,
        "GoldenNetworkV1 (run once by hand)", Map.of("spikebridge", "0.1.0-SNAPSHOT"),
        Map.of("purpose", "golden file of network format version 1")));
  }

  @Test
  void goldenWeightsAreReadableAsPlainSafetensors() throws IOException {
    SafeTensors.Contents c = SafeTensors.readContents(GOLDEN.resolve("weights.safetensors"));
    assertThat(c.metadata()).containsEntry("format", "spikebridge-network")
        .containsEntry("formatVersion", "1");
    assertThat(c.tensors().get("fc1.bias").data()).containsExactly(-0.0625f, 0.375f, 8f);
  }
}
