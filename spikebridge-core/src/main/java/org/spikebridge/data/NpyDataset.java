package org.spikebridge.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;
import org.spikebridge.files.NpyArray;

/**
 * An {@code npy:PATH} dataset: {@code x_train.npy} and {@code x_test.npy} hold the images (see
 * {@link NpyImages}; both of the same channels and size), {@code y_train.npy} and
 * {@code y_test.npy} one integer label per image, of shape N or N×1. Without a number of classes
 * in the fit, there are as many as the largest label of either split plus one; the class names are
 * {@code "0"}, {@code "1"}, …
 */
final class NpyDataset extends UserDataset {

  /** The prefix of a {@code --dataset} value naming such a folder. */
  static final String PREFIX = "npy:";

  /** What the folder must hold, for messages. */
  static final String LAYOUT =
      "a folder holding x_train.npy, y_train.npy, x_test.npy and y_test.npy";

  /** The dataset in {@code folder}, fitted by {@code fit}. */
  NpyDataset(Path folder, ImageFit fit) {
    super(PREFIX, folder, fit);
  }

  /**
   * The most classes a dataset may have when no network fixes the number: 100,000, over four times
   * ImageNet-21k's; a label beyond it is a corrupt file, not a dataset of that many classes.
   */
  static final int MAX_CLASSES = 100_000;

  @Override
  Decoded decode() throws IOException {
    requireFolder(root(), LAYOUT);
    for (Split split : Split.values()) {
      requireFile(file("x", split));
      requireFile(file("y", split));
    }
    NpyImages xTrain = NpyImages.read(file("x", Split.TRAIN), fit().channels());
    NpyImages xTest = NpyImages.read(file("x", Split.TEST), fit().channels());
    xTest.requireShapeOf(xTrain);
    int[] yTrain = labels(file("y", Split.TRAIN), xTrain);
    int[] yTest = labels(file("y", Split.TEST), xTest);
    int numClasses = fit().numClasses() > 0 ? fit().numClasses()
        : 1 + IntStream.concat(Arrays.stream(yTrain), Arrays.stream(yTest)).max().orElseThrow();
    TargetShape shape = TargetShape.of(fit(), xTrain.channels(), xTrain.height(), xTrain.width());
    return new Decoded(
        shape.imageSet(name(Split.TRAIN), xTrain.images(), yTrain, numClasses),
        shape.imageSet(name(Split.TEST), xTest.images(), yTest, numClasses),
        IntStream.range(0, numClasses).mapToObj(Integer::toString).toList());
  }

  /** {@code x_train.npy}, {@code y_test.npy}, … in the dataset's folder. */
  private Path file(String array, Split split) {
    return root().resolve(array + "_" + split.name().toLowerCase(Locale.ROOT) + ".npy");
  }

  private void requireFile(Path file) throws DatasetFormatException {
    if (!Files.isRegularFile(file)) {
      throw new DatasetFormatException(file, "a file (an " + PREFIX + " dataset is " + LAYOUT
          + ")", "none in " + root());
    }
  }

  /**
   * The labels in {@code file}: integers, one per image of {@code images}, at least 0 and below
   * the fit's number of classes if it has one.
   */
  private int[] labels(Path file, NpyImages images) throws IOException {
    NpyArray array = NpyArray.read(file);
    int[] shape = array.shape();
    char kind = array.dtype().charAt(1);
    if (kind != 'i' && kind != 'u') {
      throw new DatasetFormatException(file, "integer labels (int8, uint8, int32 or int64)",
          "dtype " + array.dtype());
    }
    if (shape.length != 1 && !(shape.length == 2 && shape[1] == 1)) {
      throw new DatasetFormatException(file, "labels of shape (N,) or (N, 1)",
          "shape " + Arrays.toString(shape));
    }
    if (shape[0] != images.count()) {
      throw new DatasetFormatException(file, "one label per image of " + images.file().getFileName()
          + " (" + images.count() + " images)", shape[0] + " labels");
    }
    int[] labels = array.ints();
    int numClasses = fit().numClasses() > 0 ? fit().numClasses() : MAX_CLASSES;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new DatasetFormatException(file, "label of image " + i + " in [0, " + numClasses
            + ")" + (fit().numClasses() > 0 ? "" : " (no network fixes the number of classes; "
            + "more than " + MAX_CLASSES + " is taken for a corrupt file)"),
            String.valueOf(labels[i]));
      }
    }
    return labels;
  }
}
