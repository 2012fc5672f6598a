package org.spikebridge.network.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.fuzz.FuzzCampaign;
import org.spikebridge.fuzz.FuzzNetworks;
import org.spikebridge.fuzz.Mutations;
import org.spikebridge.network.Network;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/** Mutated safetensors files: refused with a FileFormatException naming the file, or read whole. */
@Tag("fuzz")
class SafeTensorsFuzzTest {
  private static final String FILE = "t.safetensors";

  @TempDir Path tmp;

  @Test
  void mutatedFilesAreRefusedOrReadWhole() throws IOException {
    FuzzCampaign<SafeTensors.Contents> campaign = FuzzCampaign
        .of("safetensors", folder -> SafeTensors.readContents(folder.resolve(FILE)))
        .mutate(FILE, Mutations.lengthPrefixedJson())
        .allow(FileFormatException.class)
        .check((contents, folder) -> {
          for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
            if (e.getValue().data().length != e.getValue().shape().size()) {
              throw new AssertionError(e.getKey() + ": " + e.getValue().data().length
                  + " values for shape " + e.getValue().shape());
            }
          }
        });
    for (Network network : FuzzNetworks.small()) {
      campaign.seed(network.architecture().name(), Map.of(FILE, written(network.parameters(),
          Map.of("format", "spikebridge-network", "formatVersion", "1"))));
    }
    Map<String, Tensor> two = new LinkedHashMap<>();
    two.put("a", new Tensor(TensorShape.of(2, 1, 2), new float[] {1, -2, 0.5f, 3e38f}));
    two.put("b", new Tensor(TensorShape.of(1), new float[] {Float.MIN_VALUE}));
    campaign.seed("two tensors", Map.of(FILE, written(two, Map.of())));
    campaign.seed("data out of header order", Map.of(FILE, SafeTensorsTest.handMade(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[8,16]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"__metadata__\":{\"format\":\"pt\"}}", 1.5f, -2f, 0.25f, 3f)));
    campaign.seed("no tensors", Map.of(FILE, SafeTensorsTest.handMade("{}", new byte[0])));
    campaign.run(tmp);
  }

  private byte[] written(Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    Path file = tmp.resolve("seed.safetensors");
    SafeTensors.write(file, tensors, metadata);
    return Files.readAllBytes(file);
  }
}
