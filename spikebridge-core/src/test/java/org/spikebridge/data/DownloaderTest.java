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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
    Path got = d.download(url("/good.bin"), "good.bin", sha256(payload));
    assertThat(got).isEqualTo(target().resolve("good.bin"));
    assertThat(Files.readAllBytes(got)).isEqualTo(payload);
    assertThat(filesLeft()).isEqualTo(1);
    assertThat(Downloader.sha256(got)).isEqualTo(sha256(payload));
  }

  @Test
  void unknownChecksumIsAcceptedUnverified() throws Exception {
    Path got = new Downloader(target(), "", false).download(url("/good.bin"), "g.bin", null);
    assertThat(Files.readAllBytes(got)).isEqualTo(payload);
  }

  @Test
  void wrongChecksumLeavesNothing() throws Exception {
    String wrong = "0".repeat(64);
    Downloader d = new Downloader(target(), "", false);
    assertThatThrownBy(() -> d.download(url("/good.bin"), "good.bin", wrong))
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
      Downloader d = new Downloader(target(), "", false, java.time.Duration.ofSeconds(5));
      assertThatThrownBy(() -> d.download(cut, "cut.bin", sha256(payload)))
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
    Downloader d = new Downloader(target(), "", false, java.time.Duration.ofMillis(500));
    assertThatThrownBy(() -> d.download(url("/stall.bin"), "stall.bin", null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cut off");
    assertThat(filesLeft()).isZero();
  }

  @Test
  void httpErrorLeavesNothing() throws Exception {
    Downloader d = new Downloader(target(), "", false);
    assertThatThrownBy(() -> d.download(url("/missing.bin"), "m.bin", null))
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
    assertThatThrownBy(() -> d.download(URI.create("http://127.0.0.1:" + port + "/a.gz"), "a.gz", null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot download http://127.0.0.1:" + port + "/a.gz")
        .hasMessageContaining("train-images-idx3-ubyte.gz")
        .hasMessageContaining(dir.resolve("home").toString())
        .hasMessageContaining("apt-get install dataset-fashion-mnist");
    assertThat(filesLeft()).isZero();
  }
}
