package org.spikebridge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads the real Fashion-MNIST wherever the locator finds it (see {@link RealData}). */
class RealFashionMnistTest {

  @Test
  void readsTrainAndTestSets() throws IOException {
    Path dir = RealData.fashionMnist();
    ImageSet train = Datasets.read(KnownDataset.FASHION_MNIST, Split.TRAIN, dir);
    ImageSet test = Datasets.read(KnownDataset.FASHION_MNIST, Split.TEST, dir);
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
