package org.spikebridge.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@code folder:PATH} dataset: PNG, JPEG and BMP files in class folders (see
 * {@link ImageFolderLayout}), decoded with ImageIO and fitted. Where the fit leaves them open, the
 * channels are 3 if any image of either split is in colour, else 1, and the size is that of the
 * first training image.
 */
final class ImageFolderDataset extends UserDataset {

  /** The prefix of a {@code --dataset} value naming such a folder. */
  static final String PREFIX = "folder:";

  /** What the folder must hold, for messages. */
  static final String LAYOUT =
      "a folder of class folders of images, or of train/ and test/ folders of class folders";

  /** The dataset in {@code folder}, fitted by {@code fit}. */
  ImageFolderDataset(Path folder, ImageFit fit) {
    super(PREFIX, folder, fit);
  }

  @Override
  Decoded decode() throws IOException {
    requireFolder(root(), LAYOUT);
    ImageFolderLayout layout = ImageFolderLayout.read(root(), fit().splitSeed());
    int numClasses = numClasses(layout.classNames());
    List<RawImage> train = decodeAll(layout.train());
    List<RawImage> test = decodeAll(layout.test());
    boolean anyColour = Stream.concat(train.stream(), test.stream())
        .anyMatch(image -> image.channels() == 3);
    RawImage first = train.get(0);
    TargetShape shape = TargetShape.of(fit(), anyColour ? 3 : 1, first.height(), first.width());
    return new Decoded(
        shape.imageSet(name(Split.TRAIN), train, labels(layout.train()), numClasses),
        shape.imageSet(name(Split.TEST), test, labels(layout.test()), numClasses),
        layout.classNames());
  }

  /** The fit's number of classes, which must leave room for every class folder, else theirs. */
  private int numClasses(List<String> classNames) throws DatasetFormatException {
    int fitted = fit().numClasses();
    if (fitted > 0 && classNames.size() > fitted) {
      throw new DatasetFormatException(root(), "at most " + fitted + " class folders (the "
          + "number of classes)", classNames.size() + " in " + root() + ": " + classNames);
    }
    return fitted > 0 ? fitted : classNames.size();
  }

  private static List<RawImage> decodeAll(List<ImageFolderLayout.LabelledFile> files)
      throws DatasetFormatException {
    List<RawImage> images = new ArrayList<>(files.size());
    for (ImageFolderLayout.LabelledFile f : files) {
      images.add(ImageFileDecoder.decode(f.file()));
    }
    return images;
  }

  private static int[] labels(List<ImageFolderLayout.LabelledFile> files) {
    return files.stream().mapToInt(ImageFolderLayout.LabelledFile::label).toArray();
  }
}
