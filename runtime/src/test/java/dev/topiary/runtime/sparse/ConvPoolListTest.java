package dev.topiary.runtime.sparse;

import dev.topiary.runtime.kernels.ConvGeometry;
import dev.topiary.runtime.kernels.PoolGeometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.kernels.Conv2DKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvPoolList} against plain loops (a direct convolution in double, the activation, then
 * max pooling): the seed CNN's shapes, odd sizes, several channels, strides, SAME padding of both
 * layers, kernels with 0%, 80% and 100% zeros and filters with none, one, two, three or all taps,
 * both activations, and all three outputs (dense, listed channel-major, listed in a given order),
 * each read back into the dense tensor. And {@link LaneConvPool}, the same layers over a tile of
 * images in lane layout, on the geometries it accepts, each image's lane against the plain loops.
 */
class ConvPoolListTest {
  /** A conv and pool geometry (Keras shapes). */
  private static final class Geometry {
    final int h, w, c, kh, kw, sh, sw, filters, ph, pw, psh, psw;
    final int oh, ow, padTop, padLeft, poh, pow, poolPadTop, poolPadLeft;

    Geometry(int h, int w, int c, int kh, int kw, int sh, int sw, boolean same, int filters,
        int ph, int pw, int psh, int psw, boolean poolSame) {
      this.h = h;
      this.w = w;
      this.c = c;
      this.kh = kh;
      this.kw = kw;
      this.sh = sh;
      this.sw = sw;
      this.filters = filters;
      this.ph = ph;
      this.pw = pw;
      this.psh = psh;
      this.psw = psw;
      oh = Conv2DKernels.outputSize(h, kh, sh, same);
      ow = Conv2DKernels.outputSize(w, kw, sw, same);
      padTop = Conv2DKernels.padBefore(h, kh, sh, same);
      padLeft = Conv2DKernels.padBefore(w, kw, sw, same);
      poh = oh > 0 ? Conv2DKernels.outputSize(oh, ph, psh, poolSame) : 0;
      pow = ow > 0 ? Conv2DKernels.outputSize(ow, pw, psw, poolSame) : 0;
      poolPadTop = oh > 0 ? Conv2DKernels.padBefore(oh, ph, psh, poolSame) : 0;
      poolPadLeft = ow > 0 ? Conv2DKernels.padBefore(ow, pw, psw, poolSame) : 0;
    }

    boolean valid() {
      return oh > 0 && ow > 0 && poh > 0 && pow > 0;
    }

    ConvGeometry conv() {
      return new ConvGeometry(h, w, c, kh, kw, sh, sw, padTop, padLeft, oh, ow, filters);
    }

    PoolGeometry pool() {
      return new PoolGeometry(oh, ow, filters, ph, pw, psh, psw, poolPadTop, poolPadLeft, poh, pow);
    }

    ConvPoolList kernel(float[] k, float[] bias, boolean relu) {
      return new ConvPoolList(new ConvGeometry(h, w, c, kh, kw, sh, sw, padTop, padLeft, oh, ow, filters), new PoolGeometry(oh, ow, filters, ph, pw, psh, psw, poolPadTop, poolPadLeft, poh, pow), k, bias, relu);
    }

