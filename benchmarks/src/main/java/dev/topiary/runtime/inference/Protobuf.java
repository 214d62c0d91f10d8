package dev.topiary.runtime.inference;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few protocol buffer encodings an ONNX file needs (wire types varint, 32-bit, length-delimited),
 * written by hand so that the benchmarks need no protobuf library: one message under construction.
 */
final class Protobuf {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** A varint field (int32, int64, enum). */
  Protobuf varint(int field, long value) {
    tag(field, 0);
    raw(value);
    return this;
  }

  /** A 32-bit float field. */
  Protobuf fixed32(int field, float value) {
    tag(field, 5);
    int bits = Float.floatToRawIntBits(value);
    for (int i = 0; i < 4; i++) {
      out.write(bits >>> (8 * i));
    }
    return this;
  }

  /** A string field, UTF-8. */
  Protobuf string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A nested message field. */
  Protobuf message(int field, Protobuf message) {
    return bytes(field, message.toByteArray());
  }

  /** A bytes field. */
  Protobuf bytes(int field, byte[] value) {
    tag(field, 2);
    raw(value.length);
    out.write(value, 0, value.length);
    return this;
  }

  /** {@code values} as little-endian floats: ONNX's {@code raw_data}. */
  static byte[] littleEndian(float[] values) {
    byte[] b = new byte[4 * values.length];
    for (int i = 0; i < values.length; i++) {
      int bits = Float.floatToRawIntBits(values[i]);
      b[4 * i] = (byte) bits;
      b[4 * i + 1] = (byte) (bits >>> 8);
      b[4 * i + 2] = (byte) (bits >>> 16);
      b[4 * i + 3] = (byte) (bits >>> 24);
    }
    return b;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void tag(int field, int wireType) {
    raw(((long) field << 3) | wireType);
  }

  private void raw(long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
