package org.spikebridge.data;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where dataset files are looked for: in an explicit data folder (the CLI's {@code --data-dir}),
 * holding the files directly, and nowhere else when it is given (a folder the user names that
 * lacks a file must not silently yield another copy of the dataset); otherwise in this order:
 *
 * <ol>
 *   <li>{@code $SPIKEBRIDGE_DATA/<name>};
 *   <li>{@code ~/.spikebridge/datasets/<name>} (where {@link Downloader} puts them);
 *   <li>{@code /usr/share/datasets/<name>} (Debian's {@code dataset-fashion-mnist} installs there).
 * </ol>
 *
 * <p>A folder counts as found when it holds all of the dataset's {@link
 * KnownDataset#requiredFiles() required files} (IDX files gzipped or raw). For CIFAR, a folder that
 * contains the archive's own folder ({@code cifar-10-batches-bin/}, {@code cifar-100-binary/}) with
 * the files also counts; the inner folder is then returned.
 */
public final class DatasetLocator {

  /** The environment variable naming a root folder of datasets. */
  public static final String ENV_VAR = "SPIKEBRIDGE_DATA";

  private final Path dataDir;
  private final Map<String, String> env;
  private final Path home;
  private final Path systemRoot;

  /**
   * A locator with everything injected (for tests).
   *
   * @param dataDir the explicit data folder, or {@code null}
   * @param env the environment ({@link #ENV_VAR} is read from it)
   * @param home the user's home folder
   * @param systemRoot the system-wide dataset root, normally {@code /usr/share/datasets}
   */
  public DatasetLocator(Path dataDir, Map<String, String> env, Path home, Path systemRoot) {
    this.dataDir = dataDir;
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    this.home = Objects.requireNonNull(home, "home");
    this.systemRoot = Objects.requireNonNull(systemRoot, "systemRoot");
  }

  /** A locator with the given environment and home, and the real {@code /usr/share/datasets}. */
  public DatasetLocator(Path dataDir, Map<String, String> env, Path home) {
    this(dataDir, env, home, Paths.get("/usr/share/datasets"));
  }

  /** The locator of this process: its environment and {@code user.home}. */
  public static DatasetLocator system(Path dataDir) {
    return new DatasetLocator(dataDir, System.getenv(), Paths.get(System.getProperty("user.home")));
  }

  /** {@link #system(Path)} without an explicit data folder. */
  public static DatasetLocator system() {
    return system(null);
  }

  /** The folders looked in for {@code d}, in order of preference: the explicit one alone, if given. */
  public List<Path> candidates(KnownDataset d) {
    if (dataDir != null) {
      return List.of(dataDir);
    }
    List<Path> dirs = new ArrayList<>();
    String root = env.get(ENV_VAR);
    if (root != null && !root.isBlank()) {
      dirs.add(Paths.get(root).resolve(d.id()));
    }
    dirs.add(userDir(d));
    dirs.add(systemRoot.resolve(d.id()));
    return dirs;
  }

  /** {@code ~/.spikebridge/datasets/<name>}: where downloads go when no data folder is given. */
  public Path userDir(KnownDataset d) {
    return home.resolve(".spikebridge").resolve("datasets").resolve(d.id());
  }

  /** Where a download of {@code d} should go: the explicit data folder if any, else {@link #userDir}. */
  public Path downloadDir(KnownDataset d) {
    return dataDir != null ? dataDir : userDir(d);
  }

  /** The first candidate folder that holds all of {@code d}'s files. */
  public Optional<Path> find(KnownDataset d) {
    for (Path dir : candidates(d)) {
      if (d.isPresentIn(dir)) {
        return Optional.of(dir);
      }
      Optional<String> inner = d.archiveFolder();
      if (inner.isPresent() && d.isPresentIn(dir.resolve(inner.get()))) {
        return Optional.of(dir.resolve(inner.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * What to tell a user when {@code d} is nowhere: every folder looked in, the files needed, where
   * to download them, and for Fashion-MNIST the Debian package that provides it.
   */
  public String notFoundMessage(KnownDataset d) {
    StringBuilder sb = new StringBuilder();
    sb.append("dataset ").append(d.id()).append(" not found. Looked in:\n");
    for (Path dir : candidates(d)) {
      sb.append("  ").append(dir).append('\n');
    }
    sb.append("Put these files into one of those folders (e.g. ").append(downloadDir(d))
        .append("):\n");
    for (String f : d.acceptedNames()) {
      sb.append("  ").append(f).append('\n');
    }
    sb.append("They can be downloaded from:\n");
    for (RemoteFile f : d.downloads()) {
      sb.append("  ").append(f.url()).append('\n');
    }
    d.archiveFolder().ifPresent(inner -> sb.append("(extract the archive; the files are in its ")
        .append(inner).append("/ folder)\n"));
    sb.append("or set ").append(ENV_VAR).append(" to a folder holding ").append(d.id())
        .append("/, or pass --data-dir.");
    if (d == KnownDataset.FASHION_MNIST) {
      sb.append("\nOn Debian/Ubuntu: apt-get install dataset-fashion-mnist");
    }
    return sb.toString();
  }
}
