package org.spikebridge.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A user's own dataset: both splits are read and fitted on first use, then kept, so that
 * {@link #load} and {@link #normalization()} never decode the files twice.
 */
abstract class UserDataset implements DatasetSource {

  /** Both splits, fitted, and the class names in label order. */
  record Decoded(ImageSet train, ImageSet test, List<String> classNames) {}

  private final Path root;
  private final ImageFit fit;
  private final String id;
  private Decoded decoded;
  private Normalization normalization;

  /** The dataset in folder {@code root}, recorded as {@code prefix + absolute normalized root}. */
  UserDataset(String prefix, Path root, ImageFit fit) {
    this.root = root.toAbsolutePath().normalize();
    this.fit = fit;
    this.id = prefix + this.root;
  }

  /** Reads both splits from {@link #root()}, fitted to {@link #fit()}. */
  abstract Decoded decode() throws IOException;

  /** The dataset's folder, absolute and normalized. */
  final Path root() {
    return root;
  }

  /** How the images are fitted. */
  final ImageFit fit() {
    return fit;
  }

  /** The name of the image set of {@code split}: {@code id() + "/train"} or {@code "/test"}. */
  final String name(Split split) {
    return id + "/" + split.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Checks that {@code folder} is a folder.
   *
   * @param expected what it should be, for the message
   */
  static void requireFolder(Path folder, String expected) throws DatasetFormatException {
    if (!Files.isDirectory(folder)) {
      throw new DatasetFormatException(folder, expected,
          (Files.exists(folder) ? "a file " : "nothing at ") + folder);
    }
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final ImageSet load(Split split) throws IOException {
    return split == Split.TRAIN ? decoded().train() : decoded().test();
  }

  @Override
  public final synchronized Normalization normalization() throws IOException {
    if (normalization == null) {
      normalization = Normalization.fit(load(Split.TRAIN));
    }
    return normalization;
  }

  @Override
  public final Optional<KnownDataset> known() {
    return Optional.empty();
  }

  @Override
  public final List<String> classNames() throws IOException {
    return decoded().classNames();
  }

  @Override
  public String toString() {
    return id;
  }

  private synchronized Decoded decoded() throws IOException {
    if (decoded == null) {
      decoded = decode();
    }
    return decoded;
  }
}
