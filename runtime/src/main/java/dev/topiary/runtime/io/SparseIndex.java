package dev.topiary.runtime.io;

/**
 * The reading side of a sparse tensor's index (see {@link TensorEncoding} for the two kinds):
 * checks that an index is well formed before anything is loaded, then expands stored values to
 * their positions.
 */
final class SparseIndex {
  private SparseIndex() {}

  /**
   * Returns null if the index at {@code bytes[offset..offset+indexBytes)} marks exactly
   * {@code count} distinct positions below {@code length}, else what is wrong with it.
   */
  static String check(byte[] bytes, int offset, int kind, int indexBytes, int length, int count) {
    if (kind == TensorEncoding.BITMAP) {
      long expected = (length + 7L) / 8;
      if (indexBytes != expected) {
        return "a bitmap of " + indexBytes + " bytes, expected " + expected;
      }
      int marked = 0;
      for (int i = 0; i < indexBytes; i++) {
        marked += Integer.bitCount(bytes[offset + i] & 0xFF);
      }
      int tailBits = length & 7;
      if (tailBits != 0 && (bytes[offset + indexBytes - 1] & 0xFF) >>> tailBits != 0) {
        return "bits set past the last of its " + length + " values";
      }
      return marked == count ? null : "a bitmap marking " + marked + " values, expected " + count;
    }
    int at = offset;
    int end = offset + indexBytes;
    long position = -1;
    for (int v = 0; v < count; v++) {
      long gap = 0;
      for (int shift = 0; ; shift += 7) {
        if (at == end) {
          return "gaps ending after " + v + " of " + count + " positions";
        }
        int b = bytes[at++];
        if (shift == 28 && (b & 0xF8) != 0) {
          return "a gap longer than 31 bits at position " + v;
        }
        gap |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
      }
      position += gap + 1;
      if (position >= length) {
        return "stored position " + position + ", past its " + length + " values";
      }
    }
    return at == end ? null : (end - at) + " index bytes after its last position";
  }

  /**
   * Writes {@code dst}: the {@code count} stored values (big-endian from {@code valuesOffset}) at
   * the positions of a checked index, {@code +0.0} everywhere else.
   */
  static void decode(byte[] bytes, int offset, int kind, int count, int valuesOffset,
      float[] dst) {
    java.util.Arrays.fill(dst, 0f);
    int value = valuesOffset;
    if (kind == TensorEncoding.BITMAP) {
      for (int i = 0; i < dst.length; i += 8) {
        int b = bytes[offset + (i >>> 3)] & 0xFF;
        while (b != 0) {
          int j = Integer.numberOfTrailingZeros(b);
          b &= b - 1;
          dst[i + j] = floatAt(bytes, value);
          value += 4;
        }
      }
      return;
    }
    int at = offset;
    int position = -1;
    for (int v = 0; v < count; v++) {
      int gap = 0;
      for (int shift = 0; ; shift += 7) {
        int b = bytes[at++];
        gap |= (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
      }
      position += gap + 1;
      dst[position] = floatAt(bytes, value);
      value += 4;
    }
  }

  /** The big-endian float at {@code bytes[b..b+4)}. */
  static float floatAt(byte[] bytes, int b) {
    int bits = (bytes[b] & 0xFF) << 24 | (bytes[b + 1] & 0xFF) << 16
        | (bytes[b + 2] & 0xFF) << 8 | (bytes[b + 3] & 0xFF);
    return Float.intBitsToFloat(bits);
  }
}
