package dev.topiary.runtime.kernels;

/**
 * The kernels' block sizes and the thresholds that choose between a blocked kernel and its plain
 * loop, in one place. Measured with the benchmarks module on JDK 17 (C2, AVX-512) at the seed
 * CNN's shapes; see benchmarks/README.md.
 */
final class Tuning {
  private Tuning() {}

  /**
   * Inner loops shorter than this stay plain: C2 runs a vectorised loop's first and last
   * iterations in scalar pre- and post-loops, so a loop of a few elements gains nothing from
   * packing.
   */
  static final int VECTOR_MIN = 16;

  /** Floats in one packed block of an operand: 32 KB, the L1 data cache of this class of CPU. */
  static final int PACKED_FLOATS = 8192;

  /** Accumulator rows of {@code C = A B} kept at once while a packed block of {@code B} is reused. */
  static final int ACCUMULATOR_ROWS = 64;

  /** Rows of {@code A} (and {@code B}) packed at once in {@code A^T B} by output rows. */
  static final int TRANS_A_ROWS = 256;

  /**
   * Rows per block of a reduction over many rows ({@code A^T B} with a small output, column
   * sums): each block's partial sum is kept, and the blocks are added in order, so the result
   * does not depend on how many threads computed the blocks.
   */
  static final int REDUCTION_ROWS = 1024;

  /**
   * {@code A^T B} reduces over blocks of rows when its output has at most this many values (a
   * convolution kernel) and by output rows otherwise (a dense kernel).
   */
  static final int SMALL_OUTPUT = 32 * 1024;

  /** Multiply-adds below which a product runs on one thread: waking a worker costs ~10 us. */
  static final long PARALLEL_WORK = 1L << 17;

  /** Rows of {@code B} in one packed block of {@code C = A B} with rows of {@code n} values. */
  static int packedRows(int n) {
    return Math.max(4, (PACKED_FLOATS / n) & ~3);
  }

  /** Chunks for {@code work} multiply-adds over {@code units} independent units (rows, blocks). */
  static int chunks(long work, int units) {
    int threads = WorkerPool.threadsHere();
    if (threads == 1 || work < PARALLEL_WORK) {
      return 1;
    }
    return Math.min(units, Math.min(WorkerPool.MAX_CHUNKS, 4 * threads));
  }
}
