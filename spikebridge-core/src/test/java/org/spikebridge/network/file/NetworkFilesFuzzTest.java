package org.spikebridge.network.file;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.fuzz.FuzzCampaign;
import org.spikebridge.fuzz.FuzzNetworks;
import org.spikebridge.fuzz.Mutations;
import org.spikebridge.fuzz.SeedFiles;
import org.spikebridge.network.Network;

/**
 * Mutated network folders (network.json and weights.safetensors): refused with a
 * FileFormatException naming a file, or loaded as a network that runs.
 */
@Tag("fuzz")
class NetworkFilesFuzzTest {
  @TempDir Path tmp;

  @Test
  void mutatedFoldersAreRefusedOrLoadAWorkingNetwork() throws IOException, URISyntaxException {
    FuzzCampaign<Network> campaign = FuzzCampaign.of("network folder", NetworkFiles::load)
        .mutate(".json", Mutations.json())
        .mutate(".safetensors", Mutations.lengthPrefixedJson())
        .fixUp(FuzzNetworks.manifestChecksums())
        .allow(FileFormatException.class)
        .check((network, folder) -> FuzzNetworks.check(network));
    for (Network network : FuzzNetworks.small()) {
      Path dir = tmp.resolve("seed-" + network.architecture().name());
      NetworkFiles.save(network, dir);
      campaign.seed(network.architecture().name(), SeedFiles.read(dir));
    }
    Path golden = Path.of(Objects.requireNonNull(
        getClass().getResource("/golden/network-v1/network.json")).toURI()).getParent();
    campaign.seed("golden v1", SeedFiles.read(golden));
    campaign.run(tmp);
  }
}
