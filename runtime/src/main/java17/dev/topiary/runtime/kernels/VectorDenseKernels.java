package dev.topiary.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.codehaus.mojo.animal_sniffer.IgnoreJRERequirement;

/**
 * The kernels with {@code jdk.incubator.vector} ({@link VectorConvPool} and {@link VectorPool}
 * for the conv and pooling). The dense products: register tiles of four output rows by
 * four vectors ({@link VectorTiles}), no packing (the Vector API loads from any offset), fused
 * multiply-adds. Every product except {@link #fewRows} sums each output value's terms one after
 * the other in the order of the reduction index, one fused multiply-add per non-zero term, so
 * its result is the same bits as a scalar {@code acc = Math.fma(x, w, acc)} loop that skips zero
 * multipliers, whatever the tiling, the blocking or the number of threads. {@link #fewRows}
 * (batch 1) lists the row's non-zero entries first and sums two interleaved halves of the list.
 */
// Java 17+ only (META-INF/versions/17 of the runtime jar), never loaded on Android.
@IgnoreJRERequirement
final class VectorDenseKernels extends DenseKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final boolean POOL = VectorPool.usable();

  /** Whether {@link #nonZeros} lists sixteen lanes at a time ({@link VectorLists}). */
  private static final boolean BYTES = L == 16 && VectorLists.USABLE;

  /** Floats of {@code B} per block of the reduction index: 32 KB, this CPU class's L1. */
  private static final int BLOCK_FLOATS = 8192;

  private VectorDenseKernels() {}

  static DenseKernels create() {
    return new VectorDenseKernels();
  }

  @Override
  String name() {
    return "vector";
  }

  @Override
  void forwardRows(float[] a, int aOff, float[] b, float[] bias, float[] c, int m, int k, int n,
      int i0, int i1) {
    if (n % L != 0) { // a tail of lanes: measured slower than the plain rows (n = 29: 2.5x)
      super.forwardRows(a, aOff, b, bias, c, m, k, n, i0, i1);
      return;
    }
    int kb = Math.max(4, BLOCK_FLOATS / n);
    for (int p0 = 0; p0 < k; p0 += kb) {
      int p1 = Math.min(k, p0 + kb);
      boolean first = p0 == 0;
      float[] init = first ? bias : c;
      VectorTiles.rows(a, aOff + i0 * k, k, 1, b, 0, n, p0, p1, n, init, first ? 0 : i0 * n,
          first ? 0 : n, c, i0 * n, n, i1 - i0);
    }
  }

  @Override
  void transARowBlock(float[] a, int aOff, float[] b, int k, int n, int r0, int r1,
      float[] partial, int partialOff) {
    if (n < L) {
      super.transARowBlock(a, aOff, b, k, n, r0, r1, partial, partialOff);
      return;
    }
    // Output row p = sum over i in [r0, r1) of A[i][p] * B[i].
    VectorTiles.rows(a, aOff, 1, k, b, 0, n, r0, r1, n, null, 0, 0, partial, partialOff, n, k);
  }

  @Override
  void window2x2(float[] x, int xOff, int first, int rowStride, float[] y, int[] argmax,
      int out, int c) {
    if (POOL) {
      VectorPool.window2x2(x, xOff, first, rowStride, y, argmax, out, c);
    } else {
      super.window2x2(x, xOff, first, rowStride, y, argmax, out, c);
    }
  }

  @Override
  boolean convPool(ConvPool g, float[] x, int xOff, float[] kernel, float[] bias, boolean relu,
      float[] y, int batch) {
    return VectorConvPool.forward(g, x, xOff, kernel, bias, relu, y, batch);
  }

  @Override
  boolean convPoolVectorized(ConvPool g) {
    return VectorConvPool.accepts(g);
  }

  @Override
  boolean convPoolListable(ConvPool g) {
    return VectorConvPool.acceptsListed(g);
  }

  @Override
  int convPoolListed(ConvPool g, float[] x, int xOff, float[] kernel, float[] bias,
      boolean relu, float[] delta, int[] index) {
    return VectorConvPool.forwardListed(g, x, xOff, kernel, bias, relu, delta, index);
  }

  @Override
  void listedRows(float[] a, int[] index, int count, float[] b, float[] bias, float[] c,
      int n) {
    if (n % L != 0) {
      super.listedRows(a, index, count, b, bias, c, n);
      return;
    }
    if (n == 4 * L) {
      listedRow4(a, index, count, b, bias, c);
      return;
    }
    listedPanels(a, 0, count, index, b, n, bias, c, 0);
  }

  @Override
  void transAColumnBlocks(float[] a, int aOff, float[] b, float[] c, int m, int k, int n,
      int blk0, int blk1) {
    if (n < L) {
      super.transAColumnBlocks(a, aOff, b, c, m, k, n, blk0, blk1);
      return;
    }
    int cb = MatMulBlocked.transAColumns(m);
    int p0 = blk0 * cb;
    int p1 = Math.min(k, blk1 * cb);
    // Output row p of C = sum over i of A[i][p] * B[i]: four output rows share each row of B.
    VectorTiles.rows(a, aOff + p0, 1, k, b, 0, n, 0, m, n, null, 0, 0, c, p0 * n, n, p1 - p0);
  }

  @Override
  void transBColumnBlocks(float[] a, float[] b, float[] c, int m, int n, int k, int blk0,
      int blk1) {
    int tb = MatMulBlocked.transposedColumns(n);
    float[] bt = Scratch.get().row(n * tb);
    for (int blk = blk0; blk < blk1; blk++) {
      int q0 = blk * tb;
      int len = Math.min(k, q0 + tb) - q0;
      transpose(b, q0, len, n, bt, tb);
      // Row i of C, columns [q0, q0 + len) = sum over j of A[i][j] * B^T[j][q0 ...].
      VectorTiles.rows(a, 0, n, 1, bt, 0, tb, 0, n, len, null, 0, 0, c, q0, k, m);
    }
  }

  /** {@code bt[j * stride + q] = b[(q0 + q) * n + j]}, {@code q < len}, four {@code j} a pass. */
  private static void transpose(float[] b, int q0, int len, int n, float[] bt, int stride) {
    int j = 0;
    for (; j + 3 < n; j += 4) {
      int t0 = j * stride;
      int at = q0 * n + j;
      for (int q = 0; q < len; q++) {
        int o = at + q * n;
        bt[t0 + q] = b[o];
        bt[t0 + stride + q] = b[o + 1];
        bt[t0 + 2 * stride + q] = b[o + 2];
        bt[t0 + 3 * stride + q] = b[o + 3];
      }
    }
    for (; j < n; j++) {
      for (int q = 0; q < len; q++) {
        bt[j * stride + q] = b[(q0 + q) * n + j];
      }
    }
  }

  @Override
  void fewRows(float[] a, int aOff, float[] b, float[] bias, float[] c, int m, int k, int n) {
    if (n % L != 0) {
      super.fewRows(a, aOff, b, bias, c, m, k, n);
      return;
    }
    Scratch scratch = Scratch.get();
    int[] index = scratch.indices(k + VectorLists.SLACK);
    if (bias == null) { // a vector chosen between two sources is boxed by C2 (JDK 17)
      bias = scratch.zeros(n);
    }
    for (int i = 0; i < m; i++) {
      int at = aOff + i * k;
      listedPanels(a, at, nonZeros(a, at, k, index), index, b, n, bias, c, i * n);
    }
  }

  /**
   * {@code c[cAt + j] = bias[j] + sum_t a[at + p] b[p * n + j]} over the listed {@code p =
   * index[t]}, {@code t < count}, for {@code n} a multiple of {@link #L}: four vectors of columns
   * at a time, then two, then one.
   */
  private static void listedPanels(float[] a, int at, int count, int[] index, float[] b, int n,
      float[] bias, float[] c, int cAt) {
    int j = 0;
    for (; j + 4 * L <= n; j += 4 * L) {
      listPanel4(a, at, index, count, b, n, j, bias, c, cAt + j);
    }
    if (j + 2 * L <= n) {
      listPanel2(a, at, index, count, b, n, j, bias, c, cAt + j);
      j += 2 * L;
    }
    if (j < n) { // one vector left at most
      listPanel1(a, at, index, count, b, n, j, bias, c, cAt + j);
    }
  }

  /**
   * Lists the indices {@code p < k} of the non-zero entries {@code a[at + p]}, in increasing
   * order, into {@code index} (which has {@link VectorLists#SLACK} entries of slack); returns how
   * many. A vector of zeros (a ReLU's output: background pixels, all channels of a position) is
   * skipped with one test. With sixteen lanes the others are listed by {@link VectorLists},
   * without a branch per entry; otherwise entry by entry, branch-free.
   */
  private static int nonZeros(float[] a, int at, int k, int[] index) {
    int t = 0;
    int p = 0;
    if (BYTES) {
      for (; p + L <= k; p += L) {
        t = VectorLists.nonZero(a, at + p, L, p, index, t);
      }
    } else {
      for (; p + L <= k; p += L) {
        if (!FloatVector.fromArray(S, a, at + p).compare(VectorOperators.NE, 0f).anyTrue()) {
          continue;
        }
        for (int q = p; q < p + L; q++) {
          index[t] = q;
          t += a[at + q] != 0f ? 1 : 0;
        }
      }
    }
    for (; p < k; p++) {
      index[t] = p;
      t += a[at + p] != 0f ? 1 : 0;
    }
    return t;
  }

  /**
   * {@code c[cAt + ...] = bias[j + ...] + sum_t a[at + p] * b[p * n + j + ...]} over the listed
   * {@code p = index[t]}, four vectors.
   */
  private static void listPanel4(float[] a, int at, int[] index, int count, float[] b, int n,
      int j, float[] bias, float[] c, int cAt) {
    FloatVector c0 = init(bias, j);
    FloatVector c1 = init(bias, j + L);
    FloatVector c2 = init(bias, j + 2 * L);
    FloatVector c3 = init(bias, j + 3 * L);
    FloatVector d0 = FloatVector.zero(S);
    FloatVector d1 = d0;
    FloatVector d2 = d0;
    FloatVector d3 = d0;
    int t = 0;
    for (; t + 1 < count; t += 2) {
      int p = index[t];
      int q = index[t + 1];
      FloatVector x = FloatVector.broadcast(S, a[at + p]);
      FloatVector y = FloatVector.broadcast(S, a[at + q]);
      int u = p * n + j;
      int v = q * n + j;
      c0 = FloatVector.fromArray(S, b, u).fma(x, c0);
      c1 = FloatVector.fromArray(S, b, u + L).fma(x, c1);
      c2 = FloatVector.fromArray(S, b, u + 2 * L).fma(x, c2);
      c3 = FloatVector.fromArray(S, b, u + 3 * L).fma(x, c3);
      d0 = FloatVector.fromArray(S, b, v).fma(y, d0);
      d1 = FloatVector.fromArray(S, b, v + L).fma(y, d1);
      d2 = FloatVector.fromArray(S, b, v + 2 * L).fma(y, d2);
      d3 = FloatVector.fromArray(S, b, v + 3 * L).fma(y, d3);
    }
    if (t < count) {
      int p = index[t];
      FloatVector x = FloatVector.broadcast(S, a[at + p]);
      int u = p * n + j;
      c0 = FloatVector.fromArray(S, b, u).fma(x, c0);
      c1 = FloatVector.fromArray(S, b, u + L).fma(x, c1);
      c2 = FloatVector.fromArray(S, b, u + 2 * L).fma(x, c2);
      c3 = FloatVector.fromArray(S, b, u + 3 * L).fma(x, c3);
    }
    c0.add(d0).intoArray(c, cAt);
    c1.add(d1).intoArray(c, cAt + L);
    c2.add(d2).intoArray(c, cAt + 2 * L);
    c3.add(d3).intoArray(c, cAt + 3 * L);
  }

  /**
   * {@link #listPanel4} for one image and a row of exactly four vectors (the seed's 64 units):
   * every offset is zero, and without them the loop ran 0.3-0.4 us faster an MNIST digit.
   */
  private static void listedRow4(float[] a, int[] index, int count, float[] b, float[] bias,
      float[] c) {
    FloatVector c0 = init(bias, 0);
    FloatVector c1 = init(bias, L);
    FloatVector c2 = init(bias, 2 * L);
    FloatVector c3 = init(bias, 3 * L);
    FloatVector d0 = FloatVector.zero(S);
    FloatVector d1 = d0;
    FloatVector d2 = d0;
    FloatVector d3 = d0;
    int t = 0;
    for (; t + 1 < count; t += 2) {
      int p = index[t];
      int q = index[t + 1];
      FloatVector x = FloatVector.broadcast(S, a[p]);
      FloatVector y = FloatVector.broadcast(S, a[q]);
      int u = p * 4 * L;
      int v = q * 4 * L;
      c0 = FloatVector.fromArray(S, b, u).fma(x, c0);
      c1 = FloatVector.fromArray(S, b, u + L).fma(x, c1);
      c2 = FloatVector.fromArray(S, b, u + 2 * L).fma(x, c2);
      c3 = FloatVector.fromArray(S, b, u + 3 * L).fma(x, c3);
      d0 = FloatVector.fromArray(S, b, v).fma(y, d0);
      d1 = FloatVector.fromArray(S, b, v + L).fma(y, d1);
      d2 = FloatVector.fromArray(S, b, v + 2 * L).fma(y, d2);
      d3 = FloatVector.fromArray(S, b, v + 3 * L).fma(y, d3);
    }
    if (t < count) {
      int p = index[t];
      FloatVector x = FloatVector.broadcast(S, a[p]);
      int u = p * 4 * L;
      c0 = FloatVector.fromArray(S, b, u).fma(x, c0);
      c1 = FloatVector.fromArray(S, b, u + L).fma(x, c1);
      c2 = FloatVector.fromArray(S, b, u + 2 * L).fma(x, c2);
      c3 = FloatVector.fromArray(S, b, u + 3 * L).fma(x, c3);
    }
    c0.add(d0).intoArray(c, 0);
    c1.add(d1).intoArray(c, L);
    c2.add(d2).intoArray(c, 2 * L);
    c3.add(d3).intoArray(c, 3 * L);
  }

  /**
   * {@link #listPanel4} for two vectors (the channel-pruned seed's 29 units, padded to 32): each
   * listed row's two vectors in one pass, so the row is read once, and four accumulator chains;
   * the sums are {@link #listPanel1}'s.
   */
  private static void listPanel2(float[] a, int at, int[] index, int count, float[] b, int n,
      int j, float[] bias, float[] c, int cAt) {
    FloatVector c0 = init(bias, j);
    FloatVector c1 = init(bias, j + L);
    FloatVector d0 = FloatVector.zero(S);
    FloatVector d1 = d0;
    int t = 0;
    for (; t + 1 < count; t += 2) {
      int p = index[t];
      int q = index[t + 1];
      FloatVector x = FloatVector.broadcast(S, a[at + p]);
      FloatVector y = FloatVector.broadcast(S, a[at + q]);
      int u = p * n + j;
      int v = q * n + j;
      c0 = FloatVector.fromArray(S, b, u).fma(x, c0);
      c1 = FloatVector.fromArray(S, b, u + L).fma(x, c1);
      d0 = FloatVector.fromArray(S, b, v).fma(y, d0);
      d1 = FloatVector.fromArray(S, b, v + L).fma(y, d1);
    }
    if (t < count) {
      int p = index[t];
      FloatVector x = FloatVector.broadcast(S, a[at + p]);
      int u = p * n + j;
      c0 = FloatVector.fromArray(S, b, u).fma(x, c0);
      c1 = FloatVector.fromArray(S, b, u + L).fma(x, c1);
    }
    c0.add(d0).intoArray(c, cAt);
    c1.add(d1).intoArray(c, cAt + L);
  }

  /** {@link #listPanel4} for one vector. */
  private static void listPanel1(float[] a, int at, int[] index, int count, float[] b, int n,
      int j, float[] bias, float[] c, int cAt) {
    FloatVector c0 = init(bias, j);
    FloatVector d0 = FloatVector.zero(S);
    int t = 0;
    for (; t + 1 < count; t += 2) {
      int p = index[t];
      int q = index[t + 1];
      c0 = FloatVector.fromArray(S, b, p * n + j).fma(FloatVector.broadcast(S, a[at + p]), c0);
      d0 = FloatVector.fromArray(S, b, q * n + j).fma(FloatVector.broadcast(S, a[at + q]), d0);
    }
    if (t < count) {
      int p = index[t];
      c0 = FloatVector.fromArray(S, b, p * n + j).fma(FloatVector.broadcast(S, a[at + p]), c0);
    }
    c0.add(d0).intoArray(c, cAt);
  }

  private static FloatVector init(float[] bias, int at) {
    return FloatVector.fromArray(S, bias, at);
  }

  @Override
  void laneColumn(float[] x, int[] offsets, float[] values, int q0, int q1, float b,
      float[] acc) {
    if (LaneKernels.LANES % L != 0) {
      super.laneColumn(x, offsets, values, q0, q1, b, acc);
      return;
    }
    for (int j = 0; j < LaneKernels.LANES; j += L) {
      laneChunk(x, offsets, values, q0, q1, b, acc, j);
    }
  }

  /**
   * Lanes {@code [j, j + L)} of {@link #laneColumn}: four accumulators over the kept weights in
   * turn (each a chain of fused multiply-adds), added at the end.
   */
  private static void laneChunk(float[] x, int[] offsets, float[] values, int q0, int q1,
      float b, float[] acc, int j) {
    FloatVector a0 = FloatVector.broadcast(S, b);
    FloatVector a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S);
    FloatVector a3 = FloatVector.zero(S);
    int q = q0;
    for (; q + 3 < q1; q += 4) {
      a0 = FloatVector.fromArray(S, x, offsets[q] + j).fma(FloatVector.broadcast(S, values[q]), a0);
      a1 = FloatVector.fromArray(S, x, offsets[q + 1] + j).fma(FloatVector.broadcast(S, values[q + 1]), a1);
      a2 = FloatVector.fromArray(S, x, offsets[q + 2] + j).fma(FloatVector.broadcast(S, values[q + 2]), a2);
      a3 = FloatVector.fromArray(S, x, offsets[q + 3] + j).fma(FloatVector.broadcast(S, values[q + 3]), a3);
    }
    for (; q < q1; q++) {
      a0 = FloatVector.fromArray(S, x, offsets[q] + j).fma(FloatVector.broadcast(S, values[q]), a0);
    }
    a0.add(a1).add(a2.add(a3)).intoArray(acc, j);
  }

  @Override
  void laneTap(float[] src, int[] base, int off, float w, float[] s, boolean add) {
    if (LaneKernels.LANES != L) {
      super.laneTap(src, base, off, w, s, add);
    } else if (add) {
      FloatVector wv = FloatVector.broadcast(S, w);
      for (int q = 0; q < base.length; q++) {
        FloatVector.fromArray(S, src, base[q] + off).fma(wv, FloatVector.fromArray(S, s, q * L))
            .intoArray(s, q * L);
      }
    } else {
      FloatVector wv = FloatVector.broadcast(S, w);
      for (int q = 0; q < base.length; q++) {
        FloatVector.fromArray(S, src, base[q] + off).mul(wv).intoArray(s, q * L);
      }
    }
  }

  @Override
  void laneMax(float[] a, float[] b) {
    int i = 0;
    for (; i <= a.length - L; i += L) {
      FloatVector.fromArray(S, a, i).max(FloatVector.fromArray(S, b, i)).intoArray(a, i);
    }
    for (; i < a.length; i++) {
      a[i] = Math.max(a[i], b[i]);
    }
  }

  @Override
  void laneStore(float[] m, float b, boolean relu, float[] out, int outOff, int outStride) {
    if (LaneKernels.LANES != L) {
      super.laneStore(m, b, relu, out, outOff, outStride);
      return;
    }
    FloatVector bv = FloatVector.broadcast(S, b);
    // the ReLU as a maximum with a floor: 0 for ReLU, -infinity for none (no branch on a vector)
    FloatVector floor = FloatVector.broadcast(S, relu ? 0f : Float.NEGATIVE_INFINITY);
    for (int q = 0; q < m.length / L; q++) {
      FloatVector.fromArray(S, m, q * L).add(bv).max(floor).intoArray(out, outOff + q * outStride);
    }
  }

  /**
   * One to four taps: two or four in registers, a tap's weight padded with zeros (x * 0 adds
   * nothing to a finite sum), each window's sum as {@link #laneTap} forms it (the first tap
   * multiplied, the others fused multiply-adds in order), the maximum of the four, the bias and
   * the floor of the activation.
   */
  @Override
  boolean laneFilter2x2(float[] src, int[][] bases, int[] offsets, float[] weights, float b,
      boolean relu, float[] out, int outOff, int outStride) {
    int k = offsets.length;
    if (LaneKernels.LANES != L || bases.length != 4 || k == 0 || k > 4) {
      return false;
    }
    float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
    if (k <= 2) {
      int o1 = k == 2 ? offsets[1] : offsets[0];
      float w1 = k == 2 ? weights[1] : 0f;
      filterTwoTaps(src, bases[0], bases[1], bases[2], bases[3], offsets[0], o1,
          weights[0], w1, b, floor, out, outOff, outStride);
    } else {
      int o3 = k == 4 ? offsets[3] : offsets[0];
      float w3 = k == 4 ? weights[3] : 0f;
      filterFourTaps(src, bases, offsets[0], offsets[1], offsets[2], o3, weights[0],
          weights[1], weights[2], w3, b, floor, out, outOff, outStride);
    }
    return true;
  }

  private static void filterTwoTaps(float[] x, int[] b0, int[] b1, int[] b2, int[] b3, int o0,
      int o1, float w0, float w1, float b, float floor, float[] out, int outOff,
      int outStride) {
    FloatVector v0 = FloatVector.broadcast(S, w0);
    FloatVector v1 = FloatVector.broadcast(S, w1);
    FloatVector bias = FloatVector.broadcast(S, b);
    FloatVector low = FloatVector.broadcast(S, floor);
    for (int q = 0; q < b0.length; q++) {
      int a0 = b0[q];
      int a1 = b1[q];
      int a2 = b2[q];
      int a3 = b3[q];
      FloatVector s0 = FloatVector.fromArray(S, x, a0 + o1)
          .fma(v1, FloatVector.fromArray(S, x, a0 + o0).mul(v0));
      FloatVector s1 = FloatVector.fromArray(S, x, a1 + o1)
          .fma(v1, FloatVector.fromArray(S, x, a1 + o0).mul(v0));
      FloatVector s2 = FloatVector.fromArray(S, x, a2 + o1)
          .fma(v1, FloatVector.fromArray(S, x, a2 + o0).mul(v0));
      FloatVector s3 = FloatVector.fromArray(S, x, a3 + o1)
          .fma(v1, FloatVector.fromArray(S, x, a3 + o0).mul(v0));
      s0.max(s1).max(s2.max(s3)).add(bias).max(low).intoArray(out, outOff + q * outStride);
    }
  }

  private static void filterFourTaps(float[] x, int[][] bases, int o0, int o1, int o2, int o3,
      float w0, float w1, float w2, float w3, float b, float floor, float[] out, int outOff,
      int outStride) {
    FloatVector v0 = FloatVector.broadcast(S, w0);
    FloatVector v1 = FloatVector.broadcast(S, w1);
    FloatVector v2 = FloatVector.broadcast(S, w2);
    FloatVector v3 = FloatVector.broadcast(S, w3);
    FloatVector bias = FloatVector.broadcast(S, b);
    FloatVector low = FloatVector.broadcast(S, floor);
    int[] b0 = bases[0];
    int[] b1 = bases[1];
    int[] b2 = bases[2];
    int[] b3 = bases[3];
    for (int q = 0; q < b0.length; q++) {
      FloatVector s0 = fourTaps(x, b0[q], o0, o1, o2, o3, v0, v1, v2, v3);
      FloatVector s1 = fourTaps(x, b1[q], o0, o1, o2, o3, v0, v1, v2, v3);
      FloatVector s2 = fourTaps(x, b2[q], o0, o1, o2, o3, v0, v1, v2, v3);
      FloatVector s3 = fourTaps(x, b3[q], o0, o1, o2, o3, v0, v1, v2, v3);
      s0.max(s1).max(s2.max(s3)).add(bias).max(low).intoArray(out, outOff + q * outStride);
    }
  }

  private static FloatVector fourTaps(float[] x, int a, int o0, int o1, int o2, int o3,
      FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
    FloatVector s = FloatVector.fromArray(S, x, a + o0).mul(v0);
    s = FloatVector.fromArray(S, x, a + o1).fma(v1, s);
    s = FloatVector.fromArray(S, x, a + o2).fma(v2, s);
    return FloatVector.fromArray(S, x, a + o3).fma(v3, s);
  }
}
