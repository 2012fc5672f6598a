package org.spikebridge.nir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.fuzz.FuzzCampaign;
import org.spikebridge.fuzz.FuzzNetworks;
import org.spikebridge.fuzz.Mutations;

/**
 * Mutated NIR files: refused with a FileFormatException naming the file, or imported as a spiking
 * network that runs. Seeds: the hand networks' exports and NIR's reference sample.
 */
@Tag("fuzz")
class NirImportFuzzTest {
  private static final String FILE = "graph.nir";

  @TempDir Path tmp;

  @Test
  void mutatedFilesAreRefusedOrImportAWorkingNetwork() throws IOException, URISyntaxException {
    FuzzCampaign<NirImport.Imported> campaign = FuzzCampaign
        .of("NIR", folder -> NirImport.read(folder.resolve(FILE), "fuzz", Map.of()))
        .mutate(FILE, Mutations.bytes())
        .allow(FileFormatException.class)
        .check((imported, folder) -> FuzzNetworks.check(imported.snn().network()));
    Path pooled = tmp.resolve("pooled.nir");
    NirExport.write(HandNetworks.pooled(), pooled);
    campaign.seed("pooled", Map.of(FILE, Files.readAllBytes(pooled)));
    Path residual = tmp.resolve("residual.nir");
    NirExport.write(HandNetworks.residual(), residual);
    campaign.seed("residual", Map.of(FILE, Files.readAllBytes(residual)));
    Path sample = Path.of(getClass().getResource("/nir/reference-sample.nir").toURI());
    campaign.seed("reference sample", Map.of(FILE, Files.readAllBytes(sample)));
    campaign.run(tmp.resolve("cases"));
  }
}
