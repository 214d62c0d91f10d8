package dev.topiary.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.codehaus.mojo.animal_sniffer.IgnoreJRERequirement;

/**
 * The register tiles of {@link VectorDenseKernels}: one shape of product serves the forward
 * product, {@code A^T B} and {@code A B^T} alike. Output row {@code r < rows}, column
 * {@code j < width}:
 *
 * <pre>
 * c[cAt + r*cRs + j] = init[initAt + r*initRs + j]                      (0 when init is null)
 *                    + sum over s in [s0, s1) of x(r, s) * b[bAt + s*bs + j]
 * with x(r, s) = a[aAt + r*rs + s*ss]
 * </pre>
 *
 * summed in order of {@code s}, one fused multiply-add per term, terms whose {@code x} is zero
 * skipped (for a tile of four rows: steps where all four are zero). So every output value is
 * the same bits as the scalar loop {@code acc = Math.fma(x, b, acc)} over its non-zero terms,
 * whatever tile computed it. Four rows by four vectors is sixteen accumulators, four loads of
 * {@code b} and four broadcasts per sixteen multiply-adds, within AVX-512's 32 registers.
 */
// Java 17+ only (META-INF/versions/17 of the runtime jar), never loaded on Android.
@IgnoreJRERequirement
final class VectorTiles {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorTiles() {}

