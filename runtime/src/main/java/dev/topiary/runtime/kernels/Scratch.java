package dev.topiary.runtime.kernels;

/**
 * Per-thread work buffers of the blocked kernels: packed rows of an operand, accumulator rows,
 * partial sums. Each thread (a caller or a {@link WorkerPool} worker) owns one, so kernels
 * allocate only while the shapes they see still grow, never per call after that.
 *
 * <p>Why rows ({@code float[][]}) and not one flat array: HotSpot's C2 (JDK 17) vectorises
 * {@code acc[j] += a * b[j]} only when every array in the loop is indexed by the same
 * expression; two flat arrays at different offsets may alias as far as it knows, and the loop
 * stays scalar (about 3x slower). Packing an operand's rows into separate arrays removes the
 * offsets.
 */
final class Scratch {
  // An anonymous subclass: ThreadLocal.withInitial needs Android API 26.
  private static final ThreadLocal<Scratch> CURRENT = new ThreadLocal<Scratch>() {
    @Override
    protected Scratch initialValue() {
      return new Scratch();
    }
  };

  private float[][] packed = new float[0][];
  private float[][] accumulators = new float[0][];
  private float[][] transposed = new float[0][];
  private float[] row = new float[0];
  private float[] partials = new float[0];
  private boolean[] flags = new boolean[0];
  private int[] indices = new int[0];
  private int[] positions = new int[0];
  private float[] values = new float[0];
  private float[] zeros = new float[0];

  private Scratch() {}

  /** The calling thread's buffers. */
  static Scratch get() {
    return CURRENT.get();
  }

  /** At least {@code rows} arrays of at least {@code length} floats, for packed operand rows. */
  float[][] packed(int rows, int length) {
    packed = grow(packed, rows, length);
    return packed;
  }

  /** At least {@code rows} arrays of at least {@code length} floats, for accumulator rows. */
  float[][] accumulators(int rows, int length) {
    accumulators = grow(accumulators, rows, length);
    return accumulators;
  }

  /** At least {@code rows} arrays of at least {@code length} floats, for a transposed block. */
  float[][] transposed(int rows, int length) {
    transposed = grow(transposed, rows, length);
    return transposed;
  }

  /** One array of at least {@code length} floats. */
  float[] row(int length) {
    if (row.length < length) {
      row = new float[length];
    }
    return row;
  }

  /** One array of at least {@code length} floats for partial sums. */
  float[] partials(int length) {
    if (partials.length < length) {
      partials = new float[length];
    }
    return partials;
  }

  /** At least {@code length} flags. */
  boolean[] flags(int length) {
    if (flags.length < length) {
      flags = new boolean[length];
    }
    return flags;
  }

  /** At least {@code length} ints, for the positions of a list of non-zero values. */
  int[] indices(int length) {
    if (indices.length < length) {
      indices = new int[length];
    }
    return indices;
  }

  /** At least {@code length} ints, for a list of positions an image's kernel computes. */
  int[] positions(int length) {
    if (positions.length < length) {
      positions = new int[length];
    }
    return positions;
  }

  /** At least {@code length} floats, for a list of non-zero values. */
  float[] values(int length) {
    if (values.length < length) {
      values = new float[length];
    }
    return values;
  }

  /**
   * At least {@code length} zeros, never written: what a kernel reads for an absent bias or a
   * zero start (the Vector API kernels read vectors from one array, never choose between two).
   */
  float[] zeros(int length) {
    if (zeros.length < length) {
      zeros = new float[length];
    }
    return zeros;
  }

  private static float[][] grow(float[][] rows, int count, int length) {
    if (rows.length >= count && (count == 0 || rows[0].length >= length)) {
      return rows;
    }
    int width = Math.max(length, rows.length == 0 ? 0 : rows[0].length);
    float[][] bigger = new float[Math.max(count, rows.length)][];
    for (int r = 0; r < bigger.length; r++) {
      bigger[r] = r < rows.length && rows[r].length >= width ? rows[r] : new float[width];
    }
    return bigger;
  }
}
