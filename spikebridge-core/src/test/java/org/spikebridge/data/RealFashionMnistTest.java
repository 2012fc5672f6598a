package org.spikebridge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Reads the real Fashion-MNIST when it is on this machine; skipped otherwise. */
class RealFashionMnistTest {

  private static Optional<Path> folder() {
    Path shared = Paths.get("/work/shared/datasets/fashion-mnist");
    if (KnownDataset.FASHION_MNIST.isPresentIn(shared)) {
      return Optional.of(shared);
    }
    return DatasetLocator.system().find(KnownDataset.FASHION_MNIST);
  }

  @Test
  void readsTrainAndTestSets() throws IOException {
    Optional<Path> dir = folder();
    Assumptions.assumeTrue(dir.isPresent(),
        "Fashion-MNIST not found (/work/shared/datasets/fashion-mnist, $SPIKEBRIDGE_DATA, ...)");
    ImageSet train = Datasets.read(KnownDataset.FASHION_MNIST, Split.TRAIN, dir.get());
    ImageSet test = Datasets.read(KnownDataset.FASHION_MNIST, Split.TEST, dir.get());
    assertThat(train.size()).isEqualTo(60000);
    assertThat(test.size()).isEqualTo(10000);
    assertThat(train.height()).isEqualTo(28);
    assertThat(train.width()).isEqualTo(28);
    assertThat(train.classCounts()).containsOnly(6000).hasSize(10);
    assertThat(test.classCounts()).containsOnly(1000).hasSize(10);
    Normalization fitted = Normalization.fit(train);
    Normalization known = Normalization.of(KnownDataset.FASHION_MNIST);
    assertThat(fitted.mean()[0]).isCloseTo(known.mean()[0], within(5e-4f));
    assertThat(fitted.std()[0]).isCloseTo(known.std()[0], within(5e-4f));
  }
}