  static void rows(float[] a, int aAt, int rs, int ss, float[] b, int bAt, int bs, int s0,
      int s1, int width, float[] init, int initAt, int initRs, float[] c, int cAt, int cRs,
      int rows) {
    Scratch scratch = Scratch.get();
    int[] steps = scratch.indices(s1 - s0 + 1);
    if (init == null) { // a vector chosen between two sources is boxed by C2 (JDK 17)
      init = scratch.zeros(width);
      initAt = 0;
      initRs = 0;
    }
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      int x = aAt + r * rs;
      int i = initAt + r * initRs;
      int o = cAt + r * cRs;
      int count = steps(a, x, rs, 4, ss, s0, s1, steps);
      int j = 0;
      for (; j + 4 * L <= width; j += 4 * L) {
        tile4x4(a, x, rs, ss, b, bAt + j, bs, steps, count, init, i + j, initRs, c, o + j, cRs);
      }
      for (; j + 2 * L <= width; j += 2 * L) {
        tile4x2(a, x, rs, ss, b, bAt + j, bs, steps, count, init, i + j, initRs, c, o + j, cRs);
      }
      for (; j + L <= width; j += L) {
        tile4x1(a, x, rs, ss, b, bAt + j, bs, steps, count, init, i + j, initRs, c, o + j, cRs);
      }
      for (; j < width; j++) {
        for (int q = 0; q < 4; q++) {
          scalar(a, x + q * rs, ss, b, bAt + j, bs, s0, s1, init, i + q * initRs + j, c,
              o + q * cRs + j);
        }
      }
    }
    for (; r < rows; r++) {
      int x = aAt + r * rs;
      int i = initAt + r * initRs;
      int o = cAt + r * cRs;
      int count = steps(a, x, rs, 1, ss, s0, s1, steps);
      int j = 0;
      for (; j + 4 * L <= width; j += 4 * L) {
        tile1x4(a, x, ss, b, bAt + j, bs, steps, count, init, i + j, c, o + j);
      }
      for (; j + L <= width; j += L) {
        tile1x1(a, x, ss, b, bAt + j, bs, steps, count, init, i + j, c, o + j);
      }
      for (; j < width; j++) {
        scalar(a, x, ss, b, bAt + j, bs, s0, s1, init, i + j, c, o + j);
      }
    }
  }

  /**
   * Lists the steps {@code s} in {@code [s0, s1)} where any of the {@code rows} multipliers
   * {@code a[x + q*rs + s*ss]} is non-zero, branch-free; returns how many. The tiles then loop
   * over the list without a branch: a vector accumulator merged from two paths inside the loop
   * is boxed by C2 on JDK 17 (measured 4-20x slower than the plain kernels).
   */
  private static int steps(float[] a, int x, int rs, int rows, int ss, int s0, int s1,
      int[] steps) {
    int t = 0;
    if (rows == 4) {
      for (int s = s0; s < s1; s++) {
        int e = x + s * ss;
        boolean zero = a[e] == 0f & a[e + rs] == 0f & a[e + 2 * rs] == 0f & a[e + 3 * rs] == 0f;
        steps[t] = s;
        t += zero ? 0 : 1;
      }
    } else {
      for (int s = s0; s < s1; s++) {
        steps[t] = s;
        t += a[x + s * ss] == 0f ? 0 : 1;
      }
    }
    return t;
  }

  private static FloatVector init(float[] init, int at) {
    return FloatVector.fromArray(S, init, at);
  }

  private static void tile4x4(float[] a, int x0, int rs, int ss, float[] b, int bAt, int bs,
      int[] steps, int count, float[] init, int i0, int initRs, float[] c, int o0, int cRs) {
    int i1 = i0 + initRs;
    int i2 = i1 + initRs;
    int i3 = i2 + initRs;
    FloatVector c00 = init(init, i0);
    FloatVector c01 = init(init, i0 + L);
    FloatVector c02 = init(init, i0 + 2 * L);
    FloatVector c03 = init(init, i0 + 3 * L);
    FloatVector c10 = init(init, i1);
    FloatVector c11 = init(init, i1 + L);
    FloatVector c12 = init(init, i1 + 2 * L);
    FloatVector c13 = init(init, i1 + 3 * L);
    FloatVector c20 = init(init, i2);
    FloatVector c21 = init(init, i2 + L);
    FloatVector c22 = init(init, i2 + 2 * L);
    FloatVector c23 = init(init, i2 + 3 * L);
    FloatVector c30 = init(init, i3);
    FloatVector c31 = init(init, i3 + L);
    FloatVector c32 = init(init, i3 + 2 * L);
    FloatVector c33 = init(init, i3 + 3 * L);
    int x1 = x0 + rs;
    int x2 = x1 + rs;
    int x3 = x2 + rs;
    for (int t = 0; t < count; t++) {
      int s = steps[t];
      int e = s * ss;
      float a0 = a[x0 + e];
      float a1 = a[x1 + e];
      float a2 = a[x2 + e];
      float a3 = a[x3 + e];
      int u = bAt + s * bs;
      FloatVector b0 = FloatVector.fromArray(S, b, u);
      FloatVector b1 = FloatVector.fromArray(S, b, u + L);
      FloatVector b2 = FloatVector.fromArray(S, b, u + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, b, u + 3 * L);
      FloatVector v = FloatVector.broadcast(S, a0);
      c00 = b0.fma(v, c00);
      c01 = b1.fma(v, c01);
      c02 = b2.fma(v, c02);
      c03 = b3.fma(v, c03);
      v = FloatVector.broadcast(S, a1);
      c10 = b0.fma(v, c10);
      c11 = b1.fma(v, c11);
      c12 = b2.fma(v, c12);
      c13 = b3.fma(v, c13);
      v = FloatVector.broadcast(S, a2);
      c20 = b0.fma(v, c20);
      c21 = b1.fma(v, c21);
      c22 = b2.fma(v, c22);
      c23 = b3.fma(v, c23);
      v = FloatVector.broadcast(S, a3);
      c30 = b0.fma(v, c30);
      c31 = b1.fma(v, c31);
      c32 = b2.fma(v, c32);
      c33 = b3.fma(v, c33);
    }
    int o1 = o0 + cRs;
    int o2 = o1 + cRs;
    int o3 = o2 + cRs;
    c00.intoArray(c, o0);
    c01.intoArray(c, o0 + L);
    c02.intoArray(c, o0 + 2 * L);
    c03.intoArray(c, o0 + 3 * L);
    c10.intoArray(c, o1);
    c11.intoArray(c, o1 + L);
    c12.intoArray(c, o1 + 2 * L);
    c13.intoArray(c, o1 + 3 * L);
    c20.intoArray(c, o2);
    c21.intoArray(c, o2 + L);
    c22.intoArray(c, o2 + 2 * L);
    c23.intoArray(c, o2 + 3 * L);
    c30.intoArray(c, o3);
    c31.intoArray(c, o3 + L);
    c32.intoArray(c, o3 + 2 * L);
    c33.intoArray(c, o3 + 3 * L);
  }

  /** Four rows by two vectors: a convolution's 32 filters on AVX-512. */
  private static void tile4x2(float[] a, int x0, int rs, int ss, float[] b, int bAt, int bs,
      int[] steps, int count, float[] init, int i0, int initRs, float[] c, int o0, int cRs) {
    int i1 = i0 + initRs;
    int i2 = i1 + initRs;
    int i3 = i2 + initRs;
    FloatVector c00 = init(init, i0);
    FloatVector c01 = init(init, i0 + L);
    FloatVector c10 = init(init, i1);
    FloatVector c11 = init(init, i1 + L);
    FloatVector c20 = init(init, i2);
    FloatVector c21 = init(init, i2 + L);
    FloatVector c30 = init(init, i3);
    FloatVector c31 = init(init, i3 + L);
    int x1 = x0 + rs;
    int x2 = x1 + rs;
    int x3 = x2 + rs;
    for (int t = 0; t < count; t++) {
      int s = steps[t];
      int e = s * ss;
      int u = bAt + s * bs;
      FloatVector b0 = FloatVector.fromArray(S, b, u);
      FloatVector b1 = FloatVector.fromArray(S, b, u + L);
      FloatVector v = FloatVector.broadcast(S, a[x0 + e]);
      c00 = b0.fma(v, c00);
      c01 = b1.fma(v, c01);
      v = FloatVector.broadcast(S, a[x1 + e]);
      c10 = b0.fma(v, c10);
      c11 = b1.fma(v, c11);
      v = FloatVector.broadcast(S, a[x2 + e]);
      c20 = b0.fma(v, c20);
      c21 = b1.fma(v, c21);
      v = FloatVector.broadcast(S, a[x3 + e]);
      c30 = b0.fma(v, c30);
      c31 = b1.fma(v, c31);
    }
    int o1 = o0 + cRs;
    int o2 = o1 + cRs;
    int o3 = o2 + cRs;
    c00.intoArray(c, o0);
    c01.intoArray(c, o0 + L);
    c10.intoArray(c, o1);
    c11.intoArray(c, o1 + L);
    c20.intoArray(c, o2);
    c21.intoArray(c, o2 + L);
    c30.intoArray(c, o3);
    c31.intoArray(c, o3 + L);
  }

  private static void tile4x1(float[] a, int x0, int rs, int ss, float[] b, int bAt, int bs,
      int[] steps, int count, float[] init, int i0, int initRs, float[] c, int o0, int cRs) {
    FloatVector c0 = init(init, i0);
    FloatVector c1 = init(init, i0 + initRs);
    FloatVector c2 = init(init, i0 + 2 * initRs);
    FloatVector c3 = init(init, i0 + 3 * initRs);
    int x1 = x0 + rs;
    int x2 = x1 + rs;
    int x3 = x2 + rs;
    for (int t = 0; t < count; t++) {
      int s = steps[t];
      int e = s * ss;
      float a0 = a[x0 + e];
      float a1 = a[x1 + e];
      float a2 = a[x2 + e];
      float a3 = a[x3 + e];
      FloatVector b0 = FloatVector.fromArray(S, b, bAt + s * bs);
      c0 = b0.fma(FloatVector.broadcast(S, a0), c0);
      c1 = b0.fma(FloatVector.broadcast(S, a1), c1);
      c2 = b0.fma(FloatVector.broadcast(S, a2), c2);
      c3 = b0.fma(FloatVector.broadcast(S, a3), c3);
    }
    c0.intoArray(c, o0);
    c1.intoArray(c, o0 + cRs);
    c2.intoArray(c, o0 + 2 * cRs);
    c3.intoArray(c, o0 + 3 * cRs);
  }

  private static void tile1x4(float[] a, int x0, int ss, float[] b, int bAt, int bs,
      int[] steps, int count, float[] init, int i0, float[] c, int o0) {
    FloatVector c0 = init(init, i0);
    FloatVector c1 = init(init, i0 + L);
    FloatVector c2 = init(init, i0 + 2 * L);
    FloatVector c3 = init(init, i0 + 3 * L);
    for (int t = 0; t < count; t++) {
      int s = steps[t];
      float a0 = a[x0 + s * ss];
      int u = bAt + s * bs;
      FloatVector v = FloatVector.broadcast(S, a0);
      c0 = FloatVector.fromArray(S, b, u).fma(v, c0);
      c1 = FloatVector.fromArray(S, b, u + L).fma(v, c1);
      c2 = FloatVector.fromArray(S, b, u + 2 * L).fma(v, c2);
      c3 = FloatVector.fromArray(S, b, u + 3 * L).fma(v, c3);
    }
    c0.intoArray(c, o0);
    c1.intoArray(c, o0 + L);
    c2.intoArray(c, o0 + 2 * L);
    c3.intoArray(c, o0 + 3 * L);
  }

  private static void tile1x1(float[] a, int x0, int ss, float[] b, int bAt, int bs,
      int[] steps, int count, float[] init, int i0, float[] c, int o0) {
    FloatVector c0 = init(init, i0);
    for (int t = 0; t < count; t++) {
      int s = steps[t];
      c0 = FloatVector.fromArray(S, b, bAt + s * bs)
          .fma(FloatVector.broadcast(S, a[x0 + s * ss]), c0);
    }
    c0.intoArray(c, o0);
  }

  private static void scalar(float[] a, int x0, int ss, float[] b, int bAt, int bs, int s0,
      int s1, float[] init, int i0, float[] c, int o0) {
    float acc = init[i0];
    for (int s = s0; s < s1; s++) {
      float a0 = a[x0 + s * ss];
      if (a0 != 0f) {
        acc = Math.fma(a0, b[bAt + s * bs], acc);
      }
    }
    c[o0] = acc;
  }
}
