package dev.topiary.runtime.kernels;

/**
 * The hot loop of the lane-layout sparse products ({@code dev.topiary.runtime.sparse.LaneDense}):
 * one output unit of a tile of {@link #LANES} images, each kept weight a multiply-add over the
 * images' {@code LANES} consecutive inputs. Plain loops here; a Vector API implementation on the
 * fast path (see {@link DenseKernels#laneColumn}).
 */
public final class LaneKernels {
  /** Images per tile: the lane layout's innermost extent. */
  public static final int LANES = 16;

  private LaneKernels() {}

  /**
   * {@code acc[t] = b + sum_{q0 <= q < q1} values[q] * x[offsets[q] + t]} for {@code t < LANES}.
   */
  public static void column(float[] x, int[] offsets, float[] values, int q0, int q1, float b,
      float[] acc) {
    Kernels.DENSE.laneColumn(x, offsets, values, q0, q1, b, acc);
  }

  /**
   * {@code s[q * LANES + t] = w * src[base[q] + off + t]} for each position {@code q} of
   * {@code base} and lane {@code t}: a conv's first kept tap over the pooled positions.
   */
  public static void tapFirst(float[] src, int[] base, int off, float w, float[] s) {
    Kernels.DENSE.laneTap(src, base, off, w, s, false);
  }

  /** {@link #tapFirst}, adding to {@code s}: a conv's next kept tap. */
  public static void tapAdd(float[] src, int[] base, int off, float w, float[] s) {
    Kernels.DENSE.laneTap(src, base, off, w, s, true);
  }

  /**
   * {@code out[outOff + q * outStride + t] = act(b + max over win of sums[win][q * LANES + t])}
   * ({@code act} ReLU or identity): a pool's window maxima, biased and activated, into the lane
   * layout. {@code sums[0]} is overwritten.
   */
  public static void maxStore(float[][] sums, float b, boolean relu, float[] out, int outOff,
      int outStride) {
    for (int win = 1; win < sums.length; win++) {
      Kernels.DENSE.laneMax(sums[0], sums[win]);
    }
    Kernels.DENSE.laneStore(sums[0], b, relu, out, outOff, outStride);
  }

  /**
   * The whole of one filter over a 2x2 pool in one pass, when the implementation has one for
   * {@code offsets.length} taps: {@code out[outOff + q * outStride + t] = act(b + max over the four
   * windows win of sum_k weights[k] * src[bases[win][q] + offsets[k] + t])}. Returns false, doing
   * nothing, otherwise (the caller then runs {@link #tapFirst}, {@link #tapAdd} and
   * {@link #maxStore}, which give the same values).
   */
  public static boolean filter2x2(float[] src, int[][] bases, int[] offsets, float[] weights,
      float b, boolean relu, float[] out, int outOff, int outStride) {
    return Kernels.DENSE.laneFilter2x2(src, bases, offsets, weights, b, relu, out, outOff,
        outStride);
  }
}
