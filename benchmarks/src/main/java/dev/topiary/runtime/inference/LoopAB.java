package dev.topiary.runtime.inference;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Which loop shapes C2 (JDK 17) vectorises at the seed's 169 pooled positions: one loop taking
 * the maximum of a filter's four 2x2 window offsets' sums against one loop per window offset
 * (the first ran 6x slower: it is not vectorised), and the old ConvPool's four-tap passes.
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.topiary.runtime.inference.LoopAB [positions]}</pre>
 */
public final class LoopAB {
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 169;
    SplittableRandom r = new SplittableRandom(1);
    float[][] a = new float[8][n];
    for (float[] row : a) for (int i = 0; i < n; i++) row[i] = (float) r.nextDouble();
    float[] out = new float[n];
    float[] s = new float[n];
    double sink = 0;
    String[] names = {"fused2(8 arrays)", "4 loops x 2 taps", "fused1(4 arrays)", "4 loops x 1 tap", "4 loops of 4 taps (old)", "2 loops x 2 windows x 1 tap", "2 loops x 2 windows x 2 taps"};
    for (int round = 0; round < 8; round++) {
      long[] t = new long[names.length];
      for (int v = 0; v < names.length; v++) {
        long t0 = System.nanoTime();
        for (int it = 0; it < 32 * 20000; it++) {
          switch (v) {
            case 0: fused2(0.1f, 0.5f, 0.7f, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], out, n); break;
            case 1: sep2(0.1f, 0.5f, 0.7f, a, out, n); break;
            case 2: fused1(0.1f, 0.5f, a[0], a[1], a[2], a[3], out, n); break;
            case 3: sep1(0.1f, 0.5f, a, out, n); break;
            case 4: old4(0.1f, a, out, n); break;
            case 5: pairs1(0.1f, 0.5f, a, out, n); break;
            default: pairs2(0.1f, 0.5f, 0.7f, a, out, n);
          }
          sink += out[3];
        }
        t[v] = System.nanoTime() - t0;
      }
      StringBuilder sb = new StringBuilder();
      for (int v = 0; v < names.length; v++) sb.append(String.format(Locale.ROOT, "%s %.1f ns  ", names[v], t[v] / (32 * 20000.0)));
      System.out.println(sb + (sink == 0 ? "!" : ""));
    }
  }

  static void fused2(float b, float w0, float w1, float[] a0, float[] a1, float[] b0, float[] b1, float[] c0, float[] c1, float[] d0, float[] d1, float[] out, int n) {
    for (int q = 0; q < n; q++) {
      out[q] = Math.max(Math.max(b + (w0 * a0[q] + w1 * a1[q]), b + (w0 * b0[q] + w1 * b1[q])),
          Math.max(b + (w0 * c0[q] + w1 * c1[q]), b + (w0 * d0[q] + w1 * d1[q])));
    }
  }

  static void sep2(float b, float w0, float w1, float[][] a, float[] out, int n) {
    float[] x0 = a[0], x1 = a[1];
    for (int q = 0; q < n; q++) out[q] = b + (w0 * x0[q] + w1 * x1[q]);
    for (int w = 1; w < 4; w++) {
      float[] y0 = a[2 * w], y1 = a[2 * w + 1];
      for (int q = 0; q < n; q++) out[q] = Math.max(out[q], b + (w0 * y0[q] + w1 * y1[q]));
    }
  }

  static void fused1(float b, float w0, float[] a, float[] bb, float[] cc, float[] d, float[] out, int n) {
    for (int q = 0; q < n; q++) {
      out[q] = Math.max(Math.max(b + w0 * a[q], b + w0 * bb[q]), Math.max(b + w0 * cc[q], b + w0 * d[q]));
    }
  }

  static void sep1(float b, float w0, float[][] a, float[] out, int n) {
    float[] x0 = a[0];
    for (int q = 0; q < n; q++) out[q] = b + w0 * x0[q];
    for (int w = 1; w < 4; w++) {
      float[] y0 = a[w];
      for (int q = 0; q < n; q++) out[q] = Math.max(out[q], b + w0 * y0[q]);
    }
  }

  static void pairs1(float b, float w0, float[][] a, float[] out, int n) {
    float[] x0 = a[0], x1 = a[1], x2 = a[2], x3 = a[3];
    for (int q = 0; q < n; q++) out[q] = Math.max(b + w0 * x0[q], b + w0 * x1[q]);
    for (int q = 0; q < n; q++) out[q] = Math.max(out[q], Math.max(b + w0 * x2[q], b + w0 * x3[q]));
  }

  static void pairs2(float b, float w0, float w1, float[][] a, float[] out, int n) {
    float[] x0 = a[0], x1 = a[1], x2 = a[2], x3 = a[3], x4 = a[4], x5 = a[5], x6 = a[6], x7 = a[7];
    for (int q = 0; q < n; q++) out[q] = Math.max(b + (w0 * x0[q] + w1 * x1[q]), b + (w0 * x2[q] + w1 * x3[q]));
    for (int q = 0; q < n; q++) out[q] = Math.max(out[q], Math.max(b + (w0 * x4[q] + w1 * x5[q]), b + (w0 * x6[q] + w1 * x7[q])));
  }

  static void old4(float b, float[][] a, float[] out, int n) {
    for (int w = 0; w < 4; w++) {
      float[] x0 = a[w], x1 = a[w + 1], x2 = a[w + 2], x3 = a[w + 3];
      if (w == 0) {
        for (int q = 0; q < n; q++) out[q] = b + ((0.1f * x0[q] + 0.2f * x1[q]) + (0.3f * x2[q] + 0.4f * x3[q]));
      } else {
        for (int q = 0; q < n; q++) out[q] = Math.max(out[q], b + ((0.1f * x0[q] + 0.2f * x1[q]) + (0.3f * x2[q] + 0.4f * x3[q])));
      }
    }
  }
}
