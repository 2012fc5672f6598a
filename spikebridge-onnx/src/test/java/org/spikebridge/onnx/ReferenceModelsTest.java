package org.spikebridge.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikebridge.convert.AnalogReference;
import org.spikebridge.files.NpyArray;
import org.spikebridge.network.Network;

/**
 * Real PyTorch 1.13 exports (opset 13) import, and the imported network reproduces the logits
 * PyTorch computed for the reference inputs within 1e-4.
 */
class ReferenceModelsTest {

  @ParameterizedTest
  @ValueSource(strings = {"fmnist-cnn-avgpool", "fmnist-cnn-maxpool", "miniresnet-random"})
  void reproducesPytorchLogits(String name) throws Exception {
    Path dir = TestData.models();
    Network net = OnnxImport.read(dir.resolve(name + ".onnx"), "test", Map.of()).network();
    NpyArray x = NpyArray.read(dir.resolve(name + ".input.npy"));
    NpyArray y = NpyArray.read(dir.resolve(name + ".output.npy"));
    int n = x.shape()[0];
    float[] logits = AnalogReference.logits(net, x.floats(), n);
    float[] expected = y.floats();
    assertThat(logits).hasSameSizeAs(expected);
    double worst = 0;
    for (int i = 0; i < logits.length; i++) {
      worst = Math.max(worst, Math.abs(logits[i] - expected[i]));
    }
    assertThat(worst).as("largest |logit − PyTorch's| of " + name).isLessThan(1e-4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fmnist-cnn-avgpool", "miniresnet-random"})
  void recordsWhereTheNetworkCameFrom(String name) throws Exception {
    Path file = TestData.models().resolve(name + ".onnx");
    Map<String, String> settings = OnnxImport.read(file, "test", Map.of()).network().provenance()
        .settings();
    assertThat(settings).containsEntry("import.source", name + ".onnx")
        .containsEntry("import.producer", "pytorch 1.13.0")
        .containsEntry("import.irVersion", "7")
        .containsEntry("import.opset", "13")
        .containsEntry("import.sha256", sha256(file));
  }

  private static String sha256(Path file) throws IOException, java.security.NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(file)));
  }
}
