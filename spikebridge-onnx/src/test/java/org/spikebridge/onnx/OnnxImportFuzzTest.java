package org.spikebridge.onnx;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.fuzz.FuzzCampaign;
import org.spikebridge.fuzz.FuzzNetworks;

/**
 * Mutated ONNX models: refused with an OnnxImportException (or an IOException) naming the file,
 * or imported as a network that runs. The seeds are built in code, taken from the PyTorch exports
 * among the test resources and, where Debian's libonnx-testdata is installed, from the
 * pytorch-converted models that import.
 */
@Tag("fuzz")
class OnnxImportFuzzTest {
  private static final String MODEL = "model.onnx";

  @TempDir Path tmp;

  @Test
  void mutatedModelsAreRefusedOrImportAWorkingNetwork() throws IOException, URISyntaxException {
    FuzzCampaign<OnnxImport.Imported> campaign = FuzzCampaign
        .of("ONNX", folder -> OnnxImport.read(folder.resolve(MODEL), "fuzz", Map.of()))
        .mutate(MODEL, new OnnxMutation())
        .allow(OnnxImportException.class)
        .check((imported, folder) -> FuzzNetworks.check(imported.network()));
    campaign.seed("gemm", Map.of(MODEL, model(TinyModels.gemmGraph(), 13)));
    campaign.seed("conv net", Map.of(MODEL, model(TinyModels.convNet(), 11)));
    ByteBuffer weights = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 12; i++) {
      weights.putFloat(i - 5.5f);
    }
    campaign.seed("external weights", Map.of(MODEL,
        model(TinyModels.withExternalWeights("w.bin", 0), 13), "w.bin", weights.array()));
    for (int opset : new int[] {9, 17}) {
      Path export = Path.of(Objects.requireNonNull(
          getClass().getResource("/torch/ops-opset" + opset + ".onnx")).toURI());
      campaign.seed("torch opset " + opset, Map.of(MODEL, Files.readAllBytes(export)));
    }
    if (Files.isDirectory(TestData.PYTORCH_CONVERTED)) {
      for (String name : PytorchConvertedTest.PASSING) {
        campaign.seed(name, Map.of(MODEL, Files.readAllBytes(
            TestData.PYTORCH_CONVERTED.resolve(name).resolve("model.onnx"))));
      }
    }
    campaign.run(tmp);
  }

  private byte[] model(ai.onnx.proto.OnnxMl.GraphProto.Builder graph, int opset)
      throws IOException {
    return Files.readAllBytes(TinyModels.write(tmp.resolve("seed.onnx"), graph, opset));
  }
}
