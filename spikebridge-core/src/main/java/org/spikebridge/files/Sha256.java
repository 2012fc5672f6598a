package org.spikebridge.files;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 digests, of weights files and of networks in memory. */
public final class Sha256 {
  private Sha256() {}

  /** A new SHA-256 digest (every Java platform must provide one). */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
