package dev.topiary.runtime.kernels;

import static dev.topiary.runtime.kernels.Tolerances.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The dense kernels this JVM runs ({@link Kernels#DENSE}: the Vector API ones when the runtime
 * comes from its multi-release jar and {@code jdk.incubator.vector} is in the boot layer, as in
 * the build's {@code vector-kernels} test run; the plain ones otherwise) against the plain
 * kernels and a double-precision reference, on the seed CNN's shapes and on tails: one row,
 * three rows, odd sizes, sizes that are not a multiple of any vector length, output widths of
 * 10, 17 and 20 (a vector and a scalar rest), reductions longer than a block. Inputs have many
 * exact zeros (skipped terms) and whole zero rows.
 *
 * <p>The Vector API kernels other than {@code fewRows} promise more: each output value is the
 * same bits as the scalar {@code acc = Math.fma(x, w, acc)} over its non-zero terms in order,
 * whatever the tile or the range of rows it was computed in; checked bit for bit when they run.
 */
class DenseKernelsTest {
  private static final DenseKernels ACTIVE = Kernels.DENSE;
  private static final boolean VECTOR = ACTIVE.name().equals("vector");

  /** {@code {m, k, n}} of {@code C = A B + bias} (m x k times k x n). */
  private static final int[][] FORWARD = {
      {4, 1, 16}, {5, 7, 16}, {7, 9, 32}, {13, 9, 32}, {9, 33, 17}, {6, 20, 10}, {11, 300, 64},
      {8, 129, 80}, {4, 5, 20}, {33, 5408, 64}, {257, 64, 16}, {6, 3, 1}};

  /** {@code {m, k, n}} of the prediction-sized products (m < 4). */
  private static final int[][] FEW = {
      {1, 5408, 64}, {1, 64, 10}, {2, 17, 20}, {3, 100, 16}, {1, 31, 80}, {1, 1, 1}, {3, 7, 33}};

  /**
   * Fused conv + pool geometries at filter counts the vector kernels take (multiples of 16: the
   * seed's 32, and 16 and 48): VALID and SAME convolutions, strides, channels, batches, odd
   * sizes, a 1x1 pool, and one with the pool's SAME padding (left to ConvPool's own loops).
   */
  private static final ConvPoolTest.Geometry[] VECTOR_CONV_POOLS = {
      new ConvPoolTest.Geometry(1, 28, 28, 1, 3, 3, 1, 1, false, 32, 2, 2, 2, 2, false),
      new ConvPoolTest.Geometry(3, 28, 28, 1, 3, 3, 1, 1, false, 32, 2, 2, 2, 2, false),
      new ConvPoolTest.Geometry(2, 9, 7, 3, 3, 3, 1, 1, true, 16, 2, 2, 2, 2, false),
      new ConvPoolTest.Geometry(2, 11, 10, 2, 3, 2, 2, 1, true, 48, 3, 3, 2, 2, false),
      new ConvPoolTest.Geometry(1, 8, 8, 2, 2, 2, 1, 1, false, 32, 1, 1, 1, 1, false),
      new ConvPoolTest.Geometry(3, 13, 17, 1, 3, 3, 1, 1, false, 16, 2, 2, 2, 2, false),
      new ConvPoolTest.Geometry(2, 9, 9, 1, 3, 3, 1, 1, false, 32, 2, 2, 2, 2, true),
      // 2x2 pooling at counts that leave a vector part empty: padded with zero filters
      new ConvPoolTest.Geometry(2, 28, 28, 1, 3, 3, 1, 1, false, 14, 2, 2, 2, 2, false),
      new ConvPoolTest.Geometry(3, 11, 10, 2, 3, 2, 2, 1, true, 40, 2, 2, 2, 2, false),
      new ConvPoolTest.Geometry(2, 9, 7, 3, 3, 3, 1, 1, true, 5, 2, 2, 2, 2, false),
      // a 2x2 kernel of two channels, 2x2 pooling: 8 taps, not a multiple of three
      new ConvPoolTest.Geometry(2, 10, 9, 2, 2, 2, 1, 1, false, 32, 2, 2, 2, 2, false)};

  @Test
  void theExpectedImplementationRuns() {
    String expected = System.getProperty("topiary.expectKernels");
    assertTrue(ACTIVE.name().equals("plain") || VECTOR, ACTIVE.name());
    assertEquals(ACTIVE.name(), Kernels.implementation());
    if (expected != null) {
      assertEquals(expected, Kernels.implementation(),
          "the kernels this test run was configured for (-Dtopiary.expectKernels)");
    }
  }

  @Test
  void forwardRowsMatchReferenceAndDoNotDependOnTheRowRange() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int[] s : FORWARD) {
      int m = s[0], k = s[1], n = s[2];
      for (boolean withBias : new boolean[] {true, false}) {
        int aOff = rng.nextInt(0, 4);
        float[] a = sparse(rng, aOff + m * k, 0.5);
        zeroRow(a, aOff, k, m / 2);
        float[] b = sparse(rng, k * n, 0.1);
        float[] bias = withBias ? sparse(rng, n, 0) : null;
        String shape = "forwardRows " + m + "x" + k + "x" + n + (withBias ? " bias" : "");

        float[] whole = new float[m * n];
        ACTIVE.forwardRows(a, aOff, b, bias, whole, m, k, n, 0, m);
        float[] split = new float[m * n];
        int cut = Math.min(m, 3);
        ACTIVE.forwardRows(a, aOff, b, bias, split, m, k, n, 0, cut);
        ACTIVE.forwardRows(a, aOff, b, bias, split, m, k, n, cut, m);
        float[] plain = new float[m * n];
        DenseKernels.PLAIN.forwardRows(a, aOff, b, bias, plain, m, k, n, 0, m);

        assertBits(whole, split, shape + " rows [0, " + cut + ") then the rest");
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            int at = aOff + i * k;
            checkValue(a, at, 1, b, j, n, k, bias == null ? 0f : bias[j], whole[i * n + j],
                plain[i * n + j], shape + " C[" + i + "][" + j + "]", n % 16 == 0);
          }
        }
      }
    }
  }

  @Test
  void fewRowsMatchReference() {
    SplittableRandom rng = new SplittableRandom(12);
    for (int[] s : FEW) {
      int m = s[0], k = s[1], n = s[2];
      int aOff = rng.nextInt(0, 4);
      float[] a = sparse(rng, aOff + m * k, 0.6);
      float[] b = sparse(rng, k * n, 0.1);
      float[] bias = sparse(rng, n, 0);
      float[] c = new float[m * n];
      float[] plain = new float[m * n];
      ACTIVE.fewRows(a, aOff, b, bias, c, m, k, n);
      DenseKernels.PLAIN.fewRows(a, aOff, b, bias, plain, m, k, n);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          checkValue(a, aOff + i * k, 1, b, j, n, k, bias[j], c[i * n + j], plain[i * n + j],
              "fewRows " + m + "x" + k + "x" + n + " C[" + i + "][" + j + "]", false);
        }
      }
    }
  }

  @Test
  void transAColumnBlocksMatchReference() {
    SplittableRandom rng = new SplittableRandom(13);
    int[][] shapes = {{32, 5408, 64}, {5, 37, 20}, {3, 300, 16}, {7, 10, 33}, {1, 9, 17}};
    for (int[] s : shapes) {
      int m = s[0], k = s[1], n = s[2];
      int aOff = rng.nextInt(0, 4);
      float[] a = sparse(rng, aOff + m * k, 0.5);
      float[] b = sparse(rng, m * n, 0.5);
      int cb = MatMulBlocked.transAColumns(m);
      int blocks = (k + cb - 1) / cb;
      float[] c = new float[k * n];
      ACTIVE.transAColumnBlocks(a, aOff, b, c, m, k, n, 0, blocks);
      float[] split = new float[k * n];
      for (int blk = 0; blk < blocks; blk++) {
        ACTIVE.transAColumnBlocks(a, aOff, b, split, m, k, n, blk, blk + 1);
      }
      float[] plain = new float[k * n];
      DenseKernels.PLAIN.transAColumnBlocks(a, aOff, b, plain, m, k, n, 0, blocks);
      String shape = "transAColumnBlocks " + m + "x" + k + "x" + n;
      assertBits(c, split, shape + " block by block");
      for (int p = 0; p < k; p++) {
        for (int j = 0; j < n; j++) {
          checkValue(a, aOff + p, k, b, j, n, m, 0f, c[p * n + j], plain[p * n + j],
              shape + " C[" + p + "][" + j + "]", n >= 16);
        }
      }
    }
  }

  @Test
  void transBColumnBlocksMatchReference() {
    SplittableRandom rng = new SplittableRandom(14);
    int[][] shapes = {{32, 64, 5408}, {5, 17, 40}, {1, 10, 33}, {6, 64, 130}, {4, 3, 16}};
    for (int[] s : shapes) {
      int m = s[0], n = s[1], k = s[2];
      float[] a = sparse(rng, m * n, 0.5);
      float[] b = sparse(rng, k * n, 0.1);
      int tb = MatMulBlocked.transposedColumns(n);
      int blocks = (k + tb - 1) / tb;
      float[] c = new float[m * k];
      ACTIVE.transBColumnBlocks(a, b, c, m, n, k, 0, blocks);
      float[] plain = new float[m * k];
      DenseKernels.PLAIN.transBColumnBlocks(a, b, plain, m, n, k, 0, blocks);
      String shape = "transBColumnBlocks " + m + "x" + n + "x" + k;
      // C[i][q] = sum_j A[i][j] B[q][j]: B's row q read as a column of B^T.
      float[] bt = transpose(b, k, n);
      for (int i = 0; i < m; i++) {
        for (int q = 0; q < k; q++) {
          checkValue(a, i * n, 1, bt, q, k, n, 0f, c[i * k + q], plain[i * k + q],
              shape + " C[" + i + "][" + q + "]", true);
        }
      }
    }
  }

  @Test
  void transARowBlockMatchesReference() {
    SplittableRandom rng = new SplittableRandom(16);
    // {k, n, rows}: the seed conv's patch, filters and positions of one image, then tails.
    int[][] shapes = {{9, 32, 676}, {9, 17, 50}, {27, 48, 33}, {4, 16, 1}, {5, 10, 7}};
    for (int[] s : shapes) {
      int k = s[0], n = s[1], rows = s[2];
      int r0 = rng.nextInt(0, 5);
      int r1 = r0 + rows;
      float[] a = sparse(rng, r1 * k, 0.4);
      float[] b = sparse(rng, r1 * n, 0.5);
      int off = rng.nextInt(0, 3);
      float[] c = new float[off + k * n];
      float[] plain = new float[off + k * n];
      ACTIVE.transARowBlock(a, 0, b, k, n, r0, r1, c, off);
      DenseKernels.PLAIN.transARowBlock(a, 0, b, k, n, r0, r1, plain, off);
      String shape = "transARowBlock " + k + "x" + n + " rows [" + r0 + ", " + r1 + ")";
      for (int p = 0; p < k; p++) {
        for (int j = 0; j < n; j++) {
          checkValue(a, r0 * k + p, k, b, r0 * n + j, n, rows, 0f, c[off + p * n + j],
              plain[off + p * n + j], shape + " C[" + p + "][" + j + "]", n >= 16);
        }
      }
    }
  }

  /**
   * The vector conv + pool writes the activated bias, without multiplying, at pooled positions
   * whose windows read only zeros (an MNIST digit leaves about half of them blank). Inputs that
   * are zero but for a block of values, with {@code -0} in the blank part, and with a NaN inside
   * the block or at a random place: every output must equal the plain loops' (a window that
   * touches the NaN is NaN, one that touches only zeros and {@code -0} is the activated bias),
   * on the geometries the vector kernels take, with SAME padding, strides and channels.
   */
  @Test
  void convPoolWritesTheBiasWhereWindowsReadOnlyZeros() {
    SplittableRandom rng = new SplittableRandom(23);
    for (ConvPoolTest.Geometry g : VECTOR_CONV_POOLS) {
      for (int trial = 0; trial < 12; trial++) {
        boolean relu = trial % 2 == 0;
        boolean nan = trial % 3 == 2;
        int image = g.h * g.w * g.c;
        float[] x = new float[g.batch * image];
        for (int n = 0; n < g.batch; n++) {
          int y0 = rng.nextInt(g.h);
          int x0 = rng.nextInt(g.w);
          int y1 = Math.min(g.h, y0 + 1 + rng.nextInt(Math.max(1, g.h / 3)));
          int x1 = Math.min(g.w, x0 + 1 + rng.nextInt(Math.max(1, g.w / 3)));
          for (int i = 0; i < image; i++) {
            int iy = i / (g.w * g.c);
            int ix = i / g.c % g.w;
            boolean inside = iy >= y0 && iy < y1 && ix >= x0 && ix < x1;
            x[n * image + i] = inside ? (float) (2 * rng.nextDouble() - 1)
                : rng.nextInt(5) == 0 ? -0f : 0f;
          }
          if (nan) {
            x[n * image + rng.nextInt(image)] = Float.NaN;
          }
        }
        // a NaN times a zero weight is NaN where the plain loops skip the weight: no zeros then
        float[] k = MatMulTest.random(rng, g.kh * g.kw * g.c * g.filters, nan ? 0 : 0.5);
        float[] bias = MatMulTest.random(rng, g.filters, 0.2);
        float[] y = new float[g.batch * g.poh * g.pow * g.filters];
        float[] plain = new float[y.length];
        ConvPool kernel = g.kernel();
        kernel.forward(x, 0, k, bias, relu, y, g.batch);
        kernel.forwardPlain(x, 0, k, bias, relu, plain, g.batch);
        for (int i = 0; i < y.length; i++) {
          String where = g + ", relu " + relu + ", NaN " + nan + ", output " + i;
          if (Float.isNaN(plain[i])) {
            assertTrue(Float.isNaN(y[i]), where + ": expected NaN, found " + y[i]);
          } else {
            assertEquals(plain[i], y[i], 1e-5 * (1 + Math.abs(plain[i])), where);
          }
        }
      }
    }
  }

  /**
   * One image listed by the conv for the Dense layer ({@link ConvPool#forwardListed}) at filter
   * counts that fill whole vectors and at counts that do not (5, 14 as channel pruning leaves the
   * seed, 17, 40: the last vector padded with zero filters), VALID and SAME, strides, channels:
   * exactly the indices where the plain loops' pooled value differs from its filter's activated
   * bias are listed, once each, in increasing order, with those differences in {@code delta};
   * {@code delta} and {@code index} have only {@link ConvPool#LIST_SLACK} entries of slack. With
   * a NaN in the image, its windows are listed and no padding lane is. The plain kernels have no
   * listed pass (-1).
   */
  @Test
  void convPoolListsEveryNonZeroDifferenceAtAnyFilterCount() {
    SplittableRandom rng = new SplittableRandom(31);
    ConvPoolTest.Geometry[] geometries = {
        new ConvPoolTest.Geometry(1, 28, 28, 1, 3, 3, 1, 1, false, 14, 2, 2, 2, 2, false),
        new ConvPoolTest.Geometry(1, 28, 28, 1, 3, 3, 1, 1, false, 32, 2, 2, 2, 2, false),
        new ConvPoolTest.Geometry(1, 12, 12, 1, 3, 3, 1, 1, false, 5, 2, 2, 2, 2, false),
        new ConvPoolTest.Geometry(1, 9, 7, 3, 3, 3, 1, 1, true, 17, 2, 2, 2, 2, false),
        new ConvPoolTest.Geometry(1, 11, 10, 2, 3, 2, 2, 1, true, 40, 2, 2, 2, 2, false),
        new ConvPoolTest.Geometry(1, 13, 17, 1, 3, 3, 1, 1, false, 48, 2, 2, 2, 2, false)};
    for (ConvPoolTest.Geometry g : geometries) {
      for (int trial = 0; trial < 8; trial++) {
        boolean relu = trial % 2 == 0;
        int image = g.h * g.w * g.c;
        float[] x = new float[image];
        int y0 = rng.nextInt(g.h);
        int x0 = rng.nextInt(g.w);
        for (int i = 0; i < image; i++) { // a block of values in zeros (blank windows)
          int iy = i / (g.w * g.c);
          int ix = i / g.c % g.w;
          boolean inside = iy >= y0 && iy < y0 + 1 + g.h / 2 && ix >= x0 && ix < x0 + 1 + g.w / 2;
          x[i] = inside ? (float) (2 * rng.nextDouble() - 1) : 0f;
        }
        // a NaN: its windows' differences are listed, the padding lanes' (a NaN times their zero
        // weights) are not; no zero weights then (the plain loops skip those, the vector ones
        // multiply them)
        boolean nan = trial % 4 == 3;
        if (nan) {
          x[(y0 * g.w + x0) * g.c] = Float.NaN;
        }
        float[] k = MatMulTest.random(rng, g.kh * g.kw * g.c * g.filters, nan ? 0 : 0.5);
        float[] bias = MatMulTest.random(rng, g.filters, 0.2);
        int in = g.poh * g.pow * g.filters;
        float[] pooled = new float[in];
        ConvPool kernel = g.kernel();
        kernel.forwardPlain(x, 0, k, bias, relu, pooled, 1);
        float[] delta = new float[in + ConvPool.LIST_SLACK];
        java.util.Arrays.fill(delta, 7f);
        int[] index = new int[in + ConvPool.LIST_SLACK];
        int count = kernel.forwardListed(x, 0, k, bias, relu, delta, index);
        String where = g + ", relu " + relu + ", NaN " + nan + ", trial " + trial;
        assertEquals(VECTOR, kernel.vectorListed(), where);
        if (!VECTOR) {
          assertEquals(-1, count, where + ": the plain kernels have no listed pass");
          continue;
        }
        int t = 0;
        for (int i = 0; i < in; i++) {
          float rest = relu ? Math.max(bias[i % g.filters], 0f) : bias[i % g.filters];
          float expected = pooled[i] - rest;
          if (expected == 0f) {
            continue;
          }
          assertTrue(t < count && index[t] == i, where + ": expected index " + i + " listed as "
              + "entry " + t + ", found " + (t < count ? index[t] : "the list's end " + count));
          if (Float.isNaN(expected)) {
            assertTrue(Float.isNaN(delta[i]), where + ", " + i + ": expected NaN, found "
                + delta[i]);
          } else {
            assertEquals(expected, delta[i], 1e-5 * (1 + Math.abs(expected)), where + ", " + i);
          }
          t++;
        }
        assertEquals(t, count, where + ": entries listed");
      }
    }
  }

  /**
   * The fused conv + pool of inference at filter counts the vector kernels take (multiples of
   * 16: the seed's 32, and 16 and 48; with 2x2 pooling also 5, 14 and 40, padded), VALID and
   * SAME convolutions, strides, channels, batches: against ConvPoolTest's double reference.
   * Geometries with the pool's SAME padding are left to ConvPool's own loops by every
   * implementation, as are other pools at other counts.
   */
  @Test
  void convPoolMatchesReferenceAtVectorFilterCounts() {
    SplittableRandom rng = new SplittableRandom(17);
    for (ConvPoolTest.Geometry g : VECTOR_CONV_POOLS) {
      for (boolean relu : new boolean[] {true, false}) {
        float[] x = MatMulTest.random(rng, g.batch * g.h * g.w * g.c, 0.3);
        float[] k = MatMulTest.random(rng, g.kh * g.kw * g.c * g.filters, 0.5);
        float[] bias = relu ? MatMulTest.random(rng, g.filters, 0) : null;
        ConvPoolTest.compare(g, g.kernel(), x, k, bias, relu, g + ", relu " + relu);
        float[] y = new float[g.batch * g.poh * g.pow * g.filters];
        boolean took = ACTIVE.convPool(g.kernel(), x, 0, k, bias, relu, y, g.batch);
        boolean poolInside = g.poolPadTop == 0 && g.poolPadLeft == 0
            && (g.poh - 1) * g.psh + g.ph <= g.oh && (g.pow - 1) * g.psw + g.pw <= g.ow;
        boolean filtersFit = g.filters % 16 == 0 || g.ph == 2 && g.pw == 2;
        assertEquals(VECTOR && poolInside && filtersFit, took, g + ": whether the " + ACTIVE.name()
            + " kernels compute it themselves");
      }
    }
  }

  /**
   * {@code fewRows} lists a row's non-zero entries before it multiplies them (sixteen lanes at a
   * time, a byte of lanes per table row, on AVX-512): every entry that is not {@code +0} or
   * {@code -0} must be listed, at every position of a vector and of a byte, including NaN,
   * infinities and subnormals, and runs of zeros of every length skipped. Checked against the
   * plain kernel, which multiplies every entry, on rows whose non-zeros sit one per vector, one
   * per byte, in the last lane, in the tail after the last whole vector, and nowhere.
   */
  @Test
  void fewRowsListEveryNonZeroAtEveryLane() {
    int k = 16 * 9 + 5;
    int n = 32;
    SplittableRandom rng = new SplittableRandom(31);
    float[] b = sparse(rng, k * n, 0);
    float[] bias = sparse(rng, n, 0);
    float[][] specials = {{Float.MIN_VALUE, -Float.MIN_VALUE}, {-0f, 0f}, {Float.NaN},
        {Float.POSITIVE_INFINITY}, {1f, -2.5f}};
    for (float[] special : specials) {
      for (int stride : new int[] {1, 3, 7, 8, 15, 16, 17, k + 1}) {
        for (int first = 0; first < 17; first++) {
          float[] a = new float[k];
          for (int p = first, s = 0; p < k; p += stride, s++) {
            a[p] = special[s % special.length];
          }
          float[] c = new float[n];
          float[] plain = new float[n];
          ACTIVE.fewRows(a, 0, b, bias, c, 1, k, n);
          DenseKernels.PLAIN.fewRows(a, 0, b, bias, plain, 1, k, n);
          for (int j = 0; j < n; j++) {
            String where = "entries " + java.util.Arrays.toString(special) + " every " + stride
                + " from " + first + ", C[" + j + "]";
            if (Float.isNaN(plain[j]) || Float.isInfinite(plain[j])) {
              assertEquals(plain[j], c[j], 0f, where);
            } else {
              assertEquals(plain[j], c[j], 1e-5 * (1 + Math.abs(plain[j])), where);
            }
          }
        }
      }
    }
  }

  @Test
  void publicProductsAtTheSeedShapesMatchPlainKernels() {
    SplittableRandom rng = new SplittableRandom(15);
    for (int batch : new int[] {1, 3, 32, 256}) {
      float[] a = sparse(rng, batch * 5408, 0.6);
      float[] w = sparse(rng, 5408 * 64, 0.1);
      float[] bias = sparse(rng, 64, 0);
      float[] c = new float[batch * 64];
      MatMul.mulAddBias(a, 0, w, bias, c, batch, 5408, 64);
      float[] plain = new float[batch * 64];
      if (batch < 4) {
        DenseKernels.PLAIN.fewRows(a, 0, w, bias, plain, batch, 5408, 64);
      } else {
        DenseKernels.PLAIN.forwardRows(a, 0, w, bias, plain, batch, 5408, 64, 0, batch);
      }
      for (int i = 0; i < batch; i++) {
        for (int j = 0; j < 64; j++) {
          checkValue(a, i * 5408, 1, w, j, 64, 5408, bias[j], c[i * 64 + j], plain[i * 64 + j],
              "mulAddBias batch " + batch + " C[" + i + "][" + j + "]", false);
        }
      }
    }
  }

  /**
   * Checks one output value {@code actual = init + sum_s x[xAt + s*xs] * w[wAt + s*ws]}
   * ({@code s < terms}) against the double reference (both implementations) and, for the
   * Vector API kernels when {@code exactOrder}, bit for bit against the scalar fused sum.
   */
  private static void checkValue(float[] x, int xAt, int xs, float[] w, int wAt, int ws,
      int terms, float init, float actual, float plain, String where, boolean exactOrder) {
    double sum = init;
    double scale = Math.abs(init);
    float fused = init;
    for (int s = 0; s < terms; s++) {
      float xv = x[xAt + s * xs];
      float wv = w[wAt + s * ws];
      sum += (double) xv * wv;
      scale += Math.abs((double) xv * wv);
      if (xv != 0f) {
        fused = Math.fma(xv, wv, fused);
      }
    }
    double tolerance = Tolerances.sumOf(terms);
    assertClose(sum, actual, tolerance, scale, where + " (" + ACTIVE.name() + ")");
    assertClose(sum, plain, tolerance, scale, where + " (plain)");
    if (VECTOR && exactOrder && Float.floatToIntBits(fused) != Float.floatToIntBits(actual)) {
      throw new AssertionError(where + ": expected the scalar fused sum " + fused + ", found "
          + actual);
    }
  }

  private static void assertBits(float[] expected, float[] actual, String where) {
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
        throw new AssertionError(where + ": entry " + i + " is " + actual[i] + ", expected "
            + expected[i]);
      }
    }
  }

  /** Uniform in [-1, 1), with a share {@code zeros} of exact zeros. */
  private static float[] sparse(SplittableRandom rng, int size, double zeros) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = rng.nextDouble() < zeros ? 0f : (float) (2 * rng.nextDouble() - 1);
    }
    return v;
  }

  private static void zeroRow(float[] a, int aOff, int k, int row) {
    java.util.Arrays.fill(a, aOff + row * k, aOff + (row + 1) * k, 0f);
  }

  private static float[] transpose(float[] b, int rows, int cols) {
    float[] t = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = b[r * cols + c];
      }
    }
    return t;
  }
}
