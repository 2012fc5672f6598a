package org.spikebridge.data;

import java.nio.file.Path;
import org.spikebridge.files.JavaArrays;

/**
 * The most bytes a dataset file may hold once decompressed, and where that number comes from (for
 * messages), e.g. 47040016 bytes, "the size of fashion-mnist's train-images-idx3-ubyte". A reader
 * stops with a {@link DatasetFormatException} as soon as a file yields more.
 *
 * @param bytes the largest allowed size in bytes
 * @param source where the number comes from, as a phrase
 */
record SizeLimit(long bytes, String source) {

  /** No limit known: for a file that is streamed, not held in memory. */
  static SizeLimit none() {
    return new SizeLimit(Long.MAX_VALUE, "no size known");
  }

  /** For a file of unknown size that is held in memory: a header and the largest array. */
  static SizeLimit largestArray(int headerBytes) {
    return new SizeLimit(headerBytes + JavaArrays.MAX_LENGTH, "the largest array"
        + (headerBytes > 0 ? " and a " + headerBytes + "-byte header" : ""));
  }

  /** Fails naming {@code file} when its {@code size} is above this limit. */
  void check(Path file, long size) throws DatasetFormatException {
    if (size > bytes) {
      throw new DatasetFormatException(file, "at most " + this, size + " bytes");
    }
  }

  /** E.g. {@code "47040016 bytes (the size of fashion-mnist's train-images-idx3-ubyte)"}. */
  @Override
  public String toString() {
    return bytes + " bytes (" + source + ")";
  }
}
