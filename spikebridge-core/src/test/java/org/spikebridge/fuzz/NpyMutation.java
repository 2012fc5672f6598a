package org.spikebridge.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Header-aware mutations of a NumPy {@code .npy} file: in the header dict, a dimension replaced by
 * a boundary value, a dimension added or removed, another dtype, the other fortran_order, a
 * character inserted or deleted; then the header length set to the new header's. A file whose
 * header cannot be found gets byte mutations.
 */
final class NpyMutation implements Mutation {
  private static final String[] DIMENSIONS = {"0", "-1", "1", "2147483647", "2147483648",
      "4294967296", "99999999999999999999", "1L", "0x10"};
  private static final String[] DTYPES = {"<f4", ">f4", "<f8", ">f8", "|u1", "|i1", "<i4", ">i4",
      "<i8", ">i8", "|b1", "<f2", "|O", "<U3", ">i2", "|V8", "", "<f4'", "f4"};
  private static final String[] CHARACTERS = {"(", ")", ",", ":", "'", "{", "}", " ", "\n", "-",
      "\\", "\""};
  private static final Pattern DIMENSION = Pattern.compile("-?\\d+");

  @Override
  public byte[] apply(byte[] bytes, Mutator mutator) {
    SplittableRandom random = mutator.random();
    int major = bytes.length >= 10 ? bytes[6] : 0;
    int lengthBytes = major == 1 ? 2 : 4;
    if (major < 1 || major > 3 || bytes.length < 8 + lengthBytes || random.nextBoolean()) {
      return mutator.bytes(bytes);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 8, lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
    long length = lengthBytes == 2 ? b.getShort() & 0xffff : b.getInt() & 0xffffffffL;
    int start = 8 + lengthBytes;
    if (start + length > bytes.length) {
      return mutator.bytes(bytes);
    }
    String header = new String(bytes, start, (int) length, StandardCharsets.ISO_8859_1);
    byte[] mutated = mutateHeader(header, random).getBytes(StandardCharsets.ISO_8859_1);
    if (lengthBytes == 2 && mutated.length > 0xffff) {
      return mutator.bytes(bytes);
    }
    ByteBuffer out = ByteBuffer.allocate(bytes.length - (int) length + mutated.length)
        .order(ByteOrder.LITTLE_ENDIAN).put(bytes, 0, 8);
    if (lengthBytes == 2) {
      out.putShort((short) mutated.length);
    } else {
      out.putInt(mutated.length);
    }
    return out.put(mutated).put(Arrays.copyOfRange(bytes, start + (int) length, bytes.length))
        .array();
  }

  private static String mutateHeader(String header, SplittableRandom random) {
    int shape = header.indexOf('(');
    return switch (random.nextInt(6)) {
      case 0, 1 -> replaceDimension(header, shape, random);
      case 2 -> header.replaceFirst("'descr': '[^']*'",
          "'descr': '" + DTYPES[random.nextInt(DTYPES.length)] + "'");
      case 3 -> header.contains("False") ? header.replace("False", "True")
          : header.replace("True", "False");
      case 4 -> shape < 0 ? header : header.substring(0, shape + 1)
          + (random.nextBoolean() ? "1, " : "") + header.substring(shape + 1).replaceFirst("\\d+, ?", "");
      default -> {
        int at = random.nextInt(header.length() + 1);
        yield random.nextBoolean() || at == header.length()
            ? header.substring(0, at) + CHARACTERS[random.nextInt(CHARACTERS.length)]
                + header.substring(at)
            : header.substring(0, at) + header.substring(at + 1);
      }
    };
  }

  private static String replaceDimension(String header, int shape, SplittableRandom random) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = DIMENSION.matcher(header);
    while (shape >= 0 && m.find()) {
      if (m.start() > shape) {
        spans.add(new int[] {m.start(), m.end()});
      }
    }
    if (spans.isEmpty()) {
      return header;
    }
    int[] span = spans.get(random.nextInt(spans.size()));
    return header.substring(0, span[0]) + DIMENSIONS[random.nextInt(DIMENSIONS.length)]
        + header.substring(span[1]);
  }
}
