package dev.topiary.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.codehaus.mojo.animal_sniffer.IgnoreJRERequirement;

/**
 * Lists the set lanes of a sixteen-lane mask without a branch per lane: the lanes as the bits of
 * an int, then, a byte at a time, a row of a table of set-bit positions stored as one vector.
 * One int species only, the preferred one: a second species through the same Vector API
 * methods pollutes their type profiles, and C2 (JDK 17) then gives up the intrinsics of both
 * (measured: 20 ns and an allocation per load instead of under 1 ns).
 */
// Java 17+ only (META-INF/versions/17 of the runtime jar), never loaded on Android.
@IgnoreJRERequirement
final class VectorLists {
  static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
  /** Whether the lists run: sixteen int lanes (AVX-512). */
  static final boolean USABLE = I.length() == 16;
  /** Entries of slack a list needs past its last entry. */
  static final int SLACK = ConvPool.LIST_SLACK;
  /** Lane {@code l}: {@code 1 << l}. */
  private static final int[] LANE_BITS = new int[16];
  /** Row {@code m} (sixteen entries): the positions of the set bits of the byte {@code m}. */
  private static final int[] SET_BITS = new int[256 * 16];

  static {
    for (int l = 0; l < LANE_BITS.length; l++) {
      LANE_BITS[l] = 1 << l;
    }
    for (int m = 0; m < 256; m++) {
      int r = 0;
      for (int l = 0; l < 8; l++) {
        if ((m >>> l & 1) != 0) {
          SET_BITS[m * 16 + r++] = l;
        }
      }
    }
  }

  private VectorLists() {}

  /**
   * The lanes of {@code set} as the bits of an int (JDK 17 has no intrinsic for toLong). Called
   * from {@link #nonZero} only, which C2 inlines: a vector passed to a method it does not inline
   * is boxed.
   */
  static int bits(VectorMask<Integer> set) {
    return IntVector.zero(I).blend(IntVector.fromArray(I, LANE_BITS, 0), set)
        .reduceLanes(VectorOperators.OR);
  }

  /**
   * Lists {@code label + l} for the lanes {@code l < lanes} (at most 16) where {@code a[at + l]}
   * is not zero (any bit but the sign: NaN too), lowest first, to {@code index[count..]}; returns
   * the new count. Sixteen zeros cost one test.
   */
  static int nonZero(float[] a, int at, int lanes, int label, int[] index, int count) {
    VectorMask<Integer> set = FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, a, at)
        .reinterpretAsInts().and(0x7fffffff).compare(VectorOperators.NE, 0);
    return set.anyTrue() ? list(bits(set) & (1 << lanes) - 1, label, index, count) : count;
  }

  /**
   * Writes {@code at + l} for the set bits {@code l} of {@code mask} (sixteen bits), lowest first,
   * to {@code index[count..]}; returns the new count. Ints only cross this call: a vector passed
   * to a method C2 does not inline is boxed.
   */
  static int list(int mask, int at, int[] index, int count) {
    int low = mask & 0xff;
    int high = mask >>> 8;
    IntVector.fromArray(I, SET_BITS, low * 16).add(at).intoArray(index, count);
    count += Integer.bitCount(low);
    IntVector.fromArray(I, SET_BITS, high * 16).add(at + 8).intoArray(index, count);
    return count + Integer.bitCount(high);
  }
}
