package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.Split;

class EmbeddedFashionMnistTest {

  @Test
  void theEmbeddedSubsetIsClassBalanced() throws IOException {
    ImageSet train = EmbeddedFashionMnist.load(Split.TRAIN);
    ImageSet test = EmbeddedFashionMnist.load(Split.TEST);
    assertThat(train.size()).isEqualTo(6000);
    assertThat(test.size()).isEqualTo(1000);
    assertThat(train.classCounts()).containsOnly(600);
    assertThat(test.classCounts()).containsOnly(100);
    assertThat(train.height()).isEqualTo(28);
    long nonZero = 0;
    for (byte b : test.pixels()) {
      nonZero += b != 0 ? 1 : 0;
    }
    // Fashion-MNIST images cover about half of their pixels
    assertThat(nonZero / (double) test.pixels().length).isBetween(0.3, 0.7);
  }
}
