package dev.topiary.runtime.io;

import dev.topiary.runtime.Parameter;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * How the writer stores one tensor: the smallest of the encodings of {@link ModelFile}, chosen
 * from the values. A value is <em>stored</em> by the sparse encodings unless it is {@code +0.0}
 * (raw bits 0), so that {@code -0.0} and NaN payloads survive and every round trip is bit-exact.
 */
final class TensorEncoding {
  /** Sparse index: one bit per value, least significant bit first, set where a value is stored. */
  static final int BITMAP = 0;
  /**
   * Sparse index: the gaps between stored positions as unsigned LEB128 varints, the first one the
   * position of the first stored value, each next one {@code position - previous - 1}.
   */
  static final int GAPS = 1;

  /**
   * {@link ModelFile#DENSE_FLOAT32}, {@link ModelFile#SPARSE_FLOAT32} or
   * {@link ModelFile#INDICATOR_OF}.
   */
  final int encoding;
  /** Sparse: the number of stored values. */
  final int count;
  /** Sparse: {@link #BITMAP} or {@link #GAPS}. */
  final int indexKind;
  /** Sparse: the bytes of the index. */
  final int indexBytes;
  /** Indicator: the tensor whose stored positions this tensor marks with 1. */
  final int source;

  private TensorEncoding(int encoding, int count, int indexKind, int indexBytes, int source) {
    this.encoding = encoding;
    this.count = count;
    this.indexKind = indexKind;
    this.indexBytes = indexBytes;
    this.source = source;
  }

  /**
   * The smallest encoding of each tensor: dense, sparse, or the indicator of another tensor (a
   * pruning mask is the indicator of its pruned kernel). A source must hold some value other than
   * 0 and 1, so that no indicator is ever the source of another. Ties go to the simpler encoding.
   */
  static TensorEncoding[] choose(Parameter[] params) {
    TensorEncoding[] out = new TensorEncoding[params.length];
    boolean[] source = new boolean[params.length];
    for (int t = 0; t < params.length; t++) {
      out[t] = denseOrSparse(params[t].value);
      source[t] = hasValueOtherThanZeroOrOne(params[t].value);
    }
    for (int t = 0; t < params.length; t++) {
      if (source[t] || out[t].payloadBytes(params[t]) <= 4) {
        continue;
      }
      for (int s = 0; s < params.length; s++) {
        if (source[s] && isIndicator(params[t].value, params[s].value)) {
          out[t] = new TensorEncoding(ModelFile.INDICATOR_OF, 0, 0, 0, s);
          break;
        }
      }
    }
    return out;
  }

  private static boolean hasValueOtherThanZeroOrOne(float[] v) {
    int one = Float.floatToRawIntBits(1f);
    for (float x : v) {
      int bits = Float.floatToRawIntBits(x);
      if (bits != 0 && bits != one) {
        return true;
      }
    }
    return false;
  }

  private static TensorEncoding denseOrSparse(float[] v) {
    int count = 0;
    long gapBytes = 0;
    int previous = -1;
    for (int i = 0; i < v.length; i++) {
      if (Float.floatToRawIntBits(v[i]) != 0) {
        count++;
        gapBytes += varintSize(i - previous - 1);
        previous = i;
      }
    }
    long bitmapBytes = (v.length + 7L) / 8;
    int kind = gapBytes < bitmapBytes ? GAPS : BITMAP;
    long index = Math.min(gapBytes, bitmapBytes);
    long sparse = 9 + index + 4L * count;
    if (sparse < 4L * v.length) {
      return new TensorEncoding(ModelFile.SPARSE_FLOAT32, count, kind, (int) index, -1);
    }
    return new TensorEncoding(ModelFile.DENSE_FLOAT32, 0, 0, 0, -1);
  }

