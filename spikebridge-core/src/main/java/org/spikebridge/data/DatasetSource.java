package org.spikebridge.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The dataset named by a {@code --dataset} value: a {@link KnownDataset} by its name, or a user's
 * own images as {@code folder:PATH} (a folder of class folders of PNG, JPEG or BMP files, or of
 * {@code train/} and {@code test/} folders of class folders) or {@code npy:PATH} (a folder holding
 * {@code x_train.npy}, {@code y_train.npy}, {@code x_test.npy} and {@code y_test.npy}).
 *
 * <p>A user's dataset is read on first use (the first {@link #load}, {@link #normalization()} or
 * {@link #classNames()}), both splits at once, fitted to the {@link ImageFit}, and kept: the source
 * object holds both splits for as long as it lives. Every problem with its files is an
 * {@link IOException} whose one-line message names the file or folder at fault (a
 * {@link DatasetFormatException}, or the {@link org.spikebridge.files.FileFormatException} of the
 * {@code .npy} reader).
 */
public interface DatasetSource {

  /**
   * The dataset named by {@code value}: a known dataset's name ({@code "fashion-mnist"}, …, found
   * as {@link Datasets#load(KnownDataset, Split, Path)} finds it, looking first in {@code dataDir},
   * which may be {@code null}), {@code "folder:PATH"} or {@code "npy:PATH"} (relative paths are
   * taken from the working directory). Nothing is read yet.
   *
   * @param value the {@code --dataset} value
   * @param dataDir the folder a known dataset is looked for first (the CLI's {@code --data-dir})
   * @param fit how a user's images are fitted; known datasets are loaded as published
   * @throws IllegalArgumentException listing the accepted forms if {@code value} is none of them
   */
  static DatasetSource parse(String value, Path dataDir, ImageFit fit) {
    Objects.requireNonNull(fit, "fit");
    if (value != null && value.startsWith(ImageFolderDataset.PREFIX)) {
      return new ImageFolderDataset(path(value, ImageFolderDataset.PREFIX), fit);
    }
    if (value != null && value.startsWith(NpyDataset.PREFIX)) {
      return new NpyDataset(path(value, NpyDataset.PREFIX), fit);
    }
    try {
      return new KnownSource(KnownDataset.byName(value), dataDir);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown dataset '" + value + "': expected one of "
          + Arrays.stream(KnownDataset.values()).map(KnownDataset::id)
              .collect(Collectors.joining(", "))
          + ", " + ImageFolderDataset.PREFIX + "PATH (" + ImageFolderDataset.LAYOUT + ") or "
          + NpyDataset.PREFIX + "PATH (" + NpyDataset.LAYOUT + ")", e);
    }
  }

  /**
   * {@code value} naming the same dataset from any working directory: the folder of
   * {@code folder:PATH} or {@code npy:PATH} made absolute; anything else as it is.
   */
  static String withAbsolutePath(String value) {
    for (String prefix : List.of(ImageFolderDataset.PREFIX, NpyDataset.PREFIX)) {
      if (value.startsWith(prefix) && !value.substring(prefix.length()).isBlank()) {
        return prefix + path(value, prefix).toAbsolutePath().normalize();
      }
    }
    return value;
  }

  private static Path path(String value, String prefix) {
    String path = value.substring(prefix.length());
    if (path.isBlank()) {
      throw new IllegalArgumentException("expected a folder after '" + prefix + "', e.g. "
          + prefix + "/data/flowers, found none");
    }
    return Path.of(path);
  }

  /**
   * What provenance records: the known dataset's id ({@code "fashion-mnist"}), or
   * {@code "folder:"} / {@code "npy:"} followed by the absolute, normalized path of the folder.
   */
  String id();

  /**
   * One split. A user's dataset gives images of the fit's channels, size and number of classes,
   * named {@code id() + "/train"} or {@code "/test"}, the same (shared, read-only) set on every
   * call; a known dataset gives its images as published, read anew on every call.
   */
  ImageSet load(Split split) throws IOException;

  /**
   * The per-channel normalization: a known dataset's published statistics
   * ({@link Normalization#of}); for a user's dataset, {@link Normalization#fit} of its fitted TRAIN
   * split.
   */
  Normalization normalization() throws IOException;

  /** The known dataset, if this is one; empty for {@code folder:} and {@code npy:}. */
  Optional<KnownDataset> known();

  /**
   * The class names in label order: for {@code folder:} the sorted class folder names, for
   * {@code npy:} {@code "0"} to {@code "n-1"}, for a known dataset an empty list.
   */
  List<String> classNames() throws IOException;
}
