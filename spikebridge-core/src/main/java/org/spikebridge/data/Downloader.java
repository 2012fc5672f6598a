package org.spikebridge.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.spikebridge.files.AtomicFiles;

/**
 * Downloads dataset files into a folder, safely: the bytes go to a temporary file in that folder,
 * the transfer is checked to be complete (as many bytes as {@code Content-Length} promised and,
 * when known, as the file's expected size) and the SHA-256 to match, and only then is the file
 * renamed into place with {@link AtomicFiles#moveAtomically}. On any failure nothing is left
 * behind: neither the target nor the temporary file. A progress bar is shown on standard error.
 *
 * <p>Every transfer is bounded: a {@code Content-Length} other than the expected size is refused
 * before the body is read, and reading stops as soon as more bytes than expected arrive; each read
 * waits at most the read timeout, and one file's download, from connecting to its last byte, may
 * take at most the deadline (so a server trickling a byte every few seconds cannot keep it alive).
 * A temporary file is locked while its download runs; one that a killed process left behind (the
 * lock dies with the process) is deleted when the same file is downloaded next.
 *
 * <p>When the server cannot be reached at all, the exception's message says which files to put
 * where by hand (the {@code manualHint} given to the constructor, normally {@link
 * DatasetLocator#notFoundMessage}).
 */
public final class Downloader {

  private static final Logger LOG = Logger.getLogger(Downloader.class.getName());

  /** Connect timeout for every download. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Default longest wait for more bytes during a transfer. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

  /** Default longest time one file's download may take in all. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofHours(1);

  /** Temporary files are named {@code .<file name>.<digits>.part}. */
  private static final String PART_SUFFIX = ".part";

  /**
   * The temporary files of the downloads running in this process: their locks are not probed,
   * since closing a probing channel may release a lock the process holds on the same file.
   */
  private static final Set<Path> RUNNING = ConcurrentHashMap.newKeySet();

  private final Path targetDir;
  private final String manualHint;
  private final boolean progress;
  private final Duration readTimeout;
  private final Duration deadline;
  private final LongSupplier nanoClock;

  /** One file's transfer: where from, when it started, the size expected and the size declared. */
  private record Transfer(URI url, long start, long expected, long declared) {}

  /**
   * A downloader into {@code targetDir}.
   *
   * @param targetDir the folder the files go to (created if missing)
   * @param manualHint appended to the message when the server cannot be reached; may be empty
   * @param progress whether to show a progress bar on standard error
   */
  public Downloader(Path targetDir, String manualHint, boolean progress) {
    this(targetDir, manualHint, progress, DEFAULT_READ_TIMEOUT, DEFAULT_DEADLINE, System::nanoTime);
  }

  /**
   * As {@link #Downloader(Path, String, boolean)}, with the longest wait for the next bytes of a
   * stalled transfer before it counts as cut off, the longest time one file's download may take in
   * all, and the clock that measures it (nanoseconds, as {@link System#nanoTime()}).
   */
  public Downloader(Path targetDir, String manualHint, boolean progress, Duration readTimeout,
      Duration deadline, LongSupplier nanoClock) {
    this.targetDir = Objects.requireNonNull(targetDir, "targetDir");
    this.manualHint = manualHint == null ? "" : manualHint;
    this.progress = progress;
    this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /** A downloader for {@code d} into the folder {@code locator} chooses, with a progress bar. */
  public static Downloader forDataset(KnownDataset d, DatasetLocator locator) {
    return new Downloader(locator.downloadDir(d), locator.notFoundMessage(d), true);
  }

  /** The folder files are downloaded into. */
  public Path targetDir() {
    return targetDir;
  }

  /** Downloads {@code file} (its URL, name, checksum and size) into the target folder. */
  public Path download(RemoteFile file) throws IOException {
    return download(file.url(), file.fileName(), file.sha256(), file.size());
  }

  /**
   * Downloads {@code url} to {@code targetDir/fileName}, first deleting the temporary files that
   * interrupted downloads of the same file left there.
   *
   * @param expectedSha256 lower-case hex SHA-256 the content must have; {@code null} accepts any
   *     content and logs a warning that it was not verified
   * @param expectedSize the size in bytes the content must have, or -1 when unknown
   * @return the downloaded file
   * @throws IOException if the server cannot be reached or answers other than 200, the size
   *     declared or sent is not the expected one, the transfer is cut off or passes the deadline,
   *     or the checksum differs; nothing is then left at the target path
   */
  public Path download(URI url, String fileName, String expectedSha256, long expectedSize)
      throws IOException {
    long start = nanoClock.getAsLong();
    Files.createDirectories(targetDir);
    removeLeftovers(fileName);
    Path tmp = Files.createTempFile(targetDir, partPrefix(fileName), PART_SUFFIX);
    RUNNING.add(tmp.toAbsolutePath().normalize());
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      String actual = fetch(url, fileName, expectedSize, start, channel);
      if (expectedSha256 == null) {
        LOG.warning(url + ": no SHA-256 known, download NOT verified (SHA-256 " + actual + ")");
      } else if (!expectedSha256.equalsIgnoreCase(actual)) {
        throw new IOException(url + ": expected SHA-256 " + expectedSha256 + ", found " + actual
            + " (download discarded)");
      }
      Path target = targetDir.resolve(fileName);
      AtomicFiles.moveAtomically(tmp, target);
      return target;
    } finally {
      Files.deleteIfExists(tmp);
      RUNNING.remove(tmp.toAbsolutePath().normalize());
    }
  }

