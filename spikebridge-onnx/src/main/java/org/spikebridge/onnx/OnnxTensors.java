package org.spikebridge.onnx;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the values of an ONNX {@code TensorProto}: its typed fields or its little-endian
 * {@code raw_data}, or the bytes it names in an external file beside the model. Float types are
 * read exactly (float16 and bfloat16 widen without loss); a double that a float cannot hold, or a
 * type without numbers, is refused naming the tensor.
 */
final class OnnxTensors {
  private OnnxTensors() {}

  /**
   * The values of {@code tensor}.
   *
   * @param modelDir the folder of the model file, where external data is looked for; null when
   *     the tensor cannot have any (a test case's input file)
   */
  static Constant read(TensorProto tensor, Path modelDir) {
    int[] dims = new int[tensor.getDimsCount()];
    long size = 1;
    for (int i = 0; i < dims.length; i++) {
      long d = tensor.getDims(i);
      if (d < 0 || d > Integer.MAX_VALUE) {
        throw error(tensor, "dimension " + i + " is " + d);
      }
      dims[i] = (int) d;
      size *= d;
      if (size > Integer.MAX_VALUE - 8) {
        throw error(tensor, "more than 2^31 elements");
      }
    }
    ByteString raw = tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL
        ? external(tensor, modelDir) : tensor.getRawData();
    double[] values = raw.isEmpty() ? typed(tensor, (int) size) : raw(tensor, raw, (int) size);
    return new Constant(dims, values);
  }

  private static double[] typed(TensorProto t, int size) {
    TensorProto.DataType type = TensorProto.DataType.forNumber(t.getDataType());
    List<? extends Number> list = switch (type == null ? TensorProto.DataType.UNDEFINED : type) {
      case FLOAT -> t.getFloatDataList();
      case DOUBLE -> t.getDoubleDataList();
      case INT64 -> t.getInt64DataList();
      case INT32, INT16, INT8, UINT16, UINT8, BOOL, FLOAT16, BFLOAT16 -> t.getInt32DataList();
      default -> throw error(t, "data type " + t.getDataType() + " (" + type + ") holds no numbers "
          + "SpikeBridge reads; expected float, float16, bfloat16, double or an integer type");
    };
    if (list.size() != size) {
      throw error(t, "expected " + size + " values for its dimensions, found " + list.size());
    }
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = widen(t, type, list.get(i).longValue(), list.get(i).doubleValue());
    }
    return out;
  }

  private static double[] raw(TensorProto t, ByteString raw, int size) {
    TensorProto.DataType type = TensorProto.DataType.forNumber(t.getDataType());
    int width = switch (type == null ? TensorProto.DataType.UNDEFINED : type) {
      case DOUBLE, INT64 -> 8;
      case FLOAT, INT32 -> 4;
      case FLOAT16, BFLOAT16, INT16, UINT16 -> 2;
      case INT8, UINT8, BOOL -> 1;
      default -> throw error(t, "data type " + t.getDataType() + " (" + type + ") holds no numbers "
          + "SpikeBridge reads; expected float, float16, bfloat16, double or an integer type");
    };
    if (raw.size() != (long) size * width) {
      throw error(t, "expected " + ((long) size * width) + " bytes of raw data for its dimensions, "
          + "found " + raw.size());
    }
    ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = switch (type) {
        case DOUBLE -> widen(t, type, 0, b.getDouble());
        case FLOAT -> b.getFloat();
        case INT64 -> b.getLong();
        case INT32 -> b.getInt();
        case INT16 -> b.getShort();
        case UINT16, FLOAT16, BFLOAT16 -> widen(t, type, b.getShort() & 0xFFFF, 0);
        case INT8 -> b.get();
        default -> b.get() & 0xFF;
      };
    }
    return out;
  }

  /** A typed-field or raw element as a double: half floats widened, doubles checked exact. */
  private static double widen(TensorProto t, TensorProto.DataType type, long bits, double value) {
    return switch (type) {
      case FLOAT16 -> halfToFloat((int) bits);
      case BFLOAT16 -> Float.intBitsToFloat((int) bits << 16);
      case DOUBLE -> {
        if ((float) value != value && Double.isFinite(value)) {
          throw error(t, "double value " + value + " has no exact float32 value; SpikeBridge "
              + "networks hold float32 weights (export the model in float32)");
        }
        yield value;
      }
      case FLOAT -> value;
      default -> bits;
    };
  }

  /** IEEE 754 half precision to float; every half value has an exact float. */
  private static float halfToFloat(int h) {
    int sign = (h >>> 15) << 31;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    if (exp == 0) {
      float magnitude = mant * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  private static ByteString external(TensorProto t, Path modelDir) {
    String location = null;
    long offset = 0;
    long length = -1;
    for (StringStringEntryProto e : t.getExternalDataList()) {
      switch (e.getKey()) {
        case "location" -> location = e.getValue();
        case "offset" -> offset = parseLong(t, e);
        case "length" -> length = parseLong(t, e);
        default -> { }
      }
    }
    if (location == null || modelDir == null) {
      throw error(t, "external data without a location beside the model");
    }
    Path dir = modelDir.toAbsolutePath().normalize();
    Path file = dir.resolve(location).normalize();
    if (!file.startsWith(dir) || location.indexOf('\n') >= 0 || location.indexOf('\0') >= 0) {
      throw error(t, "external data location '" + location + "' is outside the model's folder "
          + dir);
    }
    if (!Files.isRegularFile(file)) {
      throw error(t, "its external data file " + file + " is missing (keep it beside the model)");
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long available = in.length() - offset;
      long n = length < 0 ? available : length;
      if (offset < 0 || n < 0 || n > available || n > Integer.MAX_VALUE - 8) {
        throw error(t, "external data file " + file + " holds " + in.length() + " bytes, not "
            + "offset " + offset + " + length " + n);
      }
      byte[] bytes = new byte[(int) n];
      in.seek(offset);
      in.readFully(bytes);
      return ByteString.copyFrom(bytes);
    } catch (IOException e) {
      throw new OnnxImportException("tensor '" + t.getName() + "': cannot read external data "
          + file + ": " + e.getMessage(), e);
    }
  }

  private static long parseLong(TensorProto t, StringStringEntryProto e) {
    try {
      return Long.parseLong(e.getValue());
    } catch (NumberFormatException x) {
      throw error(t, "external data " + e.getKey() + " '" + e.getValue() + "' is not a number");
    }
  }

  private static OnnxImportException error(TensorProto t, String what) {
    return new OnnxImportException("tensor '" + t.getName() + "': " + what);
  }
}
