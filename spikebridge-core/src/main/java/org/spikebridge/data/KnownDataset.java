package org.spikebridge.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The datasets SpikeBridge knows by name: the files expected in a dataset's folder, where to
 * download them, their SHA-256, the image shape, the number of classes and the per-channel mean and
 * standard deviation of the training set on the [0, 1] scale.
 *
 * <p>Checksums are of the files as served at the listed URLs; they were taken from TensorFlow
 * Datasets' {@code url_checksums/*.txt} (see each constant). Files found on disk are not checksummed
 * (Debian's {@code dataset-fashion-mnist}, for one, ships recompressed {@code .gz} files with the
 * same content but different bytes).
 */
public enum KnownDataset {

  /** MNIST handwritten digits (LeCun et al.), mirrored where torchvision fetches it. */
  MNIST("mnist", Format.IDX, 10, 1, 28, 28, 60000, 10000,
      new float[] {0.1307f}, new float[] {0.3081f}, null,
      idxFiles("https://ossci-datasets.s3.amazonaws.com/mnist/",
          "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 9912422,
          "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", 28881,
          "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", 1648877,
          "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 4542)),

  /** Fashion-MNIST (Xiao et al., 2017), Zalando's clothing images in MNIST's format. */
  FASHION_MNIST("fashion-mnist", Format.IDX, 10, 1, 28, 28, 60000, 10000,
      new float[] {0.2860f}, new float[] {0.3530f}, null,
      idxFiles("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
          "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", 26421880,
          "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", 29515,
          "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", 4422102,
          "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", 5148)),

  /** Kuzushiji-MNIST (Clanuwat et al., 2018), cursive Japanese characters. */
  KMNIST("kmnist", Format.IDX, 10, 1, 28, 28, 60000, 10000,
      new float[] {0.1918f}, new float[] {0.3483f}, null,
      idxFiles("http://codh.rois.ac.jp/kmnist/dataset/kmnist/",
          "51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4", 18165135,
          "e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17", 29497,
          "edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5", 3041136,
          "20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c", 5120)),

  /** CIFAR-10 (Krizhevsky, 2009), binary version. */
  CIFAR10("cifar-10", Format.CIFAR10, 10, 3, 32, 32, 50000, 10000,
      new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f},
      "cifar-10-batches-bin",
      List.of(RemoteFile.at("https://www.cs.toronto.edu/~kriz/", "cifar-10-binary.tar.gz",
          "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", 170052171))),

  /** CIFAR-100 (Krizhevsky, 2009), binary version, with the 100 fine labels. */
  CIFAR100("cifar-100", Format.CIFAR100, 100, 3, 32, 32, 50000, 10000,
      new float[] {0.5071f, 0.4865f, 0.4409f}, new float[] {0.2673f, 0.2564f, 0.2762f},
      "cifar-100-binary",
      List.of(RemoteFile.at("https://www.cs.toronto.edu/~kriz/", "cifar-100-binary.tar.gz",
          "58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec", 168513733)));

  /** Room in a CIFAR archive for tar headers and its files other than the data: 1 MiB. */
  static final long ARCHIVE_EXTRAS = 1 << 20;

  /** How a dataset's files are laid out. */
  enum Format { IDX, CIFAR10, CIFAR100 }

  /** IDX file names; in a holder class because enum constants are built before static fields. */
  private static final class Idx {
    static final List<String> TRAIN = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte");
    static final List<String> TEST = List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
  }

  private final String id;
  private final Format format;
  private final int numClasses;
  private final int channels;
  private final int height;
  private final int width;
  private final int trainImages;
  private final int testImages;
  private final float[] mean;
  private final float[] std;
  private final String archiveFolder;
  private final List<RemoteFile> downloads;

  KnownDataset(String id, Format format, int numClasses, int channels, int height, int width,
      int trainImages, int testImages, float[] mean, float[] std, String archiveFolder,
      List<RemoteFile> downloads) {
    this.id = id;
    this.format = format;
    this.numClasses = numClasses;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.trainImages = trainImages;
    this.testImages = testImages;
    this.mean = mean;
    this.std = std;
    this.archiveFolder = archiveFolder;
    this.downloads = downloads;
  }

  private static List<RemoteFile> idxFiles(String base, String trainImages, long trainImagesSize,
      String trainLabels, long trainLabelsSize, String testImages, long testImagesSize,
      String testLabels, long testLabelsSize) {
    return List.of(
        RemoteFile.at(base, Idx.TRAIN.get(0) + ".gz", trainImages, trainImagesSize),
        RemoteFile.at(base, Idx.TRAIN.get(1) + ".gz", trainLabels, trainLabelsSize),
        RemoteFile.at(base, Idx.TEST.get(0) + ".gz", testImages, testImagesSize),
        RemoteFile.at(base, Idx.TEST.get(1) + ".gz", testLabels, testLabelsSize));
  }

  /** The dataset's name, e.g. {@code "fashion-mnist"}; also the name of its folder. */
  public String id() {
    return id;
  }

  Format format() {
    return format;
  }

  /** Number of classes; labels lie in {@code [0, numClasses)}. */
  public int numClasses() {
    return numClasses;
  }

  /** Colour channels per image. */
  public int channels() {
    return channels;
  }

  /** Image height in pixels. */
  public int height() {
    return height;
  }

  /** Image width in pixels. */
  public int width() {
    return width;
  }

  /** Images in the published split, e.g. 60000 in Fashion-MNIST's training set. */
  public int images(Split split) {
    return split == Split.TRAIN ? trainImages : testImages;
  }

  /** Per-channel mean of the training set on the [0, 1] scale (a copy). */
  public float[] mean() {
    return mean.clone();
  }

  /** Per-channel standard deviation of the training set on the [0, 1] scale (a copy). */
  public float[] std() {
    return std.clone();
  }

  /** The files to download: four {@code .gz} files for IDX datasets, one archive for CIFAR. */
  public List<RemoteFile> downloads() {
    return downloads;
  }

  /**
   * For CIFAR, the folder inside the downloaded archive that holds the {@code .bin} files (the
   * locator also accepts a dataset folder that contains it); empty for IDX datasets.
   */
  public Optional<String> archiveFolder() {
    return Optional.ofNullable(archiveFolder);
  }

  /**
   * The files of one split, as base names. IDX names are given without {@code .gz}; either the
   * gzipped or the raw file is accepted (see {@link #resolve}).
   */
  public List<String> files(Split split) {
    switch (format) {
      case IDX:
        return split == Split.TRAIN ? Idx.TRAIN : Idx.TEST;
      case CIFAR10:
        return split == Split.TRAIN
            ? List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                "data_batch_4.bin", "data_batch_5.bin")
            : List.of("test_batch.bin");
      default:
        return List.of(split == Split.TRAIN ? "train.bin" : "test.bin");
    }
  }

