package org.spikebridge.files;

/**
 * The bound every reader checks a file's claims against before it allocates: what a header says
 * it holds must fit one Java array.
 */
public final class JavaArrays {
  /**
   * The longest array the JVM reliably allocates: a few below {@link Integer#MAX_VALUE}, since
   * some JVMs keep header words in the array.
   */
  public static final long MAX_LENGTH = Integer.MAX_VALUE - 8;

  private JavaArrays() {}
}
