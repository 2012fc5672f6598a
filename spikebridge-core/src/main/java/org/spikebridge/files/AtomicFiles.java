package org.spikebridge.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that a reader sees either the old content or the complete new content, never a
 * half-written file: the bytes go to a temporary file in the target's folder, are forced to disk,
 * and the temporary file is then renamed over the target in one step.
 */
public final class AtomicFiles {

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
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    }
    try {
      try (var channel = java.nio.channels.FileChannel.open(tmp,
              java.nio.file.StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
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

  /** Renames {@code source} to {@code target} in one step, replacing {@code target}. */
  public static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + source + " to " + target
          + " atomically (are they on different file systems?)", e);
    }
  }
}
