package org.spikebridge.data;

import java.net.URI;
import java.util.Objects;

/**
 * A file to download: where from, under what name, and its SHA-256 (lower-case hex) and size.
 *
 * @param fileName the name it is saved under
 * @param url where it is downloaded from
 * @param sha256 the expected SHA-256, or {@code null} when unknown (then the download is only
 *     logged as unverified)
 * @param size the expected size in bytes, or -1 when unknown
 */
public record RemoteFile(String fileName, URI url, String sha256, long size) {

  /** Checks the name, URL and checksum format. */
  public RemoteFile {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(url, "url");
    if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(fileName + ": expected a SHA-256 of 64 lower-case hex "
          + "digits, found '" + sha256 + "'");
    }
  }

  static RemoteFile at(String baseUrl, String fileName, String sha256, long size) {
    return new RemoteFile(fileName, URI.create(baseUrl + fileName), sha256, size);
  }
}
