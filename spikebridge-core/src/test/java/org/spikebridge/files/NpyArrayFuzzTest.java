package org.spikebridge.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.fuzz.FuzzCampaign;
import org.spikebridge.fuzz.Mutations;

/**
 * Mutated .npy files, read from the file and from a stream: refused with a FileFormatException
 * naming the file, or read as an array whose values match its shape.
 */
@Tag("fuzz")
class NpyArrayFuzzTest {
  private static final String FILE = "a.npy";

  @TempDir Path tmp;

  @Test
  void mutatedArraysAreRefusedOrReadWhole() throws IOException {
    FuzzCampaign.of(".npy", NpyArrayFuzzTest::readBothWays)
        .mutate(FILE, Mutations.npy())
        .allow(FileFormatException.class)
        .check((array, folder) -> check(array))
        .seed("uint8 2x3", Map.of(FILE, NpyArrayTest.npy("|u1", "(2, 3)",
            NpyArrayTest.bytes(0, 1, 2, 250, 254, 255))))
        .seed("float32 fortran", Map.of(FILE, NpyArrayTest.npy(1, "{'descr': '<f4', "
            + "'fortran_order': True, 'shape': (2, 2), }", floats(1.5f, -2f, 0.25f, 7f))))
        .seed("big-endian int64 v2", Map.of(FILE, NpyArrayTest.npy(2, "{'descr': '>i8', "
            + "'fortran_order': False, 'shape': (2,), }", NpyArrayTest.bytes(0, 0, 0, 0, 0, 0, 0, 7,
            -1, -1, -1, -1, -1, -1, -1, -2))))
        .seed("0-d float64 v3", Map.of(FILE, NpyArrayTest.npy(3, "{'descr': '<f8', "
            + "'fortran_order': False, 'shape': (), }", NpyArrayTest.bytes(0, 0, 0, 0, 0, 0, -8,
            63))))
        .seed("bool 3-d", Map.of(FILE, NpyArrayTest.npy("|b1", "(1, 2, 2)",
            NpyArrayTest.bytes(1, 0, 0, 1))))
        .run(tmp);
  }

  /** The array read from the file, after checking that reading it as a stream agrees. */
  private static NpyArray readBothWays(Path folder) throws IOException {
    Path file = folder.resolve(FILE);
    NpyArray array = NpyArray.read(file);
    try (InputStream in = Files.newInputStream(file)) {
      NpyArray streamed = NpyArray.read(in, file.toString());
      if (!Arrays.equals(streamed.shape(), array.shape())
          || !Arrays.equals(streamed.floats(), array.floats())) {
        throw new AssertionError("the stream reads " + streamed + ", the file " + array);
      }
    }
    return array;
  }

  /** As many values as the shape says, as floats and as ints (or a refusal naming an element). */
  private static void check(NpyArray array) {
    long size = Arrays.stream(array.shape()).asLongStream().reduce(1, (a, b) -> a * b);
    if (array.size() != size || array.floats().length != size) {
      throw new AssertionError(array + " holds " + array.size() + " values");
    }
    try {
      if (array.ints().length != size) {
        throw new AssertionError(array + " gives " + array.ints().length + " ints");
      }
    } catch (FileFormatException e) {
      if (!e.getMessage().contains("element")) {
        throw new AssertionError("ints() refused with " + e.getMessage(), e);
      }
    }
  }

  private static byte[] floats(float... values) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * values.length)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }
}
