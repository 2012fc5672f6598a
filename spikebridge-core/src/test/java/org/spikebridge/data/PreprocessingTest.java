package org.spikebridge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

  /** n single-channel 2×2 images; image i has pixels i, i+1, i+2, i+3 and label i % 3. */
  static ImageSet tiny(int n) {
    byte[] px = new byte[n * 4];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 4; k++) {
        px[i * 4 + k] = (byte) (i + k);
      }
      labels[i] = i % 3;
    }
    return new ImageSet("tiny", 1, 2, 2, 3, px, labels);
  }

  @Test
  void imageSetValidatesAndSubsets() {
    assertThatThrownBy(() -> new ImageSet("x", 1, 2, 2, 3, new byte[7], new int[2]))
        .hasMessage("x: expected 8 pixel bytes (2 images of 1×2×2), found 7");
    assertThatThrownBy(() -> new ImageSet("x", 1, 2, 2, 3, new byte[8], new int[] {0, 3}))
        .hasMessage("x: expected label of image 1 in [0, 3), found 3");
    ImageSet sub = tiny(5).subset(new int[] {4, 1});
    assertThat(sub.labels()).containsExactly(1, 1);
    assertThat(sub.pixels()).containsExactly(4, 5, 6, 7, 1, 2, 3, 4);
    assertThat(tiny(5).imageSize()).isEqualTo(4);
  }

  @Test
  void normalizationOfAKnownPixelByHand() {
    Normalization n = Normalization.of(KnownDataset.CIFAR10);
    // green channel, pixel 200: (200/255 − 0.4822) / 0.2435
    assertThat(n.apply(1, 200)).isCloseTo((float) ((200 / 255.0 - 0.4822) / 0.2435), within(1e-5f));
    Normalization none = Normalization.none(3);
    assertThat(none.apply(2, 255)).isEqualTo(1f);
    assertThat(none.apply(0, 51)).isCloseTo(0.2f, within(1e-6f));
  }

  @Test
  void fitMatchesNaiveComputation() {
    // two channels; channel 0 values {0, 255}, channel 1 constant 51
    byte[] px = TestData.bytes(0, 255, 51, 51, 255, 0, 51, 51);
    ImageSet set = new ImageSet("f", 2, 1, 2, 1, px, new int[] {0, 0});
    Normalization n = Normalization.fit(set);
    assertThat(n.mean()[0]).isCloseTo(0.5f, within(1e-6f));
    assertThat(n.std()[0]).isCloseTo(0.5f, within(1e-6f));
    assertThat(n.mean()[1]).isCloseTo(0.2f, within(1e-6f));
    assertThat(n.std()[1]).isEqualTo(1f); // zero spread → 1
  }

  @Test
  void batchesOfAnEpochArePermutationWithLastSmallerBatch() {
    ImageSet set = tiny(10);
    BatchOptions opts = BatchOptions.training(4, Normalization.none(1), null, 42);
    BatchIterator it = new BatchIterator(set, opts, 0);
    assertThat(it.numBatches()).isEqualTo(3);
    List<Integer> sizes = new ArrayList<>();
    Set<Integer> firstPixels = new HashSet<>();
    while (it.hasNext()) {
      Batch b = it.next();
      sizes.add(b.size());
      for (int i = 0; i < b.size(); i++) {
        int image = Math.round(b.at(i, 0, 0, 0) * 255); // the first pixel identifies the image
        firstPixels.add(image);
        assertThat(b.labels()[i]).isEqualTo(image % 3);
        assertThat(b.at(i, 0, 1, 1)).isCloseTo((image + 3) / 255f, within(1e-6f));
      }
    }
    assertThat(sizes).containsExactly(4, 4, 2);
    assertThat(firstPixels).hasSize(10).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(new BatchIterator(set, opts.withDropLast(true), 0).numBatches()).isEqualTo(2);
  }

  @Test
  void orderIsPureFunctionOfSeedAndEpoch() {
    int[] a = BatchIterator.order(1000, true, 7, 3);
    assertThat(BatchIterator.order(1000, true, 7, 3)).isEqualTo(a);
    assertThat(BatchIterator.order(1000, true, 7, 4)).isNotEqualTo(a);
    assertThat(BatchIterator.order(1000, true, 8, 3)).isNotEqualTo(a);
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertThat(sorted[i]).isEqualTo(i);
    }
    assertThat(BatchIterator.order(5, false, 7, 3)).containsExactly(0, 1, 2, 3, 4);
    // same epoch, two iterators: identical batches (resume gives the same data)
    ImageSet set = tiny(9);
    BatchOptions opts = BatchOptions.training(4, Normalization.none(1), Augmentation.cifar(), 1);
    BatchIterator x = new BatchIterator(set, opts, 2);
    BatchIterator y = new BatchIterator(set, opts, 2);
    while (x.hasNext()) {
      Batch bx = x.next();
      Batch by = y.next();
      assertThat(bx.images()).isEqualTo(by.images());
      assertThat(bx.labels()).isEqualTo(by.labels());
    }
  }

  @Test
  void flipOfHandMade2x2Image() {
    // one RGB-free image: [[10, 20], [30, 40]]
    ImageSet set = new ImageSet("f", 1, 2, 2, 1, TestData.bytes(10, 20, 30, 40), new int[] {0});
    float[] out = new float[4];
    Augmentation flipOnly = new Augmentation(0, true);
    flipOnly.apply(set, 0, new Augmentation.Transform(0, 0, true), Normalization.none(1).table(), out, 0);
    assertThat(out).containsExactly(20 / 255f, 10 / 255f, 40 / 255f, 30 / 255f);
    flipOnly.apply(set, 0, new Augmentation.Transform(0, 0, false), Normalization.none(1).table(), out, 0);
    assertThat(out).containsExactly(10 / 255f, 20 / 255f, 30 / 255f, 40 / 255f);
  }

  @Test
  void cropPadsRawZeroThenNormalizes() {
    ImageSet set = new ImageSet("c", 1, 2, 2, 1, TestData.bytes(10, 20, 30, 40), new int[] {0});
    Normalization norm = new Normalization(new float[] {0.5f}, new float[] {0.25f});
    float[] out = new float[4];
    Augmentation pad1 = new Augmentation(1, false);
    // window at (0, 0) of the padded 4×4 image: [[0, 0], [0, 10]]
    pad1.apply(set, 0, new Augmentation.Transform(0, 0, false), norm.table(), out, 0);
    float zero = (0 - 0.5f) / 0.25f;
    assertThat(out).containsExactly(zero, zero, zero, norm.apply(0, 10));
    // window at (2, 1): rows 1..2 of the original shifted: [[30, 40], [0, 0]]
    pad1.apply(set, 0, new Augmentation.Transform(2, 1, false), norm.table(), out, 0);
    assertThat(out).containsExactly(norm.apply(0, 30), norm.apply(0, 40), zero, zero);
    // crop then flip: window (1, 2) = [[20, 0], [40, 0]] mirrored = [[0, 20], [0, 40]]
    pad1.apply(set, 0, new Augmentation.Transform(1, 2, true), norm.table(), out, 0);
    assertThat(out).containsExactly(zero, norm.apply(0, 20), zero, norm.apply(0, 40));
  }

  @Test
  void cropOffsetsStayInBoundsAndFlipIsAboutHalf() {
    Augmentation a = Augmentation.cifar();
    Set<Integer> seen = new HashSet<>();
    int flips = 0;
    for (int p = 0; p < 4000; p++) {
      Augmentation.Transform t = a.draw(5, 1, p);
      assertThat(t.dy()).isBetween(0, 8);
      assertThat(t.dx()).isBetween(0, 8);
      seen.add(t.dy() * 9 + t.dx());
      flips += t.flip() ? 1 : 0;
    }
    assertThat(seen).hasSize(81);
    assertThat(flips).isBetween(1800, 2200);
    assertThat(a.draw(5, 1, 17)).isEqualTo(a.draw(5, 1, 17));
    assertThat(new Augmentation(0, false).draw(5, 1, 3)).isEqualTo(new Augmentation.Transform(0, 0, false));
  }

  @Test
  void trainValidationSplitIsSeededAndPartitions() {
    ImageSet full = tiny(20);
    TrainValidationSplit s = TrainValidationSplit.of(full, 5, 99);
    assertThat(s.train().size()).isEqualTo(15);
    assertThat(s.validation().size()).isEqualTo(5);
    Set<Integer> ids = new HashSet<>();
    for (ImageSet part : List.of(s.train(), s.validation())) {
      for (int i = 0; i < part.size(); i++) {
        ids.add(part.pixel(i, 0, 0, 0));
      }
    }
    assertThat(ids).hasSize(20);
    TrainValidationSplit again = TrainValidationSplit.of(full, 5, 99);
    assertThat(again.validation().pixels()).isEqualTo(s.validation().pixels());
    assertThat(TrainValidationSplit.of(full, 5, 100).validation().pixels())
        .isNotEqualTo(s.validation().pixels());
    TrainValidationSplit none = TrainValidationSplit.of(full, 0, 1);
    assertThat(none.validation().size()).isZero();
    assertThat(none.train().pixels()).isEqualTo(full.pixels());
    assertThatThrownBy(() -> TrainValidationSplit.of(full, 20, 1))
        .hasMessage("tiny: expected a validation size in [0, 20), found 20");
  }
}
