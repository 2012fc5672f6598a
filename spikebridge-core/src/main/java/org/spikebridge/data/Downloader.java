package org.spikebridge.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.logging.Logger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.spikebridge.files.AtomicFiles;

/**
 * Downloads dataset files into a folder, safely: the bytes go to a temporary file in that folder,
 * the transfer is checked to be complete (as many bytes as {@code Content-Length} promised) and the
 * SHA-256 to match, and only then is the file renamed into place with {@link
 * AtomicFiles#moveAtomically}. On any failure nothing is left behind: neither the target nor the
 * temporary file. A progress bar is shown on standard error.
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

  private final Path targetDir;
  private final String manualHint;
  private final boolean progress;
  private final Duration readTimeout;

  /**
   * A downloader into {@code targetDir}.
   *
   * @param targetDir the folder the files go to (created if missing)
   * @param manualHint appended to the message when the server cannot be reached; may be empty
   * @param progress whether to show a progress bar on standard error
   */
  public Downloader(Path targetDir, String manualHint, boolean progress) {
    this(targetDir, manualHint, progress, DEFAULT_READ_TIMEOUT);
  }

  /**
   * As {@link #Downloader(Path, String, boolean)}, with the longest wait for the next bytes of a
   * stalled transfer before it counts as cut off.
   */
  public Downloader(Path targetDir, String manualHint, boolean progress, Duration readTimeout) {
    this.targetDir = Objects.requireNonNull(targetDir, "targetDir");
    this.manualHint = manualHint == null ? "" : manualHint;
    this.progress = progress;
    this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
  }

  /** A downloader for {@code d} into the folder {@code locator} chooses, with a progress bar. */
  public static Downloader forDataset(KnownDataset d, DatasetLocator locator) {
    return new Downloader(locator.downloadDir(d), locator.notFoundMessage(d), true);
  }

  /** The folder files are downloaded into. */
  public Path targetDir() {
    return targetDir;
  }

  /** Downloads {@code file} (its URL, name and checksum) into the target folder. */
  public Path download(RemoteFile file) throws IOException {
    return download(file.url(), file.fileName(), file.sha256());
  }

  /**
   * Downloads {@code url} to {@code targetDir/fileName}.
   *
   * @param expectedSha256 lower-case hex SHA-256 the content must have; {@code null} accepts any
   *     content and logs a warning that it was not verified
   * @return the downloaded file
   * @throws IOException if the server cannot be reached, answers other than 200, the transfer is
   *     cut off, or the checksum differs; nothing is then left at the target path
   */
  public Path download(URI url, String fileName, String expectedSha256) throws IOException {
    Files.createDirectories(targetDir);
    Path target = targetDir.resolve(fileName);
    Path tmp = Files.createTempFile(targetDir, "." + fileName + ".", ".part");
    HttpURLConnection connection = null;
    try {
      connection = connect(url);
      int status = connection.getResponseCode();
      if (status != 200) {
        throw new IOException(url + ": expected HTTP status 200, found " + status
            + (manualHint.isEmpty() ? "" : "\n" + manualHint));
      }
      long declared = connection.getContentLengthLong();
      String actual;
      try (InputStream body = connection.getInputStream()) {
        actual = copy(url, fileName, body, tmp, declared);
      }
      if (expectedSha256 == null) {
        LOG.warning(url + ": no SHA-256 known, download NOT verified (SHA-256 " + actual + ")");
      } else if (!expectedSha256.equalsIgnoreCase(actual)) {
        throw new IOException(url + ": expected SHA-256 " + expectedSha256 + ", found " + actual
            + " (download discarded)");
      }
      AtomicFiles.moveAtomically(tmp, target);
      return target;
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
      Files.deleteIfExists(tmp);
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

  /** Copies the body to {@code tmp}, forcing it to disk; returns the SHA-256 of what was read. */
  private String copy(URI url, String fileName, InputStream body, Path tmp, long declared)
      throws IOException {
    MessageDigest sha = sha256();
    long count = 0;
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream out = Channels.newOutputStream(channel);
        ProgressBar bar = progressBar(fileName, declared)) {
      byte[] buf = new byte[1 << 16];
      int n;
      try {
        while ((n = body.read(buf)) >= 0) {
          out.write(buf, 0, n);
          sha.update(buf, 0, n);
          count += n;
          if (bar != null) {
            bar.stepTo(count);
          }
        }
      } catch (IOException e) {
        throw new IOException(url + ": transfer cut off after " + count + " bytes"
            + (declared >= 0 ? " of " + declared : "") + " (" + e.getMessage() + ")", e);
      }
      out.flush();
      channel.force(true);
    }
    if (declared >= 0 && count != declared) {
      throw new IOException(url + ": expected " + declared + " bytes (Content-Length), found "
          + count + " (transfer cut off)");
    }
    return HexFormat.of().formatHex(sha.digest());
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
