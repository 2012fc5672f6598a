package org.spikebridge.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The byte-level mutations of one fuzz case, drawn from the case's own random numbers: bit flips,
 * bytes and 4- or 8-byte words set to boundary values, inserted, deleted and duplicated ranges,
 * truncation, and splices with a donor (another seed's file of the same name).
 */
public final class Mutator {
  /** Bytes that sit on boundaries: zero, all ones, the signed extremes, one. */
  private static final int[] INTERESTING_BYTES = {0, 0xFF, 0x7F, 0x80, 0x01};
  /** Words that sit on boundaries of int and long arithmetic. */
  private static final long[] INTERESTING_WORDS = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE,
      0xFFFF_FFFFL, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 31, 65535, 65536};
  /** The longest result, so that inserts cannot make a case huge. */
  private static final int MAX_LENGTH = 4 << 20;

  private final SplittableRandom random;
  private final List<byte[]> donors;

  /**
   * The mutator of one case.
   *
   * @param random the case's random numbers
   * @param donors files a splice may take a tail from (never empty: at least the file itself)
   */
  public Mutator(SplittableRandom random, List<byte[]> donors) {
    this.random = random;
    this.donors = List.copyOf(donors);
  }

  /** The case's random numbers, for structure-aware mutations. */
  public SplittableRandom random() {
    return random;
  }

  /** {@code input} after one to eight byte-level mutations (fewer more likely). */
  public byte[] bytes(byte[] input) {
    byte[] b = input;
    int rounds = 1;
    while (rounds < 8 && random.nextInt(3) == 0) {
      rounds++;
    }
    for (int i = 0; i < rounds; i++) {
      b = once(b);
    }
    return b.length > MAX_LENGTH ? Arrays.copyOf(b, MAX_LENGTH) : b;
  }

  private byte[] once(byte[] b) {
    if (b.length == 0) {
      return insert(b, random.nextInt(1, 17));
    }
    return switch (random.nextInt(11)) {
      case 0 -> flipBit(b);
      case 1 -> setByte(b, INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]);
      case 2 -> setByte(b, random.nextInt(256));
      case 3 -> addToByte(b);
      case 4 -> setWord(b);
      case 5 -> insert(b, random.nextInt(1, 65));
      case 6 -> delete(b);
      case 7 -> duplicate(b);
      case 8 -> Arrays.copyOf(b, random.nextInt(b.length));
      case 9 -> splice(b);
      default -> copyWithin(b);
    };
  }

  private byte[] flipBit(byte[] b) {
    byte[] out = b.clone();
    int at = random.nextInt(out.length);
    out[at] ^= (byte) (1 << random.nextInt(8));
    return out;
  }

  private byte[] setByte(byte[] b, int value) {
    byte[] out = b.clone();
    out[random.nextInt(out.length)] = (byte) value;
    return out;
  }

  private byte[] addToByte(byte[] b) {
    byte[] out = b.clone();
    int at = random.nextInt(out.length);
    out[at] += (byte) random.nextInt(-16, 17);
    return out;
  }

  /** A boundary value as a 4- or 8-byte word, little- or big-endian, over existing bytes. */
  private byte[] setWord(byte[] b) {
    int width = random.nextBoolean() ? 4 : 8;
    if (b.length < width) {
      return setByte(b, INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]);
    }
    long value = INTERESTING_WORDS[random.nextInt(INTERESTING_WORDS.length)];
    ByteBuffer word = ByteBuffer.allocate(8)
        .order(random.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    byte[] bytes = width == 8 ? word.putLong(value).array()
        : Arrays.copyOf(word.putInt((int) value).array(), 4);
    byte[] out = b.clone();
    System.arraycopy(bytes, 0, out, random.nextInt(out.length - width + 1), width);
    return out;
  }

  private byte[] insert(byte[] b, int n) {
    byte[] fill = new byte[n];
    if (random.nextBoolean()) {
      random.nextBytes(fill);
    } else {
      Arrays.fill(fill, (byte) INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]);
    }
    return replace(b, random.nextInt(b.length + 1), 0, fill);
  }

  private byte[] delete(byte[] b) {
    int from = random.nextInt(b.length);
    int n = 1 + random.nextInt(Math.min(b.length - from, random.nextBoolean() ? 16 : b.length));
    return replace(b, from, n, new byte[0]);
  }

  private byte[] duplicate(byte[] b) {
    int from = random.nextInt(b.length);
    int n = 1 + random.nextInt(Math.min(b.length - from, 4096));
    byte[] copy = Arrays.copyOfRange(b, from, from + n);
    int copies = random.nextInt(8) == 0 ? random.nextInt(2, 64) : 1;
    byte[] out = b;
    for (int i = 0; i < copies && out.length + n <= MAX_LENGTH; i++) {
      out = replace(out, from, 0, copy);
    }
    return out;
  }

  /** The head of {@code b} followed by the tail of a donor. */
  private byte[] splice(byte[] b) {
    byte[] donor = donors.get(random.nextInt(donors.size()));
    int head = random.nextInt(b.length + 1);
    int tail = donor.length == 0 ? 0 : random.nextInt(donor.length + 1);
    byte[] out = Arrays.copyOf(b, head + donor.length - tail);
    System.arraycopy(donor, tail, out, head, donor.length - tail);
    return out;
  }

  private byte[] copyWithin(byte[] b) {
    int from = random.nextInt(b.length);
    int to = random.nextInt(b.length);
    int n = 1 + random.nextInt(Math.min(b.length - Math.max(from, to), 64));
    byte[] out = b.clone();
    System.arraycopy(b, from, out, to, n);
    return out;
  }

  /** {@code b} with {@code n} bytes at {@code at} replaced by {@code with}. */
  private static byte[] replace(byte[] b, int at, int n, byte[] with) {
    byte[] out = new byte[b.length - n + with.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(with, 0, out, at, with.length);
    System.arraycopy(b, at + n, out, at + with.length, b.length - at - n);
    return out;
  }
}
