package org.spikebridge.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An output folder built under a temporary name beside its final place and renamed into place
 * when complete, so that the final folder is either absent (or the empty folder it was) or
 * complete, whenever the process is killed ({@link #create}); or a folder whose files are all
 * replaced by new ones ({@link #replace}).
 *
 * <p>The staging folder of {@code runs/x} is {@code runs/.x.partial} ({@link #stagingPath}): a
 * fixed name, so that the next run for the same target finds the folder a killed run left and
 * removes it ({@link #create}) or continues it ({@link #resume}). Two processes writing the same
 * target at once are not supported: the second removes the first's staging folder.
 *
 * <p>Symbolic links: the target itself must not be one (its content would end up wherever the
 * link points, and the final rename cannot replace a link by a folder); the folders above it may
 * be (a {@code runs/} linked to a larger disk is the user's choice, and the staging folder sits in
 * the same real folder as the target). Everything inside the staging folder is this program's.
 *
 * <p>Closing an uncommitted staged folder deletes it: a command that writes its output in one go
 * uses try-with-resources, so an error leaves nothing behind; a resumable job that wants to keep
 * its staging folder after an error simply does not close it.
 */
public final class StagedFolder implements AutoCloseable {
  private static final String STAGING = ".partial";

  private final Path target;
  private final Path staging;
  private final boolean replaces;
  private boolean committed;

  private StagedFolder(Path target, Path staging, boolean replaces) {
    this.target = target;
    this.staging = staging;
    this.replaces = replaces;
  }

  /**
   * A new output folder {@code target}: refuses a target that exists and is not an empty folder
   * or that is a symbolic link, removes the staging folder a killed earlier run left, and creates
   * an empty one (and {@code target}'s parent folders if needed).
   */
  public static StagedFolder create(Path target) throws IOException {
    requireAbsentOrEmpty(target);
    return fresh(target, false);
  }

  /**
   * A folder this program owns and writes whole, which replaces {@code target} on commit if it
   * exists (a report's {@code plots/}): refuses a target that is a symbolic link, removes the
   * staging folder a killed earlier run left, and starts an empty one.
   *
   * <p>The commit cannot swap two folders in one step (Java has no {@code RENAME_EXCHANGE}), and
   * moving the old folder away first would leave a moment without one. Instead it renames each
   * new file over the old file of the same name, each in one step, and then deletes what the old
   * folder holds beyond the new one: at every moment every name of the old folder and of the new
   * one is there, complete. A run killed during these renames leaves some files old and some
   * new, and its staging folder, which the next {@code replace} removes.
   */
  public static StagedFolder replace(Path target) throws IOException {
    refuseLink(target);
    return fresh(target, true);
  }

  /**
   * Reopens the staging folder a killed earlier run for {@code target} left, keeping its content
   * but the temporary files of {@link AtomicFiles} in it (at any depth), which are removed.
   *
   * @throws IOException if there is no such folder, or {@code target} exists and is not an empty
   *     folder
   */
  public static StagedFolder resume(Path target) throws IOException {
    requireAbsentOrEmpty(target);
    Path staging = stagingPath(target);
    if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(target + ": expected the folder " + staging + " of an unfinished run to "
          + "resume, found none");
    }
    for (Path dir : folders(staging)) {
      AtomicFiles.removeLeftovers(dir);
    }
    return new StagedFolder(target, staging, false);
  }

  /** The staging folder of {@code target}: {@code .<name>.partial} beside it, as an absolute path. */
  public static Path stagingPath(Path target) {
    return sibling(target, STAGING);
  }

  /**
   * Throws, in one line, if {@code target} is a symbolic link or exists and is not an empty
   * folder.
   */
  public static void requireAbsentOrEmpty(Path target) throws IOException {
    refuseLink(target);
    if (Files.exists(target) && (!Files.isDirectory(target) || !isEmpty(target))) {
      throw new IOException(target + " already exists and is not an empty folder: choose another --out "
          + "(nothing was written)");
    }
  }

  /** The folder to write into until {@link #commit}. */
  public Path path() {
    return staging;
  }

  /**
   * Forces everything in the staging folder to disk, renames it to the target in one step (an
   * empty target folder is replaced; an existing one of {@link #replace} has its files replaced
   * one by one), forces the parent folder to disk, and returns the target.
   */
  public Path commit() throws IOException {
    if (committed) {
      throw new IllegalStateException(target + " is already committed");
    }
    for (Path entry : entries(staging)) {
      AtomicFiles.sync(entry);
    }
    if (replaces && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      moveInto(staging, target);
    } else {
      requireAbsentOrEmpty(target);
      AtomicFiles.moveAtomically(staging, target);
    }
    committed = true;
    return target;
  }

  /** Deletes the staging folder unless it was committed. */
  @Override
  public void close() throws IOException {
    if (!committed) {
      FileTrees.deleteRecursively(staging);
    }
  }

  /**
   * Renames every entry of {@code from} over the entry of the same name in {@code to} (into it,
   * for two folders), deletes the entries of {@code to} that {@code from} does not have, and then
   * the empty {@code from}.
   */
  private static void moveInto(Path from, Path to) throws IOException {
    Set<Path> names = new HashSet<>();
    for (Path entry : list(from)) {
      Path there = to.resolve(entry.getFileName());
      names.add(entry.getFileName());
      boolean folder = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
      boolean folderThere = Files.isDirectory(there, LinkOption.NOFOLLOW_LINKS);
      if (folder && folderThere) {
        moveInto(entry, there);
      } else {
        if (folder || folderThere) {
          FileTrees.deleteRecursively(there); // a rename cannot put a folder over a file, nor a file over a folder
        }
        AtomicFiles.moveAtomically(entry, there);
      }
    }
    for (Path entry : list(to)) {
      if (!names.contains(entry.getFileName())) {
        FileTrees.deleteRecursively(entry);
      }
    }
    Files.delete(from);
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.toList();
    }
  }

  private static StagedFolder fresh(Path target, boolean replaces) throws IOException {
    Path staging = stagingPath(target);
    Files.createDirectories(staging.getParent());
    FileTrees.deleteRecursively(staging);
    Files.createDirectory(staging);
    return new StagedFolder(target, staging, replaces);
  }

  private static Path sibling(Path target, String suffix) {
    Path absolute = target.toAbsolutePath().normalize();
    if (absolute.getFileName() == null) {
      throw new IllegalArgumentException(target + ": expected a folder with a name, found the root");
    }
    return absolute.resolveSibling("." + absolute.getFileName() + suffix);
  }

  private static void refuseLink(Path target) throws IOException {
    if (Files.isSymbolicLink(target)) {
      throw new IOException(target + " is a symbolic link: expected a folder of its own, "
          + "not a link to " + Files.readSymbolicLink(target) + " (nothing was written)");
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    return list(dir).isEmpty();
  }

  /** Every file and folder under {@code root}, {@code root} included, links not followed. */
  private static List<Path> entries(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> !Files.isSymbolicLink(p)).toList();
    }
  }

  private static List<Path> folders(Path root) throws IOException {
    return entries(root).stream().filter(Files::isDirectory).toList();
  }
}