    /** Plain loops in double; {@code scale} gets each output's sum of term magnitudes. */
    double[] reference(float[] x, int xOff, float[] k, float[] bias, boolean relu,
        double[] scale) {
      double[] y = new double[poh * pow * filters];
      for (int py = 0; py < poh; py++) {
        for (int px = 0; px < pow; px++) {
          for (int f = 0; f < filters; f++) {
            double best = Double.NEGATIVE_INFINITY;
            double mag = 0;
            for (int wy = 0; wy < ph; wy++) {
              for (int wx = 0; wx < pw; wx++) {
                int oy = py * psh - poolPadTop + wy;
                int ox = px * psw - poolPadLeft + wx;
                if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) {
                  continue; // the pool's padding never wins
                }
                double s = bias == null ? 0 : bias[f];
                double m = Math.abs(s);
                for (int ky = 0; ky < kh; ky++) {
                  for (int kx = 0; kx < kw; kx++) {
                    int iy = oy * sh + ky - padTop;
                    int ix = ox * sw + kx - padLeft;
                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                      continue;
                    }
                    for (int ch = 0; ch < c; ch++) {
                      double term = (double) x[xOff + (iy * w + ix) * c + ch]
                          * k[((ky * kw + kx) * c + ch) * filters + f];
                      s += term;
                      m += Math.abs(term);
                    }
                  }
                }
                best = Math.max(best, s);
                mag = Math.max(mag, m);
              }
            }
            int at = (py * pow + px) * filters + f;
            y[at] = relu ? Math.max(best, 0) : best;
            scale[at] = mag;
          }
        }
      }
      return y;
    }

    @Override
    public String toString() {
      return h + "x" + w + "x" + c + ", conv " + kh + "x" + kw + "/" + sh + "x" + sw + " x"
          + filters + " pad " + padTop + "," + padLeft + ", pool " + ph + "x" + pw + "/" + psh
          + "x" + psw + " pad " + poolPadTop + "," + poolPadLeft;
    }
  }

  private static List<Geometry> geometries() {
    List<Geometry> cases = new ArrayList<>(Arrays.asList(
        new Geometry(28, 28, 1, 3, 3, 1, 1, false, 32, 2, 2, 2, 2, false), // the seed CNN
        new Geometry(28, 28, 1, 3, 3, 1, 1, false, 14, 2, 2, 2, 2, false), // structured, compacted
        new Geometry(7, 7, 2, 3, 3, 1, 1, false, 3, 2, 2, 2, 2, false), // odd conv output
        new Geometry(7, 7, 2, 3, 3, 1, 1, true, 5, 2, 2, 2, 2, true), // both SAME
        new Geometry(9, 8, 3, 3, 2, 2, 1, true, 4, 3, 3, 2, 2, true), // overlapping windows
        new Geometry(6, 6, 1, 1, 1, 1, 1, false, 2, 3, 3, 3, 3, false),
        new Geometry(5, 5, 2, 2, 2, 1, 1, false, 3, 1, 1, 1, 1, false))); // pool 1x1
    SplittableRandom rng = new SplittableRandom(31);
    while (cases.size() < 40) {
      Geometry g = new Geometry(rng.nextInt(1, 10), rng.nextInt(1, 10), rng.nextInt(1, 4),
          rng.nextInt(1, 4), rng.nextInt(1, 4), rng.nextInt(1, 3), rng.nextInt(1, 3),
          rng.nextBoolean(), rng.nextInt(1, 6), rng.nextInt(1, 4), rng.nextInt(1, 4),
          rng.nextInt(1, 4), rng.nextInt(1, 4), rng.nextBoolean());
      if (g.valid()) {
        cases.add(g);
      }
    }
    return cases;
  }

  @Test
  void matchesConvolutionActivationAndPoolingAsPlainLoops() {
    SplittableRandom rng = new SplittableRandom(8);
    for (Geometry g : geometries()) {
      for (double kernelZeros : new double[] {0, 0.8, 1}) {
        for (boolean relu : new boolean[] {true, false}) {
          float[] x = random(rng, g.h * g.w * g.c, 0.3);
          float[] k = random(rng, g.kh * g.kw * g.c * g.filters, kernelZeros);
          float[] bias = rng.nextBoolean() ? null : random(rng, g.filters, 0);
          check(g, x, k, bias, relu, g + ", " + kernelZeros + " zeros, relu " + relu);
        }
      }
    }
  }

  @Test
  void filtersWithEveryNumberOfTapsAndAllNegativeSums() {
    SplittableRandom rng = new SplittableRandom(9);
    Geometry g = new Geometry(13, 11, 1, 3, 3, 1, 1, false, 10, 2, 2, 2, 2, false);
    float[] x = random(rng, g.h * g.w, 0.5);
    float[] k = new float[9 * 10];
    for (int f = 0; f < 10; f++) { // filter f keeps f taps (0 to 9): every pass length
      for (int t = 0; t < Math.min(f, 9); t++) {
        k[t * 10 + f] = (float) rng.nextDouble(-1, 1);
      }
    }
    float[] bias = random(rng, 10, 0);
    check(g, x, k, bias, true, "taps 0..9, relu");
    check(g, x, k, bias, false, "taps 0..9, identity");
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.abs(x[i]);
    }
    for (int i = 0; i < k.length; i++) {
      k[i] = -Math.abs(k[i]);
    }
    Arrays.fill(bias, -0.25f);
    check(g, x, k, bias, true, "all negative, relu: nothing listed");
    check(g, x, k, bias, false, "all negative, identity");
  }

  @Test
  void laneLayoutMatchesThePlainLoopsImageByImage() {
    SplittableRandom rng = new SplittableRandom(12);
    int accepted = 0;
    List<Geometry> cases = geometries();
    cases.add(new Geometry(13, 11, 2, 3, 3, 1, 1, false, 10, 2, 2, 2, 2, false));
    for (Geometry g : cases) {
      if (!LaneConvPool.accepts(g.pool())) {
        continue;
      }
      accepted++;
      for (double kernelZeros : new double[] {0, 0.5, 0.8, 1}) {
        for (int images : new int[] {1, 5, LaneConvPool.LANES}) {
          float[] k = random(rng, g.kh * g.kw * g.c * g.filters, kernelZeros);
          float[] bias = rng.nextBoolean() ? null : random(rng, g.filters, 0);
          boolean relu = rng.nextBoolean();
          checkLanes(g, rng, k, bias, relu, images, g + ", " + kernelZeros + " zeros, relu "
              + relu + ", " + images + " images");
        }
      }
    }
    assertTrue(accepted >= 10, "too few geometries in lane layout: " + accepted);
  }

  @Test
  void laneLayoutFiltersWithEveryNumberOfTaps() {
    SplittableRandom rng = new SplittableRandom(13);
    Geometry g = new Geometry(13, 11, 1, 3, 3, 1, 1, false, 10, 2, 2, 2, 2, false);
    float[] k = new float[9 * 10];
    for (int f = 0; f < 10; f++) { // filter f keeps f taps: every specialised and general path
      for (int t = 0; t < Math.min(f, 9); t++) {
        k[t * 10 + f] = (float) rng.nextDouble(-1, 1);
      }
    }
    float[] bias = random(rng, 10, 0);
    checkLanes(g, rng, k, bias, true, 16, "taps 0..9, relu");
    checkLanes(g, rng, k, bias, false, 3, "taps 0..9, identity");
  }

  /** A tile of {@code images} random images: each lane against the reference, over two calls. */
  private static void checkLanes(Geometry g, SplittableRandom rng, float[] k, float[] bias,
      boolean relu, int images, String where) {
    int image = g.h * g.w * g.c;
    int xOff = 3;
    float[] x = new float[xOff + images * image + 3];
    Arrays.fill(x, Float.NaN); // reading outside the tile's images shows
    for (int i = 0; i < images; i++) {
      System.arraycopy(random(rng, image, 0.3), 0, x, xOff + i * image, image);
    }
    LaneConvPool lanes = new LaneConvPool(g.conv(), g.pool(), k, bias, relu);
    int n = g.poh * g.pow * g.filters;
    assertEquals(n, lanes.outputSize());
    int lanesPerTile = LaneConvPool.LANES;
    for (int call = 0; call < 2; call++) {
      float[] out = new float[n * lanesPerTile];
      Arrays.fill(out, Float.NaN);
      lanes.forward(x, xOff, images, out);
      for (int i = 0; i < images; i++) {
        double[] scale = new double[n];
        double[] expected = g.reference(x, xOff + i * image, k, bias, relu, scale);
        float[] lane = new float[n];
        for (int v = 0; v < n; v++) {
          lane[v] = out[v * lanesPerTile + i];
        }
        compare(expected, scale, lane, where + ", image " + i);
      }
      for (int v = 0; v < n * lanesPerTile; v++) {
        assertTrue(!Float.isNaN(out[v]), where + ": lane value " + v + " not written");
      }
    }
  }

  @Test
  void ordersTheListByTheDenseRowsLengthsAndBuildsTheMatchingRows() {
    SplittableRandom rng = new SplittableRandom(10);
    Geometry g = new Geometry(8, 8, 1, 3, 3, 1, 1, false, 3, 2, 2, 2, 2, false);
    int in = g.poh * g.pow * g.filters;
    float[] k = random(rng, 9 * 3, 0.5);
    ConvPoolList conv = g.kernel(k, null, true);
    float[] dense = random(rng, in * 5, 0.7);
    int[] order = conv.rowsByLength(dense, 5);
    assertEquals(in, order.length);
    CsrMatrix rows = conv.sparseRows(dense, 5, order);
    float[][] listRows = conv.listRows(dense, 5);
    int last = -1;
    boolean[] seen = new boolean[in];
    for (int t = 0; t < in; t++) {
      int f = order[t] / (g.poh * g.pow);
      int q = order[t] % (g.poh * g.pow);
      int nhwc = q * g.filters + f;
      float[] row = Arrays.copyOfRange(dense, nhwc * 5, nhwc * 5 + 5);
      int length = rows.rowPtr[t + 1] - rows.rowPtr[t];
      assertTrue(length >= last, "shortest rows first");
      last = length;
      assertEquals(Arrays.toString(row), Arrays.toString(listRows[order[t]]));
      for (int j = 0; j < 5; j++) {
        assertEquals(row[j] != 0f ? 1 : 0, count(rows, t, j, row[j]));
      }
      assertTrue(!seen[order[t]], "a permutation");
      seen[order[t]] = true;
    }
  }

  private static int count(CsrMatrix m, int r, int col, float value) {
    int n = 0;
    for (int q = m.rowPtr[r]; q < m.rowPtr[r + 1]; q++) {
      if (m.colIdx[q] == col) {
        assertEquals(value, m.values[q]);
        n++;
      }
    }
    return n;
  }

  /** All three outputs against the reference, the buffers reused over two calls. */
  private static void check(Geometry g, float[] x, float[] k, float[] bias, boolean relu,
      String where) {
    int xOff = 5;
    float[] xe = new float[x.length + 2 * xOff];
    Arrays.fill(xe, Float.NaN); // reading outside the image shows
    System.arraycopy(x, 0, xe, xOff, x.length);
    ConvPoolList conv = g.kernel(k, bias, relu);
    int n = g.poh * g.pow * g.filters;
    assertEquals(n, conv.outputSize());
    double[] scale = new double[n];
    double[] expected = g.reference(xe, xOff, k, bias, relu, scale);
    for (int call = 0; call < 2; call++) {
      float[] y = new float[n + 2];
      Arrays.fill(y, Float.NaN);
      conv.forward(xe, xOff, y, 1);
      assertTrue(Float.isNaN(y[0]) && Float.isNaN(y[n + 1]), where + ": wrote outside");
      compare(expected, scale, Arrays.copyOfRange(y, 1, n + 1), where + ", dense");

      InputList list = new InputList(n);
      conv.forward(xe, xOff, list);
      float[] fromList = new float[n];
      int positions = g.poh * g.pow;
      for (int i = 0; i < list.count(); i++) {
        int f = list.index[i] / positions;
        int q = list.index[i] % positions;
        assertTrue(list.values[i] != 0f, where + ": listed a zero");
        fromList[q * g.filters + f] = list.values[i];
      }
      compare(expected, scale, fromList, where + ", listed");

      int[] order = new int[n];
      for (int t = 0; t < n; t++) {
        order[t] = n - 1 - t; // any permutation
      }
      conv.forward(xe, xOff, list, order);
      float[] ordered = new float[n];
      for (int i = 0; i < list.count(); i++) {
        int cm = order[list.index[i]];
        ordered[(cm % positions) * g.filters + cm / positions] = list.values[i];
      }
      compare(expected, scale, ordered, where + ", listed in order");
    }
  }

  private static void compare(double[] expected, double[] scale, float[] actual, String where) {
    for (int i = 0; i < expected.length; i++) {
      double tol = Tolerances.productSum(40, scale[i]) + 1e-30;
      if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
        throw new AssertionError(where + " at " + i + ": expected " + expected[i] + ", found "
            + actual[i] + " (tolerance " + tol + ")");
      }
    }
  }

  static float[] random(SplittableRandom rng, int n, double zeros) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextDouble() < zeros ? 0f : (float) rng.nextDouble(-1, 1);
    }
    return v;
  }
}