  /** All files a folder must hold for the dataset to count as present, train then test. */
  public List<String> requiredFiles() {
    List<String> all = new ArrayList<>(files(Split.TRAIN));
    all.addAll(files(Split.TEST));
    return List.copyOf(all);
  }

  /** How the required files may be named on disk, for messages: e.g. {@code "x.gz or x"}. */
  List<String> acceptedNames() {
    return requiredFiles().stream()
        .map(f -> format == Format.IDX ? f + ".gz (or " + f + ")" : f)
        .collect(Collectors.toList());
  }

  /**
   * The file in {@code folder} holding {@code baseName}: for IDX datasets {@code baseName.gz} if it
   * exists, else {@code baseName}; empty if neither is a regular file.
   */
  public Optional<Path> resolve(Path folder, String baseName) {
    if (format == Format.IDX) {
      Path gz = folder.resolve(baseName + ".gz");
      if (Files.isRegularFile(gz)) {
        return Optional.of(gz);
      }
    }
    Path raw = folder.resolve(baseName);
    return Files.isRegularFile(raw) ? Optional.of(raw) : Optional.empty();
  }

  /**
   * The size of the file {@code baseName} (one of {@link #requiredFiles()}) of the published
   * dataset, decompressed: no file of this dataset may be larger (a subset's is smaller).
   *
   * @throws IllegalArgumentException if the dataset has no such file
   */
  SizeLimit sizeLimit(String baseName) {
    Split split = files(Split.TRAIN).contains(baseName) ? Split.TRAIN : Split.TEST;
    List<String> names = files(split);
    int index = names.indexOf(baseName);
    if (index < 0) {
      throw new IllegalArgumentException(id + ": expected one of " + requiredFiles() + ", found "
          + baseName);
    }
    long n = images(split);
    long bytes = switch (format) {
      case IDX -> index == 0 ? 16 + n * height * width : 8 + n;
      case CIFAR10 -> n / names.size() * CifarReader.CIFAR10_RECORD;
      case CIFAR100 -> n / names.size() * CifarReader.CIFAR100_RECORD;
    };
    return new SizeLimit(bytes, "the size of " + id + "'s " + baseName);
  }

  /**
   * The most bytes the downloaded archive of a CIFAR dataset may hold decompressed: its required
   * files plus {@link #ARCHIVE_EXTRAS} for the tar headers and the small files beside them.
   */
  SizeLimit archiveLimit() {
    long files = requiredFiles().stream().mapToLong(f -> sizeLimit(f).bytes()).sum();
    return new SizeLimit(files + ARCHIVE_EXTRAS, "the size of " + id + "'s files plus "
        + ARCHIVE_EXTRAS + " bytes for the archive's other entries");
  }

  /** True if {@code folder} holds every required file. */
  public boolean isPresentIn(Path folder) {
    return requiredFiles().stream().allMatch(f -> resolve(folder, f).isPresent());
  }

  /**
   * The dataset called {@code name} (its {@link #id()} or enum constant name, any case; {@code _}
   * and {@code -} are interchangeable).
   *
   * @throws IllegalArgumentException naming the known datasets if there is none such
   */
  public static KnownDataset byName(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("unknown dataset '" + name
        + "': expected one of " + Arrays.stream(values()).map(KnownDataset::id).collect(Collectors.joining(", "))));
  }

  /** The dataset called {@code name}, as {@link #byName} finds it; empty if there is none such. */
  public static Optional<KnownDataset> find(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return Arrays.stream(values())
        .filter(d -> d.id.equals(key) || d.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(key)
            || d.id.replace("-", "").equals(key.replace("-", "")))
        .findFirst();
  }
}
