package dev.topiary.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Tests {@link SparseIndex}: each malformed index is named, and decoding places every value. */
class SparseIndexTest {
  static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  @Test
  void bitmaps() {
    int bitmap = TensorEncoding.BITMAP;
    assertNull(SparseIndex.check(bytes(0b101, 0b1), 0, bitmap, 2, 9, 3));
    assertEquals("a bitmap of 1 bytes, expected 2",
        SparseIndex.check(bytes(5), 0, bitmap, 1, 9, 2));
    assertEquals("bits set past the last of its 9 values",
        SparseIndex.check(bytes(0, 0b10), 0, bitmap, 2, 9, 1));
    assertEquals("a bitmap marking 2 values, expected 3",
        SparseIndex.check(bytes(0b101, 0), 0, bitmap, 2, 9, 3));
    assertNull(SparseIndex.check(bytes(), 0, bitmap, 0, 0, 0));
  }

  @Test
  void gaps() {
    int gaps = TensorEncoding.GAPS;
    assertNull(SparseIndex.check(bytes(0, 0x80, 0x01), 0, gaps, 3, 130, 2)); // positions 0, 129
    assertEquals("stored position 129, past its 129 values",
        SparseIndex.check(bytes(0, 0x80, 0x01), 0, gaps, 3, 129, 2));
    assertEquals("gaps ending after 1 of 2 positions",
        SparseIndex.check(bytes(0, 0x80), 0, gaps, 2, 200, 2));
    assertEquals("1 index bytes after its last position",
        SparseIndex.check(bytes(0, 1), 0, gaps, 2, 200, 1));
    assertEquals("a gap longer than 31 bits at position 0",
        SparseIndex.check(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x0F), 0, gaps, 5, Integer.MAX_VALUE, 1));
    assertNull(SparseIndex.check(bytes(0xFE, 0xFF, 0xFF, 0xFF, 0x07), 0, gaps, 5,
        Integer.MAX_VALUE, 1)); // position 2^31 - 2, the last there is
  }

  @Test
  void decodingPlacesValuesAndZeroesTheRest() {
    // Values 1.5 and -2 (big-endian) after an index at offset 1.
    byte[] file = bytes(9, 0b1000_0010, 0x3f, 0xc0, 0, 0, 0xc0, 0, 0, 0);
    float[] dst = {7, 7, 7, 7, 7, 7, 7, 7};
    SparseIndex.decode(file, 1, TensorEncoding.BITMAP, 2, 2, dst);
    assertArrayEquals(new float[] {0, 1.5f, 0, 0, 0, 0, 0, -2}, dst);
    byte[] gaps = bytes(1, 5, 0x3f, 0xc0, 0, 0, 0xc0, 0, 0, 0);
    float[] dst2 = new float[8];
    SparseIndex.decode(gaps, 0, TensorEncoding.GAPS, 2, 2, dst2);
    assertArrayEquals(new float[] {0, 1.5f, 0, 0, 0, 0, 0, -2}, dst2);
  }
}
