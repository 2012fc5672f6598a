package org.spikebridge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownDatasetTest {

  @TempDir Path dir;

  @Test
  void byNameAcceptsIdsAndConstantNames() {
    assertThat(KnownDataset.byName("fashion-mnist")).isEqualTo(KnownDataset.FASHION_MNIST);
    assertThat(KnownDataset.byName("FASHION_MNIST")).isEqualTo(KnownDataset.FASHION_MNIST);
    assertThat(KnownDataset.byName("cifar10")).isEqualTo(KnownDataset.CIFAR10);
    assertThat(KnownDataset.byName("cifar-100")).isEqualTo(KnownDataset.CIFAR100);
    assertThat(KnownDataset.byName("KMNIST")).isEqualTo(KnownDataset.KMNIST);
  }

  @Test
  void unknownNameListsKnownOnes() {
    assertThatThrownBy(() -> KnownDataset.byName("imagenet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown dataset 'imagenet': expected one of mnist, fashion-mnist, kmnist, "
            + "cifar-10, cifar-100");
  }

  @Test
  void everyDatasetIsConsistent() {
    for (KnownDataset d : KnownDataset.values()) {
      assertThat(d.mean()).hasSize(d.channels());
      assertThat(d.std()).hasSize(d.channels());
      assertThat(d.downloads()).isNotEmpty().allSatisfy(f -> {
        assertThat(f.sha256()).matches("[0-9a-f]{64}");
        assertThat(f.url().toString()).endsWith(f.fileName());
      });
      assertThat(d.files(Split.TRAIN)).isNotEmpty();
      assertThat(d.files(Split.TEST)).isNotEmpty();
    }
    assertThat(KnownDataset.CIFAR10.files(Split.TRAIN)).hasSize(5);
    assertThat(KnownDataset.CIFAR100.numClasses()).isEqualTo(100);
  }

  /** The published files' sizes: IDX 16 + n·28·28 and 8 + n; CIFAR n records of 3073 / 3074. */
  @Test
  void sizeLimitsAreThePublishedFilesSizes() {
    assertThat(KnownDataset.FASHION_MNIST.sizeLimit("train-images-idx3-ubyte").bytes())
        .isEqualTo(47_040_016L);
    assertThat(KnownDataset.MNIST.sizeLimit("t10k-images-idx3-ubyte").bytes())
        .isEqualTo(7_840_016L);
    assertThat(KnownDataset.KMNIST.sizeLimit("train-labels-idx1-ubyte").bytes())
        .isEqualTo(60_008L);
    assertThat(KnownDataset.FASHION_MNIST.sizeLimit("t10k-labels-idx1-ubyte").bytes())
        .isEqualTo(10_008L);
    assertThat(KnownDataset.CIFAR10.sizeLimit("data_batch_3.bin").bytes()).isEqualTo(30_730_000L);
    assertThat(KnownDataset.CIFAR10.sizeLimit("test_batch.bin").bytes()).isEqualTo(30_730_000L);
    assertThat(KnownDataset.CIFAR100.sizeLimit("train.bin").bytes()).isEqualTo(153_700_000L);
    assertThat(KnownDataset.CIFAR100.sizeLimit("test.bin").bytes()).isEqualTo(30_740_000L);
    assertThat(KnownDataset.CIFAR10.archiveLimit().bytes())
        .isEqualTo(6 * 30_730_000L + (1 << 20));
    assertThat(KnownDataset.FASHION_MNIST.sizeLimit("train-images-idx3-ubyte").source())
        .isEqualTo("the size of fashion-mnist's train-images-idx3-ubyte");
    assertThatThrownBy(() -> KnownDataset.CIFAR10.sizeLimit("train.bin"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found train.bin");
  }

  @Test
  void idxFilesMayBeGzippedOrRaw() throws IOException {
    KnownDataset d = KnownDataset.MNIST;
    assertThat(d.isPresentIn(dir)).isFalse();
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), new byte[1]);
    Files.write(dir.resolve("train-labels-idx1-ubyte"), new byte[1]);
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), new byte[1]);
    assertThat(d.isPresentIn(dir)).isFalse();
    Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), new byte[1]);
    assertThat(d.isPresentIn(dir)).isTrue();
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), new byte[1]);
    assertThat(d.resolve(dir, "t10k-labels-idx1-ubyte"))
        .contains(dir.resolve("t10k-labels-idx1-ubyte.gz"));
  }
}
