package org.spikebridge.spark;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkFolderTest {
  @TempDir
  Path dir;

  @Test
  void refusesAFolderWithoutANetworkNamingIt() throws IOException {
    Files.writeString(dir.resolve("best.json"), "{\"folder\": \"epoch-004\"}");

    assertThatThrownBy(() -> NetworkFolder.read(new HadoopFiles(new Configuration()), dir.toString()))
        .isInstanceOf(IOException.class)
        .hasMessage(dir + ": expected a network folder (network.json, as train, import, convert or "
            + "calibrate write it; of a training run, its checkpoints/epoch-NNN), found none");
  }
}