  /** Fetches {@code url} into {@code channel}; returns the SHA-256 of what was read. */
  private String fetch(URI url, String fileName, long expectedSize, long start,
      FileChannel channel) throws IOException {
    HttpURLConnection connection = connect(url);
    try {
      int status = connection.getResponseCode();
      if (status != 200) {
        throw new IOException(url + ": expected HTTP status 200, found " + status
            + (manualHint.isEmpty() ? "" : "\n" + manualHint));
      }
      Transfer t = new Transfer(url, start, expectedSize, connection.getContentLengthLong());
      if (t.expected() >= 0 && t.declared() >= 0 && t.declared() != t.expected()) {
        throw new IOException(url + ": expected " + t.expected() + " bytes, found Content-Length "
            + t.declared() + " (download refused)");
      }
      checkDeadline(t, 0);
      try (InputStream body = connection.getInputStream()) {
        return copy(t, fileName, body, channel);
      }
    } finally {
      connection.disconnect();
    }
  }

  /** Opens the connection and waits for the response headers; unreachable servers get the hint. */
  private HttpURLConnection connect(URI url) throws IOException {
    try {
      URLConnection c = url.toURL().openConnection();
      if (!(c instanceof HttpURLConnection)) {
        throw new IOException(url + ": expected an http or https URL, found " + url.getScheme());
      }
      HttpURLConnection http = (HttpURLConnection) c;
      http.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      http.setReadTimeout((int) readTimeout.toMillis());
      http.setInstanceFollowRedirects(true);
      http.setRequestProperty("Accept-Encoding", "identity");
      http.connect();
      http.getResponseCode();
      return http;
    } catch (IOException e) {
      throw new IOException("cannot download " + url + ": " + e
          + (manualHint.isEmpty() ? "" : "\n" + manualHint), e);
    }
  }

  /**
   * Copies the body to {@code channel}, forcing it to disk, stopping at the first byte beyond the
   * expected size or past the deadline; returns the SHA-256 of what was read.
   */
  private String copy(Transfer t, String fileName, InputStream body, FileChannel channel)
      throws IOException {
    MessageDigest sha = sha256();
    long count = 0;
    try (ProgressBar bar = progressBar(fileName, t.expected() >= 0 ? t.expected() : t.declared())) {
      byte[] buf = new byte[1 << 16];
      for (int n = read(t, body, buf, count); n >= 0; n = read(t, body, buf, count)) {
        if (t.expected() >= 0 && count + n > t.expected()) {
          throw new IOException(t.url() + ": expected " + t.expected() + " bytes, found more "
              + "(transfer stopped after " + (count + n) + " bytes)");
        }
        ByteBuffer chunk = ByteBuffer.wrap(buf, 0, n);
        while (chunk.hasRemaining()) {
          channel.write(chunk);
        }
        sha.update(buf, 0, n);
        count += n;
        if (bar != null) {
          bar.stepTo(count);
        }
        checkDeadline(t, count);
      }
      channel.force(true);
    }
    long promised = t.declared() >= 0 ? t.declared() : t.expected();
    if (promised >= 0 && count != promised) {
      throw new IOException(t.url() + ": expected " + promised + " bytes" + (t.declared() >= 0
          ? " (Content-Length)" : "") + ", found " + count + " (transfer cut off)");
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static int read(Transfer t, InputStream body, byte[] buf, long count)
      throws IOException {
    try {
      return body.read(buf);
    } catch (IOException e) {
      throw new IOException(t.url() + ": transfer cut off after " + count + " bytes"
          + (t.declared() >= 0 ? " of " + t.declared() : "") + " (" + e.getMessage() + ")", e);
    }
  }

  private void checkDeadline(Transfer t, long count) throws IOException {
    long elapsed = nanoClock.getAsLong() - t.start();
    if (elapsed > deadline.toNanos()) {
      throw new IOException(t.url() + ": expected the download to finish within "
          + deadline.toSeconds() + " s, found " + count + " bytes after "
          + Duration.ofNanos(elapsed).toSeconds() + " s (download abandoned)");
    }
  }

  /**
   * Deletes the temporary files of earlier downloads of {@code fileName} that no process runs any
   * more: a running download holds a lock on its file, so one that can be locked is stale.
   */
  private void removeLeftovers(String fileName) throws IOException {
    String prefix = partPrefix(fileName);
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(targetDir,
        p -> isPartOf(p, prefix))) {
      for (Path part : parts) {
        if (isStale(part)) {
          Files.deleteIfExists(part);
          LOG.info("deleted " + part + ", left by an interrupted download");
        }
      }
    }
  }

  private static String partPrefix(String fileName) {
    return "." + fileName + ".";
  }

  /** True for a regular file named {@code prefix}, digits, {@link #PART_SUFFIX}. */
  private static boolean isPartOf(Path p, String prefix) {
    String name = p.getFileName().toString();
    int end = name.length() - PART_SUFFIX.length();
    return end > prefix.length() && name.startsWith(prefix) && name.endsWith(PART_SUFFIX)
        && name.substring(prefix.length(), end).chars().allMatch(c -> c >= '0' && c <= '9')
        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
  }

  private static boolean isStale(Path part) {
    if (RUNNING.contains(part.toAbsolutePath().normalize())) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      return lock != null;
    } catch (OverlappingFileLockException e) {
      return false; // another channel of this process holds its lock
    } catch (IOException e) {
      LOG.warning("left " + part + " in place: cannot tell whether a download still writes it ("
          + e.getMessage() + ")");
      return false;
    }
  }

  private ProgressBar progressBar(String fileName, long declared) {
    if (!progress) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName(fileName)
        .setInitialMax(declared)
        .setUnit(" MB", 1 << 20)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
  }

  /** The SHA-256 of a file, lower-case hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest sha = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) >= 0) {
        sha.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
