package org.spikebridge.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Which image files of a {@code folder:} dataset make up which split, with which label. The folder
 * holds either {@code train/} and {@code test/} folders with the same class folders, or the class
 * folders themselves, split per class with a seeded shuffle: ⌈20 %⌉ of each class of at least two
 * images goes to TEST, the rest to TRAIN. Classes are the sorted names of the class folders, the
 * label of a class its index; image files ({@code .png}, {@code .jpg}, {@code .jpeg}, {@code .bmp},
 * any case) are taken in name order; hidden and other entries are ignored.
 *
 * @param classNames the class folder names, sorted
 * @param train the training images, class by class
 * @param test the test images, class by class
 */
record ImageFolderLayout(List<String> classNames, List<LabelledFile> train,
    List<LabelledFile> test) {

  /** An image file and the label of its class. */
  record LabelledFile(Path file, int label) {}

  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp");
  private static final String CLASS_FOLDERS = "a folder of class folders (one per class)";

  /** The layout of {@code root}, which must be a folder; {@code splitSeed} seeds the split. */
  static ImageFolderLayout read(Path root, long splitSeed) throws IOException {
    Path trainFolder = root.resolve("train");
    Path testFolder = root.resolve("test");
    if (Files.isDirectory(trainFolder) || Files.isDirectory(testFolder)) {
      return presplit(trainFolder, testFolder);
    }
    return split(root, splitSeed);
  }

  private static ImageFolderLayout presplit(Path trainFolder, Path testFolder) throws IOException {
    List<String> classes = classNames(trainFolder);
    List<String> testClasses = classNames(testFolder);
    if (!testClasses.equals(classes)) {
      String difference = classes.stream().filter(c -> !testClasses.contains(c))
          .map(c -> "no class folder " + c).findFirst()
          .orElseGet(() -> "an extra class folder " + testClasses.stream()
              .filter(c -> !classes.contains(c)).findFirst().orElseThrow());
      throw new DatasetFormatException(testFolder, "the class folders of train/ " + classes,
          difference + " in " + testFolder);
    }
    return new ImageFolderLayout(classes, labelled(trainFolder, classes),
        labelled(testFolder, classes));
  }

  private static List<LabelledFile> labelled(Path folder, List<String> classes)
      throws IOException {
    List<LabelledFile> files = new ArrayList<>();
    for (int label = 0; label < classes.size(); label++) {
      for (Path file : imageFiles(folder.resolve(classes.get(label)))) {
        files.add(new LabelledFile(file, label));
      }
    }
    return files;
  }

  private static ImageFolderLayout split(Path root, long seed) throws IOException {
    List<String> classes = classNames(root);
    List<LabelledFile> train = new ArrayList<>();
    List<LabelledFile> test = new ArrayList<>();
    for (int label = 0; label < classes.size(); label++) {
      List<Path> files = imageFiles(root.resolve(classes.get(label)));
      Set<Path> testFiles = testSample(files, new Random(BatchIterator.mix(seed, label)));
      for (Path file : files) {
        (testFiles.contains(file) ? test : train).add(new LabelledFile(file, label));
      }
    }
    return new ImageFolderLayout(classes, train, test);
  }

  /** ⌈20 %⌉ of {@code files} drawn with {@code random}, none if there are fewer than two. */
  private static Set<Path> testSample(List<Path> files, Random random) {
    List<Path> shuffled = new ArrayList<>(files);
    Collections.shuffle(shuffled, random);
    int testCount = files.size() < 2 ? 0 : (files.size() + 4) / 5;
    return new HashSet<>(shuffled.subList(0, testCount));
  }

  /** The sorted names of the class folders in {@code folder}; at least one. */
  private static List<String> classNames(Path folder) throws IOException {
    UserDataset.requireFolder(folder, CLASS_FOLDERS);
    List<String> names = new ArrayList<>();
    for (Path classFolder : visibleEntries(folder, Files::isDirectory)) {
      names.add(classFolder.getFileName().toString());
    }
    if (names.isEmpty()) {
      throw new DatasetFormatException(folder, CLASS_FOLDERS, "no folder in " + folder);
    }
    return names;
  }

  /** The image files of {@code classFolder}, sorted by name; at least one. */
  private static List<Path> imageFiles(Path classFolder) throws IOException {
    List<Path> files = visibleEntries(classFolder,
        entry -> Files.isRegularFile(entry) && isImageName(entry.getFileName().toString()));
    if (files.isEmpty()) {
      throw new DatasetFormatException(classFolder, "a class folder of at least one "
          + String.join(", ", EXTENSIONS) + " image", "none in " + classFolder);
    }
    return files;
  }

  private static boolean isImageName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(lower::endsWith);
  }

  /** The entries of {@code folder} that are not hidden and pass {@code filter}, sorted by name. */
  private static List<Path> visibleEntries(Path folder, DirectoryStream.Filter<Path> filter)
      throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder,
        entry -> !Files.isHidden(entry) && filter.accept(entry))) {
      stream.forEach(entries::add);
    }
    entries.sort(Comparator.comparing(entry -> entry.getFileName().toString()));
    return entries;
  }
}