  /** Whether {@code mask} is 1f exactly where {@code source} stores a value and +0f elsewhere. */
  private static boolean isIndicator(float[] mask, float[] source) {
    if (mask.length != source.length) {
      return false;
    }
    int one = Float.floatToRawIntBits(1f);
    for (int i = 0; i < mask.length; i++) {
      int expected = Float.floatToRawIntBits(source[i]) != 0 ? one : 0;
      if (Float.floatToRawIntBits(mask[i]) != expected) {
        return false;
      }
    }
    return true;
  }

  /** The bytes after the tensor's length field. */
  long payloadBytes(Parameter p) {
    switch (encoding) {
      case ModelFile.SPARSE_FLOAT32:
        return 9L + indexBytes + 4L * count;
      case ModelFile.INDICATOR_OF:
        return 4;
      default:
        return 4L * p.value.length;
    }
  }

  /** Writes the payload of {@code values} (what follows the length field). */
  void write(DataOutputStream out, float[] values, byte[] chunk) throws IOException {
    switch (encoding) {
      case ModelFile.SPARSE_FLOAT32:
        out.writeInt(count);
        out.writeByte(indexKind);
        out.writeInt(indexBytes);
        if (indexKind == BITMAP) {
          writeBitmap(out, values, chunk);
        } else {
          writeGaps(out, values, chunk);
        }
        writeStored(out, values, chunk);
        break;
      case ModelFile.INDICATOR_OF:
        out.writeInt(source);
        break;
      default:
        writeFloats(out, values, chunk);
    }
  }

  private static void writeBitmap(DataOutputStream out, float[] values, byte[] chunk)
      throws IOException {
    int n = 0;
    for (int i = 0; i < values.length; i += 8) {
      int b = 0;
      for (int j = 0; j < 8 && i + j < values.length; j++) {
        if (Float.floatToRawIntBits(values[i + j]) != 0) {
          b |= 1 << j;
        }
      }
      chunk[n++] = (byte) b;
      if (n == chunk.length) {
        out.write(chunk, 0, n);
        n = 0;
      }
    }
    out.write(chunk, 0, n);
  }

  private static void writeGaps(DataOutputStream out, float[] values, byte[] chunk)
      throws IOException {
    int n = 0;
    int previous = -1;
    for (int i = 0; i < values.length; i++) {
      if (Float.floatToRawIntBits(values[i]) != 0) {
        if (n > chunk.length - 5) {
          out.write(chunk, 0, n);
          n = 0;
        }
        for (int gap = i - previous - 1; ; gap >>>= 7) {
          if (gap < 0x80) {
            chunk[n++] = (byte) gap;
            break;
          }
          chunk[n++] = (byte) (gap & 0x7F | 0x80);
        }
        previous = i;
      }
    }
    out.write(chunk, 0, n);
  }

  private static void writeStored(DataOutputStream out, float[] values, byte[] chunk)
      throws IOException {
    int n = 0;
    for (float v : values) {
      int bits = Float.floatToRawIntBits(v);
      if (bits != 0) {
        n = put(chunk, n, bits);
        if (n == chunk.length) {
          out.write(chunk, 0, n);
          n = 0;
        }
      }
    }
    out.write(chunk, 0, n);
  }

  static void writeFloats(DataOutputStream out, float[] values, byte[] chunk) throws IOException {
    int n = 0;
    for (float v : values) {
      n = put(chunk, n, Float.floatToRawIntBits(v));
      if (n == chunk.length) {
        out.write(chunk, 0, n);
        n = 0;
      }
    }
    out.write(chunk, 0, n);
  }

  /** Puts {@code bits} big-endian at {@code chunk[n..n+4)}; returns {@code n + 4}. */
  private static int put(byte[] chunk, int n, int bits) {
    chunk[n] = (byte) (bits >>> 24);
    chunk[n + 1] = (byte) (bits >>> 16);
    chunk[n + 2] = (byte) (bits >>> 8);
    chunk[n + 3] = (byte) bits;
    return n + 4;
  }

  /** The bytes of {@code v} as an unsigned LEB128 varint. */
  static int varintSize(int v) {
    int size = 1;
    while ((v >>>= 7) != 0) {
      size++;
    }
    return size;
  }
}
