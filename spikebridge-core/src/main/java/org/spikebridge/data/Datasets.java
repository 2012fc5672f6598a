package org.spikebridge.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a {@link KnownDataset}: finds it with a {@link DatasetLocator}; if it is nowhere, downloads
 * it (and extracts the CIFAR archives); if that fails too, throws an {@link IOException} telling the
 * user where to put which files.
 */
public final class Datasets {

  private Datasets() {}

  /**
   * Loads one split of {@code d}, looking first in {@code dataDir} (may be {@code null}), then the
   * usual places (see {@link DatasetLocator}), downloading it if it is nowhere.
   */
  public static ImageSet load(KnownDataset d, Split split, Path dataDir) throws IOException {
    DatasetLocator locator = DatasetLocator.system(dataDir);
    return load(d, split, locator, Downloader.forDataset(d, locator));
  }

  /**
   * Loads one split of {@code d} from where {@code locator} finds it; if it is nowhere and
   * {@code downloader} is not {@code null}, downloads it into the downloader's folder first.
   */
  public static ImageSet load(KnownDataset d, Split split, DatasetLocator locator,
      Downloader downloader) throws IOException {
    Optional<Path> found = locator.find(d);
    if (found.isPresent()) {
      return read(d, split, found.get());
    }
    if (downloader == null) {
      throw new IOException(locator.notFoundMessage(d));
    }
    Path dir = fetch(d, downloader);
    return read(d, split, dir);
  }

  /**
   * Downloads {@code d} into the downloader's folder, extracting the CIFAR archive (the archive is
   * deleted afterwards); returns the folder.
   */
  public static Path fetch(KnownDataset d, Downloader downloader) throws IOException {
    Path dir = downloader.targetDir();
    for (RemoteFile file : d.downloads()) {
      Path got = downloader.download(file);
      if (d.archiveFolder().isPresent()) {
        TarExtractor.extract(got, new HashSet<>(d.requiredFiles()), dir, d.archiveLimit());
        Files.deleteIfExists(got);
      }
    }
    if (!d.isPresentIn(dir)) {
      throw new IOException("downloaded " + d.id() + " into " + dir + " but expected files are "
          + "missing: " + d.requiredFiles());
    }
    return dir;
  }

  /**
   * Reads one split of {@code d} from {@code folder}, which must hold its files, and checks the
   * images have the dataset's shape. No file may hold more than the published dataset's (see
   * {@link KnownDataset#sizeLimit}).
   */
  public static ImageSet read(KnownDataset d, Split split, Path folder) throws IOException {
    List<Path> files = new ArrayList<>();
    Map<Path, SizeLimit> limits = new HashMap<>();
    for (String name : d.files(split)) {
      Path file = d.resolve(folder, name).orElseThrow(() -> new IOException(
          folder + ": expected file " + name + " of " + d.id() + ", found none"));
      files.add(file);
      limits.put(file, d.sizeLimit(name));
    }
    String name = d.id() + "/" + split.name().toLowerCase(java.util.Locale.ROOT);
    ImageSet set;
    switch (d.format()) {
      case IDX:
        set = IdxReader.read(name, files.get(0), files.get(1), d.numClasses(), limits::get);
        break;
      case CIFAR10:
        set = CifarReader.readCifar10(name, files, limits::get);
        break;
      default:
        set = CifarReader.readCifar100(name, files.get(0), true, limits::get);
    }
    if (set.channels() != d.channels() || set.height() != d.height()
        || set.width() != d.width()) {
      throw new DatasetFormatException(files.get(0), d.id() + " images of " + d.channels() + "×"
          + d.height() + "×" + d.width(), "images of " + set.channels() + "×" + set.height() + "×"
          + set.width());
    }
    return set;
  }
}
