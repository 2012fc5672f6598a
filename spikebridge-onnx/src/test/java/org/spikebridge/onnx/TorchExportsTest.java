package org.spikebridge.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikebridge.convert.AnalogReference;
import org.spikebridge.files.NpyArray;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;

/**
 * One seeded PyTorch network exported by PyTorch 1.13 at opsets 9, 11, 13 and 17
 * (scripts/make-onnx-test-models.py): input normalization, an unfolded BatchNormalization,
 * ReLU6, F.pad before an average pooling (a Shape/Slice/Concat chain from opset 11 on), a grouped
 * dilated convolution, global average pooling, a constant Mul, MatMul + Add and a final Softmax.
 * Each import reproduces PyTorch's logits within 1e-4.
 */
class TorchExportsTest {

  @ParameterizedTest
  @ValueSource(ints = {9, 11, 13, 17})
  void reproducesPytorchLogitsAtEveryOpset(int opset) throws Exception {
    OnnxImport.Imported imported = OnnxImport.read(resource("ops-opset" + opset + ".onnx"), "test",
        Map.of());
    Network net = imported.network();
    NpyArray x = NpyArray.read(resource("ops.input.npy"));
    float[] expected = NpyArray.read(resource("ops.logits.npy")).floats();
    float[] logits = AnalogReference.logits(net, x.floats(), x.shape()[0]);
    assertThat(logits).hasSameSizeAs(expected);
    for (int i = 0; i < logits.length; i++) {
      assertThat(logits[i]).as("logit " + i).isCloseTo(expected[i], within(1e-4f));
    }
    assertThat(imported.notices()).anyMatch(s -> s.startsWith("Softmax"))
        .anyMatch(s -> s.startsWith("Clip"));
    assertThat(net.architecture().layers()).filteredOn(Layer.RateNorm.class::isInstance).hasSize(1);
    assertThat(net.provenance().settings()).containsEntry("import.opset", Integer.toString(opset));
  }

  static Path resource(String name) throws Exception {
    return Path.of(TorchExportsTest.class.getResource("/torch/" + name).toURI());
  }
}
