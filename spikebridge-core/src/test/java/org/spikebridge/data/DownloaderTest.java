package org.spikebridge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Downloads only from a server on 127.0.0.1 started by the test. */
class DownloaderTest {

  @TempDir Path dir;
  HttpServer server;
  byte[] payload;

  @BeforeEach
  void start() throws IOException {
    payload = new byte[300_000];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 131 + (i >> 8));
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/good.bin", ex -> {
      ex.sendResponseHeaders(200, payload.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(payload);
      }
    });
    server.createContext("/missing.bin", ex -> {
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private Path target() {
    return dir.resolve("datasets").resolve("x");
  }

  private long filesLeft() throws IOException {
    if (!Files.exists(target())) {
      return 0;
    }
    try (Stream<Path> s = Files.list(target())) {
      return s.count();
    }
  }

  @Test
  void goodFileArrivesWithItsContent() throws Exception {
    Downloader d = new Downloader(target(), "", false);
    Path got = d.download(url("/good.bin"), "good.bin", sha256(payload), payload.length);
    assertThat(got).isEqualTo(target().resolve("good.bin"));
    assertThat(Files.readAllBytes(got)).isEqualTo(payload);
    assertThat(filesLeft()).isEqualTo(1);
    assertThat(Downloader.sha256(got)).isEqualTo(sha256(payload));
  }

  @Test
  void unknownChecksumIsAcceptedUnverified() throws Exception {
    Path got = new Downloader(target(), "", false).download(url("/good.bin"), "g.bin", null, -1);
    assertThat(Files.readAllBytes(got)).isEqualTo(payload);
  }

  @Test
  void wrongChecksumLeavesNothing() throws Exception {
    String wrong = "0".repeat(64);
    Downloader d = new Downloader(target(), "", false);
    assertThatThrownBy(() -> d.download(url("/good.bin"), "good.bin", wrong, -1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(url("/good.bin").toString())
        .hasMessageContaining("expected SHA-256 " + wrong)
        .hasMessageContaining("found " + sha256(payload));
    assertThat(filesLeft()).isZero();
  }

  /**
   * A raw server on 127.0.0.1 that declares the whole payload in Content-Length, sends 1000 bytes
   * and closes the connection.
   */
  @Test
  void cutOffTransferLeavesNothing() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread serving = new Thread(() -> {
        try (java.net.Socket s = socket.accept()) {
          java.io.InputStream in = s.getInputStream();
          byte[] request = new byte[4096];
          in.read(request); // the GET request; its content does not matter
          OutputStream out = s.getOutputStream();
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + payload.length
              + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          out.write(payload, 0, 1000);
          out.flush();
        } catch (IOException ignored) {
          // the test fails on the client side if serving fails
        }
      });
      serving.start();
      URI cut = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/cut.bin");
      Downloader d = new Downloader(target(), "", false, Duration.ofSeconds(5),
          Downloader.DEFAULT_DEADLINE, System::nanoTime);
      assertThatThrownBy(() -> d.download(cut, "cut.bin", sha256(payload), payload.length))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(cut.toString())
          .hasMessageContaining("cut off");
      serving.join(5000);
    }
    assertThat(filesLeft()).isZero();
  }

  /** A server that declares more bytes than it sends and then stalls: the read timeout ends it. */
  @Test
  void stalledTransferTimesOutAndLeavesNothing() throws Exception {
    server.createContext("/stall.bin", ex -> {
      ex.sendResponseHeaders(200, payload.length);
      OutputStream out = ex.getResponseBody();
      out.write(payload, 0, 1000);
      out.flush();
      try {
        Thread.sleep(3000);
        out.close();
      } catch (InterruptedException | IOException ignored) {
        // the connection ends either way
      }
    });
    Downloader d = new Downloader(target(), "", false, Duration.ofMillis(500),
        Downloader.DEFAULT_DEADLINE, System::nanoTime);
    assertThatThrownBy(() -> d.download(url("/stall.bin"), "stall.bin", null, -1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cut off");
    assertThat(filesLeft()).isZero();
  }

  /** The server declares 300000 bytes where 1000 are expected: refused before the body is read. */
  @Test
  void contentLengthAboveTheExpectedSizeIsRefused() throws Exception {
    Downloader d = new Downloader(target(), "", false);
    RemoteFile file = new RemoteFile("good.bin", url("/good.bin"), sha256(payload), 1000);
    assertThatThrownBy(() -> d.download(file))
        .isInstanceOf(IOException.class)
        .hasMessage(url("/good.bin") + ": expected 1000 bytes, found Content-Length 300000 "
            + "(download refused)");
    assertThat(filesLeft()).isZero();
  }

  /** Without a Content-Length (chunked), reading stops at the first chunk beyond 1000 bytes. */
  @Test
  void bodyLongerThanTheExpectedSizeStopsTheTransfer() throws Exception {
    server.createContext("/chunked.bin", ex -> {
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(payload);
      } catch (IOException ignored) {
        // the client hung up, as it should
      }
    });
    Downloader d = new Downloader(target(), "", false);
    RemoteFile file = new RemoteFile("c.bin", url("/chunked.bin"), sha256(payload), 1000);
    assertThatThrownBy(() -> d.download(file))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(url("/chunked.bin") + ": expected 1000 bytes, found more "
            + "(transfer stopped after ");
    assertThat(filesLeft()).isZero();
  }

  /**
   * The server sends the headers, then the clock jumps past the 30 s deadline, then 1000 bytes
   * arrive and the server stalls with the rest: the download is abandoned at once, not after the
   * 20 s read timeout.
   */
  @Test
  @Timeout(15)
  void aDownloadPastItsDeadlineIsAbandoned() throws Exception {
    AtomicLong nanos = new AtomicLong();
    CountDownLatch release = new CountDownLatch(1);
    server.createContext("/slow.bin", ex -> {
      ex.sendResponseHeaders(200, payload.length);
      nanos.set(Duration.ofSeconds(31).toNanos());
      OutputStream out = ex.getResponseBody();
      out.write(payload, 0, 1000);
      out.flush();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
      ex.close();
    });
    Downloader d = new Downloader(target(), "", false, Duration.ofSeconds(20),
        Duration.ofSeconds(30), nanos::get);
    try {
      assertThatThrownBy(() -> d.download(url("/slow.bin"), "slow.bin", null, payload.length))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(url("/slow.bin") + ": expected the download to finish within "
              + "30 s, found ")
          .hasMessageEndingWith(" bytes after 31 s (download abandoned)");
    } finally {
      release.countDown();
    }
    assertThat(filesLeft()).isZero();
  }

  /** A temporary file left by a download killed with -9 goes; other files stay. */
  @Test
  void leftoverOfAnInterruptedDownloadIsDeleted() throws Exception {
    Files.createDirectories(target());
    Path leftover = Files.write(target().resolve(".good.bin.4242.part"), new byte[123]);
    Path otherFiles = Files.write(target().resolve(".other.bin.17.part"), new byte[1]);
    Path notes = Files.write(target().resolve(".good.bin.notes.part"), new byte[1]);
    new Downloader(target(), "", false).download(
        new RemoteFile("good.bin", url("/good.bin"), sha256(payload), payload.length));
    assertThat(leftover).doesNotExist();
    assertThat(otherFiles).exists();
    assertThat(notes).exists();
    assertThat(Files.readAllBytes(target().resolve("good.bin"))).isEqualTo(payload);
  }

  /** A temporary file whose download still runs (it holds the lock) is not touched. */
  @Test
  void temporaryFileOfARunningDownloadIsKept() throws Exception {
    Files.createDirectories(target());
    Path running = Files.write(target().resolve(".good.bin.77.part"), new byte[5]);
    try (FileChannel channel = FileChannel.open(running, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      new Downloader(target(), "", false).download(url("/good.bin"), "good.bin", null, -1);
      assertThat(running).exists();
      assertThat(lock.isValid()).isTrue();
    }
  }

  @Test
  void httpErrorLeavesNothing() throws Exception {
    Downloader d = new Downloader(target(), "", false);
    assertThatThrownBy(() -> d.download(url("/missing.bin"), "m.bin", null, -1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("expected HTTP status 200, found 404");
    assertThat(filesLeft()).isZero();
  }

  @Test
  void connectionRefusedSaysWhereToPutFiles() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String hint = new DatasetLocator(null, java.util.Map.of(), dir.resolve("home"), dir.resolve("sys"))
        .notFoundMessage(KnownDataset.FASHION_MNIST);
    Downloader d = new Downloader(target(), hint, false);
    URI unreachable = URI.create("http://127.0.0.1:" + port + "/a.gz");
    assertThatThrownBy(() -> d.download(unreachable, "a.gz", null, -1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot download http://127.0.0.1:" + port + "/a.gz")
        .hasMessageContaining("train-images-idx3-ubyte.gz")
        .hasMessageContaining(dir.resolve("home").toString())
        .hasMessageContaining("apt-get install dataset-fashion-mnist");
    assertThat(filesLeft()).isZero();
  }
}
