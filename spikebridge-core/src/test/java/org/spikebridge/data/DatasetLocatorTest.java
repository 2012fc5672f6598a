package org.spikebridge.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {

  @TempDir Path root;
  Path explicit;
  Path envRoot;
  Path home;
  Path system;

  @BeforeEach
  void folders() {
    explicit = root.resolve("explicit");
    envRoot = root.resolve("env");
    home = root.resolve("home");
    system = root.resolve("usr-share-datasets");
  }

  private DatasetLocator locator(Path dataDir) {
    return new DatasetLocator(dataDir, Map.of("SPIKEBRIDGE_DATA", envRoot.toString()), home, system);
  }

  static void fill(KnownDataset d, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String f : d.requiredFiles()) {
      Files.write(dir.resolve(f), new byte[1]);
    }
  }

  @Test
  void candidatesInDocumentedOrder() {
    assertThat(locator(null).candidates(KnownDataset.FASHION_MNIST)).containsExactly(
        envRoot.resolve("fashion-mnist"),
        home.resolve(".spikebridge/datasets/fashion-mnist"),
        system.resolve("fashion-mnist"));
    assertThat(locator(explicit).candidates(KnownDataset.FASHION_MNIST)).containsExactly(explicit);
    DatasetLocator noEnv = new DatasetLocator(null, Map.of(), home, system);
    assertThat(noEnv.candidates(KnownDataset.MNIST)).containsExactly(
        home.resolve(".spikebridge/datasets/mnist"), system.resolve("mnist"));
  }

  @Test
  void findPrefersEarlierPlacesAndNeedsAllFiles() throws IOException {
    KnownDataset d = KnownDataset.KMNIST;
    DatasetLocator loc = locator(null);
    assertThat(loc.find(d)).isEmpty();
    fill(d, system.resolve("kmnist"));
    assertThat(loc.find(d)).contains(system.resolve("kmnist"));
    fill(d, home.resolve(".spikebridge/datasets/kmnist"));
    assertThat(loc.find(d)).contains(home.resolve(".spikebridge/datasets/kmnist"));
    fill(d, envRoot.resolve("kmnist"));
    assertThat(loc.find(d)).contains(envRoot.resolve("kmnist"));
  }

  /** A folder the user names is the only one searched: with a file missing, nothing is found. */
  @Test
  void anExplicitFolderLackingAFileFindsNothingElse() throws IOException {
    KnownDataset d = KnownDataset.KMNIST;
    fill(d, envRoot.resolve("kmnist"));
    fill(d, home.resolve(".spikebridge/datasets/kmnist"));
    Files.createDirectories(explicit);
    Files.write(explicit.resolve("train-images-idx3-ubyte.gz"), new byte[1]);
    DatasetLocator loc = locator(explicit);
    assertThat(loc.find(d)).isEmpty();
    assertThat(loc.notFoundMessage(d)).contains(explicit.toString())
        .doesNotContain(envRoot.resolve("kmnist").toString());
    fill(d, explicit);
    assertThat(loc.find(d)).contains(explicit);
  }

  @Test
  void cifarArchiveFolderInsideDatasetFolderCounts() throws IOException {
    fill(KnownDataset.CIFAR10, home.resolve(".spikebridge/datasets/cifar-10/cifar-10-batches-bin"));
    assertThat(locator(null).find(KnownDataset.CIFAR10))
        .contains(home.resolve(".spikebridge/datasets/cifar-10/cifar-10-batches-bin"));
  }

  @Test
  void messageListsPlacesFilesAndDebianHint() {
    String msg = locator(null).notFoundMessage(KnownDataset.FASHION_MNIST);
    assertThat(msg)
        .contains(envRoot.resolve("fashion-mnist").toString())
        .contains(home.resolve(".spikebridge/datasets/fashion-mnist").toString())
        .contains(system.resolve("fashion-mnist").toString())
        .contains("train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
        .contains("apt-get install dataset-fashion-mnist");
    assertThat(locator(null).notFoundMessage(KnownDataset.CIFAR10))
        .contains("data_batch_5.bin", "test_batch.bin", "cifar-10-binary.tar.gz")
        .doesNotContain("apt-get");
  }
}
