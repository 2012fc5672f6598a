package org.spikebridge.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes files so that a reader sees either the old content or the complete new content, never a
 * half-written file: the bytes go to a temporary file {@code .<name>.<digits>.tmp} in the target's
 * folder, are forced to disk, the temporary file is renamed over the target in one step, and the
 * folder is then forced to disk so that the rename survives a power cut.
 *
 * <p>The rename replaces whatever is at the target, a symbolic link included: a link there is
 * replaced by the new file, never written through. The folders above the target are followed as
 * they are; a caller that owns a subfolder and must not write through a link there checks it
 * itself (see {@link StagedFolder#replace}). A writer killed before its rename leaves its
 * temporary file behind; {@link #removeLeftovers} removes those on the next run.
 */
public final class AtomicFiles {
  /** The names of the temporary files {@link #write} creates. */
  private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9]+\\.tmp");
  /** Windows cannot open a folder as a channel, so folders are not forced there (NTFS journals them). */
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  /** Something that writes a file's content to a stream. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the whole content to {@code out}. */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** Writes {@code target} atomically with the content {@code writer} produces. */
  public static void write(Path target, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = createTemporary(dir, target.getFileName().toString());
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
        writer.writeTo(out);
        out.flush();
        channel.force(true);
      }
      moveAtomically(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes {@code text} as UTF-8 to {@code target} atomically. */
  public static void writeString(Path target, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(target, out -> out.write(bytes));
  }

  /**
   * Renames {@code source} to {@code target} in one step, replacing {@code target} (a file, a
   * symbolic link or an empty folder), then forces {@code target}'s folder to disk.
   */
  public static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + source + " to " + target
          + " atomically (are they on different file systems?)", e);
    }
    sync(target.toAbsolutePath().getParent());
  }

  /**
   * Forces a file's content, or a folder's entries, to disk (fsync); a no-op on Windows, where a
   * folder cannot be opened as a channel.
   */
  public static void sync(Path fileOrFolder) throws IOException {
    if (WINDOWS) {
      return;
    }
    try (FileChannel channel = FileChannel.open(fileOrFolder, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /**
   * Deletes the temporary files that writers of this class killed before their rename left in
   * {@code dir}: only names {@code .<name>.<digits>.tmp}, only in {@code dir} itself (not in its
   * subfolders). Nothing happens if {@code dir} does not exist. Call it only on a folder no other
   * process is writing into.
   */
  public static void removeLeftovers(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (isTemporary(entry) && !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(entry);
        }
      }
    }
  }

  /** Whether {@code file}'s name is that of a temporary file of {@link #write}. */
  static boolean isTemporary(Path file) {
    return TEMPORARY.matcher(file.getFileName().toString()).matches();
  }

  /** A new empty file {@code dir/.<name>.<digits>.tmp}, readable by all, writable by its owner. */
  private static Path createTemporary(Path dir, String name) throws IOException {
    while (true) {
      long suffix = ThreadLocalRandom.current().nextLong();
      Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(suffix) + ".tmp");
      try {
        Files.createFile(tmp);
      } catch (FileAlreadyExistsException taken) {
        continue;
      }
      if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      return tmp;
    }
  }
}
