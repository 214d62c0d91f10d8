package dev.topiary.runtime.prune;

/**
 * The order in which weights are pruned: by magnitude, then by position, through their float bits.
 *
 * <p>{@code Float.floatToIntBits(|w|)} orders like {@code |w|}, since non-negative float bit
 * patterns order like their values; +0 and -0 both give 0, and every NaN becomes the canonical
 * {@code 0x7fc00000}, after infinity, so a NaN weight is never pruned for being small. (The
 * canonical form matters: up to Java 17, {@code Math.abs} returns a NaN with its sign bit set.)
 */
final class MagnitudeOrder {
  private MagnitudeOrder() {}

  /** The bits of {@code |w|}, in [0, 0x7fc00000]; they order like the magnitudes. */
  static int bits(float w) {
    return Float.floatToIntBits(Math.abs(w));
  }

  /**
   * A sort key holding {@link #bits} in the high 32 bits and {@code position} (as an unsigned int)
   * in the low 32, so that sorting a {@code long[]} orders by magnitude, then position.
   */
  static long key(float w, int position) {
    return ((long) bits(w) << 32) | (position & 0xffff_ffffL);
  }
}
