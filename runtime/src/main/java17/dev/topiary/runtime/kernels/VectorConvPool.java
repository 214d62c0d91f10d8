package dev.topiary.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.codehaus.mojo.animal_sniffer.IgnoreJRERequirement;

/**
 * {@link ConvPool#forward} with {@code jdk.incubator.vector}, position by position: the filters
 * are the vector lanes (two AVX-512 vectors for the seed's 32), so each conv output is its
 * kernel taps' fused multiply-adds of a broadcast input value with a row of the kernel, the
 * window's maximum is taken as the conv outputs come, and the pooled vector is stored straight
 * into the NHWC output: no gathered copies of the input, no transpose. Zero weights are
 * multiplied like the others. With 2x2 pooling any filter count runs (a copy of the kernel
 * padded with zero filters to whole vectors: a channel-pruned conv's 14); other pools need a
 * multiple of the vector length. Geometries whose pool windows reach outside the conv output
 * (the pool's SAME padding), or other pools at other counts, are left to {@link ConvPool}'s own
 * loops. Inputs outside the image read zeros from a padded copy
 * of the image, so that no branch sits in the loops (a vector accumulator merged from two paths
 * in a loop is boxed by C2 on JDK 17). Positions whose windows read only zeros get the activated
 * bias without a multiply ({@link #markBlank}). For one image and a Dense layer after the
 * Flatten, {@link #forwardListed} writes the differences from the activated bias and lists the
 * non-zero ones instead ({@link VectorLists}).
 */
// Java 17+ only (META-INF/versions/17 of the runtime jar), never loaded on Android.
@IgnoreJRERequirement
final class VectorConvPool {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorConvPool() {}

  /**
   * Whether {@link #forward} runs {@code g}: no pool padding, and filters a multiple of the
   * lanes or 2x2 pooling (then any filter count: the last vector padded with zero filters).
   */
  static boolean accepts(ConvPool g) {
    return g.poolPadTop == 0 && g.poolPadLeft == 0
        && (g.poh - 1) * g.psh + g.ph <= g.oh && (g.pow - 1) * g.psw + g.pw <= g.ow
        && (g.filters % L == 0 || g.ph == 2 && g.pw == 2);
  }

  static boolean forward(ConvPool g, float[] x, int xOff, float[] kernel, float[] bias,
      boolean relu, float[] y, int batch) {
    if (!accepts(g)) {
      return false;
    }
    int stride = (g.filters + L - 1) / L * L;
    if (stride == g.filters) {
      run(g, x, xOff, kernel, bias, relu, y, batch, stride, null, null);
      return true;
    }
    // image by image into a padded buffer, each position's filters then copied out
    float[][] pad = padded(g, kernel, bias, stride);
    float[] z = pad[2];
    int positions = g.poh * g.pow;
    int image = g.h * g.w * g.c;
    for (int n = 0; n < batch; n++) {
      run(g, x, xOff + n * image, pad[0], bias == null ? null : pad[1], relu, z, 1, stride, null,
          null);
      for (int q = 0; q < positions; q++) {
        System.arraycopy(z, q * stride, y, (n * positions + q) * g.filters, g.filters);
      }
    }
    return true;
  }

  /**
   * Whether {@link #forwardListed} runs {@code g}: 2x2 pooling inside the conv output, sixteen
   * lanes for {@link VectorLists}; any filter count (the last vector padded with zero filters).
   */
  static boolean acceptsListed(ConvPool g) {
    return accepts(g) && g.ph == 2 && g.pw == 2 && VectorLists.USABLE
        && L == VectorLists.I.length();
  }

  /**
   * One image, listed: {@code delta[i]} = the pooled NHWC value {@code i} minus the activated
   * bias of its filter (the pooled output of an all-zero image), and {@code index[0..count)}
   * the {@code i} where that difference is not zero (or is NaN), in increasing order; returns
   * {@code count}, or -1 (doing nothing) for a geometry {@link #acceptsListed} refuses. Blank
   * positions are neither written nor listed. A filter count that is not a multiple of the
   * lanes runs on a copy of the kernel padded with zero filters, into a padded buffer, and each
   * position's vectors are copied into {@code delta} as they are listed, in increasing order: the
   * last one's padding lanes overrun by up to {@link ConvPool#LIST_SLACK} floats (zeros, or
   * values rewritten by the next position), so {@code delta} needs that slack.
   */
  static int forwardListed(ConvPool g, float[] x, int xOff, float[] kernel, float[] bias,
      boolean relu, float[] delta, int[] index) {
    if (!acceptsListed(g)) {
      return -1;
    }
    int stride = (g.filters + L - 1) / L * L;
    if (stride == g.filters) {
      return run(g, x, xOff, kernel, bias, relu, delta, 1, stride, index, delta);
    }
    float[][] pad = padded(g, kernel, bias, stride);
    return run(g, x, xOff, pad[0], bias == null ? null : pad[1], relu, pad[2], 1, stride, index,
        delta);
  }

  /**
   * Scratch arrays (allocated once per thread): the kernel and the bias (when there is one)
   * padded with zero filters to {@code stride}, and a buffer for one image's output at that
   * stride.
   */
  private static float[][] padded(ConvPool g, float[] kernel, float[] bias, int stride) {
    int taps = g.kh * g.kw * g.c;
    float[][] pad = Scratch.get().packed(3, Math.max(taps, g.poh * g.pow) * stride);
    padFilters(kernel, taps, g.filters, stride, pad[0]);
    if (bias != null) {
      padFilters(bias, 1, g.filters, stride, pad[1]);
    }
    return pad;
  }

  /** {@code rows x filters} values into {@code rows x stride}, zeros after each row's filters. */
  private static void padFilters(float[] v, int rows, int filters, int stride, float[] to) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(v, r * filters, to, r * stride, filters);
      java.util.Arrays.fill(to, r * stride + filters, (r + 1) * stride, 0f);
    }
  }

  /**
   * The conv + pool of {@code batch} images into {@code y}, {@code stride} floats per position
   * (the kernel's too: {@code g.filters}, or more in a copy padded with zero filters); one image
   * listed into {@code index} and {@code delta} when {@code index} is not null.
   */
  private static int run(ConvPool g, float[] x, int xOff, float[] kernel, float[] bias,
      boolean relu, float[] y, int batch, int stride, int[] index, float[] delta) {
    // The input rows and columns the conv reads, from -padTop and -padLeft.
    int hp = (g.oh - 1) * g.sh + g.kh;
    int wp = (g.ow - 1) * g.sw + g.kw;
    boolean direct = g.padTop == 0 && g.padLeft == 0 && hp <= g.h && wp <= g.w;
    int rowFloats = (direct ? g.w : wp) * g.c;
    int taps = g.kh * g.kw * g.c;
    Scratch scratch = Scratch.get();
    int[] tapOffsets = scratch.indices(taps);
    for (int ky = 0; ky < g.kh; ky++) {
      for (int kx = 0; kx < g.kw; kx++) {
        for (int ch = 0; ch < g.c; ch++) {
          tapOffsets[(ky * g.kw + kx) * g.c + ch] = ky * rowFloats + kx * g.c + ch;
        }
      }
    }
    float[] padded = direct ? null : scratch.row(hp * wp * g.c);
    if (bias == null) { // zeros: a vector chosen between two sources is boxed by C2 (JDK 17)
      bias = scratch.zeros(stride);
    }
    int image = g.h * g.w * g.c;
    int pooled = g.poh * g.pow * stride;
    boolean[] blank = scratch.flags(g.poh * g.pow);
    // the non-blank positions, then their windows' first inputs (from the image's start)
    int[] live = scratch.positions(2 * g.poh * g.pow);
    // a blank position's output, the activated bias
    float[] rest = scratch.values(stride);
    float[] columns = scratch.partials(blankFloats(g, rowFloats));
    for (int f = 0; f < stride; f++) {
      rest[f] = relu ? Math.max(bias[f], 0f) : bias[f];
    }
    boolean listed = index != null;
    for (int n = 0; n < batch; n++) {
      float[] src = x;
      int at = xOff + n * image;
      if (!direct) {
        pad(g, x, at, padded, hp, wp);
        src = padded;
        at = 0;
      }
      int lives = markBlank(g, src, at, rowFloats, blank, columns, live);
      int f = 0;
      if (g.ph == 2 && g.pw == 2) {
        for (; f + 2 * L <= stride; f += 2 * L) {
          fourWindows(g, src, at, rowFloats, tapOffsets, taps, kernel, bias, f, stride, relu,
              y, n * pooled, blank, live, lives, rest, listed);
        }
        if (f < stride) {
          fourWindows1(g, src, at, rowFloats, tapOffsets, taps, kernel, bias, f, stride, relu,
              y, n * pooled, blank, live, lives, rest, listed);
          f += L;
        }
      }
      for (; f + 2 * L <= stride; f += 2 * L) {
        twoVectors(g, src, at, rowFloats, tapOffsets, taps, kernel, bias, f, relu, y,
            n * pooled, blank, rest);
      }
      if (f < stride) {
        oneVector(g, src, at, rowFloats, tapOffsets, taps, kernel, bias, f, relu, y,
            n * pooled, blank, rest);
      }
      if (listed) {
        return listPositions(g, y, stride, live, lives, index, delta);
      }
    }
    return 0;
  }

  /**
   * {@code blank[q]}: whether every input that pooled position {@code q}'s windows read is zero
   * ({@code +0} or {@code -0}: the largest magnitude is zero, and not NaN). Its conv outputs are
   * then the bias alone (each tap adds {@code w * 0}: skipping it changes no result while the
   * weights are finite), so the loops write the activated bias there without multiplying: an
   * MNIST digit leaves about half the positions blank. Also lists the others, without a branch:
   * {@code live[i]} for {@code i <} the count returned, and the offset of their windows' first
   * input from the image's start at {@code live[p + i]}, {@code p} the pooled positions.
   */
  private static int markBlank(ConvPool g, float[] src, int at, int rowFloats,
      boolean[] blank, float[] m, int[] live) {
    int spanH = (g.ph - 1) * g.sh + g.kh;
    int spanFloats = ((g.pw - 1) * g.sw + g.kw) * g.c;
    int rowStep = g.psh * g.sh * rowFloats;
    int colStep = g.psw * g.sw * g.c;
    // m[i]: the largest magnitude (NaN if any is NaN) of the spanH inputs below src[at + i],
    // then of the spanFloats maxima from m[i] on, for every i up to the last window: a few long
    // loops over the whole image (short loops per pooled row cost C2 more than their work).
    // Each pass reads what the one before wrote long before (a vector load that straddles
    // stores still in flight waits for them).
    int n = (g.poh - 1) * rowStep + (g.pow - 1) * colStep + 1;
    int v = n - n % L;
    // the first four rows in one pass (fewer rows: the last repeated, a maximum with itself)
    int r1 = Math.min(1, spanH - 1) * rowFloats;
    int r2 = Math.min(2, spanH - 1) * rowFloats;
    int r3 = Math.min(3, spanH - 1) * rowFloats;
    for (int i = 0; i < v; i += L) {
      int a = at + i;
      FloatVector.fromArray(S, src, a).abs().max(FloatVector.fromArray(S, src, a + r1).abs())
          .max(FloatVector.fromArray(S, src, a + r2).abs()
              .max(FloatVector.fromArray(S, src, a + r3).abs()))
          .intoArray(m, i);
    }
    for (int i = v; i < n + spanFloats - 1; i++) {
      int a = at + i;
      m[i] = Math.max(Math.max(Math.abs(src[a]), Math.abs(src[a + r1])),
          Math.max(Math.abs(src[a + r2]), Math.abs(src[a + r3])));
    }
    for (int dy = 4; dy < spanH; dy++) {
      int r = at + dy * rowFloats;
      for (int i = 0; i < v; i += L) {
        FloatVector.fromArray(S, src, r + i).abs().max(FloatVector.fromArray(S, m, i))
            .intoArray(m, i);
      }
      for (int i = v; i < n + spanFloats - 1; i++) {
        m[i] = Math.max(m[i], Math.abs(src[r + i]));
      }
    }
    // then the first four columns in one pass, the same way
    int w = m.length / 2;
    int c1 = Math.min(1, spanFloats - 1);
    int c2 = Math.min(2, spanFloats - 1);
    int c3 = Math.min(3, spanFloats - 1);
    for (int i = 0; i < v; i += L) {
      FloatVector.fromArray(S, m, i).max(FloatVector.fromArray(S, m, i + c1))
          .max(FloatVector.fromArray(S, m, i + c2).max(FloatVector.fromArray(S, m, i + c3)))
          .intoArray(m, w + i);
    }
    for (int i = v; i < n; i++) {
      m[w + i] = Math.max(Math.max(m[i], m[i + c1]), Math.max(m[i + c2], m[i + c3]));
    }
    for (int k = 4; k < spanFloats; k++) {
      for (int i = 0; i < v; i += L) {
        FloatVector.fromArray(S, m, w + i).max(FloatVector.fromArray(S, m, i + k))
            .intoArray(m, w + i);
      }
      for (int i = v; i < n; i++) {
        m[w + i] = Math.max(m[w + i], m[i + k]);
      }
    }
    int positions = g.poh * g.pow;
    int lives = 0;
    for (int py = 0; py < g.poh; py++) {
      for (int px = 0; px < g.pow; px++) {
        int q = py * g.pow + px;
        int first = py * rowStep + px * colStep;
        // the maxima are +0 or more, or NaN: zero exactly when every bit is (no branch)
        int bits = Float.floatToRawIntBits(m[w + first]);
        int some = (bits | -bits) >>> 31;
        blank[q] = some == 0;
        live[lives] = q;
        live[positions + lives] = first;
        lives += some;
      }
    }
    return lives;
  }

  /** Floats of {@link #markBlank}'s buffer: two halves, each a window's reach past an image. */
  private static int blankFloats(ConvPool g, int rowFloats) {
    int spanFloats = ((g.pw - 1) * g.sw + g.kw) * g.c;
    return 2 * ((g.poh - 1) * g.psh * g.sh * rowFloats + (g.pow - 1) * g.psw * g.sw * g.c + 1
        + spanFloats + L);
  }

  /** {@code padded[iy][ix][ch] = X[iy - padTop][ix - padLeft][ch]}, zero outside the image. */
  private static void pad(ConvPool g, float[] x, int at, float[] padded, int hp, int wp) {
    java.util.Arrays.fill(padded, 0, hp * wp * g.c, 0f);
    for (int iy = 0; iy < hp; iy++) {
      int sy = iy - g.padTop;
      if (sy < 0 || sy >= g.h) {
        continue;
      }
      int ix0 = Math.max(0, g.padLeft);
      int ix1 = Math.min(wp, g.w + g.padLeft);
      if (ix1 > ix0) {
        System.arraycopy(x, at + (sy * g.w + ix0 - g.padLeft) * g.c, padded,
            (iy * wp + ix0) * g.c, (ix1 - ix0) * g.c);
      }
    }
  }

  /**
   * Filters {@code [f0, f0 + 2L)} of every pooled position of one image. The window's running
   * maximum lives in {@code y} (in L1), not in a vector carried across the window loop: C2 (JDK
   * 17) boxes vectors carried through nested loops.
   */
  private static void twoVectors(ConvPool g, float[] src, int at, int rowFloats,
      int[] tapOffsets, int taps, float[] kernel, float[] bias, int f0, boolean relu, float[] y,
      int yAt, boolean[] blank, float[] rest) {
    int filters = g.filters;
    FloatVector bias0 = FloatVector.fromArray(S, bias, f0);
    FloatVector bias1 = FloatVector.fromArray(S, bias, f0 + L);
    // ReLU as a maximum with 0, the identity as one with -infinity: no branch on vectors.
    FloatVector floor = FloatVector.broadcast(S, relu ? 0f : Float.NEGATIVE_INFINITY);
    int convRow = g.sh * rowFloats;
    int convCol = g.sw * g.c;
    int windows = g.ph * g.pw;
    for (int py = 0; py < g.poh; py++) {
      for (int px = 0; px < g.pow; px++) {
        int o = yAt + (py * g.pow + px) * filters + f0;
        if (blank[py * g.pow + px]) {
          FloatVector.fromArray(S, rest, f0).intoArray(y, o);
          FloatVector.fromArray(S, rest, f0 + L).intoArray(y, o + L);
          continue;
        }
        int corner = at + py * g.psh * convRow + px * g.psw * convCol;
        floor.intoArray(y, o);
        floor.intoArray(y, o + L);
        for (int wi = 0; wi < windows; wi++) {
          int base = corner + (wi / g.pw) * convRow + (wi % g.pw) * convCol;
          FloatVector s0 = bias0;
          FloatVector s1 = bias1;
          for (int t = 0; t < taps; t++) {
            FloatVector v = FloatVector.broadcast(S, src[base + tapOffsets[t]]);
            int k = t * filters + f0;
            s0 = FloatVector.fromArray(S, kernel, k).fma(v, s0);
            s1 = FloatVector.fromArray(S, kernel, k + L).fma(v, s1);
          }
          FloatVector.fromArray(S, y, o).max(s0).intoArray(y, o);
          FloatVector.fromArray(S, y, o + L).max(s1).intoArray(y, o + L);
        }
      }
    }
  }

  /** {@link #twoVectors} for filters {@code [f0, f0 + L)}. */
  private static void oneVector(ConvPool g, float[] src, int at, int rowFloats,
      int[] tapOffsets, int taps, float[] kernel, float[] bias, int f0, boolean relu, float[] y,
      int yAt, boolean[] blank, float[] rest) {
    int filters = g.filters;
    FloatVector bias0 = FloatVector.fromArray(S, bias, f0);
    FloatVector floor = FloatVector.broadcast(S, relu ? 0f : Float.NEGATIVE_INFINITY);
    int convRow = g.sh * rowFloats;
    int convCol = g.sw * g.c;
    int windows = g.ph * g.pw;
    for (int py = 0; py < g.poh; py++) {
      for (int px = 0; px < g.pow; px++) {
        int o = yAt + (py * g.pow + px) * filters + f0;
        if (blank[py * g.pow + px]) {
          FloatVector.fromArray(S, rest, f0).intoArray(y, o);
          continue;
        }
        int corner = at + py * g.psh * convRow + px * g.psw * convCol;
        floor.intoArray(y, o);
        for (int wi = 0; wi < windows; wi++) {
          int base = corner + (wi / g.pw) * convRow + (wi % g.pw) * convCol;
          FloatVector s0 = bias0;
          for (int t = 0; t < taps; t++) {
            s0 = FloatVector.fromArray(S, kernel, t * filters + f0)
                .fma(FloatVector.broadcast(S, src[base + tapOffsets[t]]), s0);
          }
          FloatVector.fromArray(S, y, o).max(s0).intoArray(y, o);
        }
      }
    }
  }

  /**
   * {@link #twoVectors} for 2x2 pooling: the four windows' conv outputs at once, for two pooled
   * positions at a time (sixteen accumulators), so each kernel row is loaded once per pair of
   * positions, and the maximum is taken in registers. Listed, it writes the differences from the
   * activated bias, and no blank position. Each position's sums are the taps in order, as in
   * {@link ConvPool}'s own loops.
   */
  private static void fourWindows(ConvPool g, float[] src, int at, int rowFloats,
      int[] tapOffsets, int taps, float[] kernel, float[] bias, int f0, int filters,
      boolean relu, float[] y, int yAt, boolean[] blank, int[] live, int lives, float[] rest,
      boolean listed) {
    FloatVector bias0 = FloatVector.fromArray(S, bias, f0);
    FloatVector bias1 = FloatVector.fromArray(S, bias, f0 + L);
    FloatVector rest0 = FloatVector.fromArray(S, rest, f0);
    FloatVector rest1 = FloatVector.fromArray(S, rest, f0 + L);
    FloatVector floor = FloatVector.broadcast(S, relu ? 0f : Float.NEGATIVE_INFINITY);
    // listed, the outputs are differences from the activated bias, else less zero (the same
    // values): the array is chosen, not the vector (C2 on JDK 17 boxes a vector chosen so)
    float[] less = listed ? rest : Scratch.get().zeros(f0 + 2 * L);
    FloatVector minus0 = FloatVector.fromArray(S, less, f0);
    FloatVector minus1 = FloatVector.fromArray(S, less, f0 + L);
    int convRow = g.sh * rowFloats;
    int convCol = g.sw * g.c;
    if (!listed) {
      for (int q = 0; q < g.poh * g.pow; q++) {
        if (blank[q]) {
          rest0.intoArray(y, yAt + q * filters + f0);
          rest1.intoArray(y, yAt + q * filters + f0 + L);
        }
      }
    }
    int positions = g.poh * g.pow;
    // the non-blank positions from a list (no branch), two at a time: with an odd count the
    // last is computed twice, as both of a pair (the same values written twice), which keeps
    // one loop body; a pair measured 15-20% faster than one position with its taps unrolled
    for (int i = 0; i < lives; i += 2) {
      int j = Math.min(i + 1, lives - 1);
      int p = at + live[positions + i];
      int q = at + live[positions + j];
      FloatVector a0 = bias0; // position i: windows a (top left), b, c, d (bottom right)
      FloatVector a1 = bias1;
      FloatVector b0 = bias0;
      FloatVector b1 = bias1;
      FloatVector c0 = bias0;
      FloatVector c1 = bias1;
      FloatVector d0 = bias0;
      FloatVector d1 = bias1;
      FloatVector e0 = bias0; // position j: windows e, f, g, h
      FloatVector e1 = bias1;
      FloatVector f0v = bias0;
      FloatVector f1v = bias1;
      FloatVector g0 = bias0;
      FloatVector g1 = bias1;
      FloatVector h0 = bias0;
      FloatVector h1 = bias1;
      for (int t = 0; t < taps; t++) {
        int k = t * filters + f0;
        FloatVector k0 = FloatVector.fromArray(S, kernel, k);
        FloatVector k1 = FloatVector.fromArray(S, kernel, k + L);
        int e = tapOffsets[t];
        FloatVector v = FloatVector.broadcast(S, src[p + e]);
        a0 = k0.fma(v, a0);
        a1 = k1.fma(v, a1);
        v = FloatVector.broadcast(S, src[p + e + convCol]);
        b0 = k0.fma(v, b0);
        b1 = k1.fma(v, b1);
        v = FloatVector.broadcast(S, src[p + e + convRow]);
        c0 = k0.fma(v, c0);
        c1 = k1.fma(v, c1);
        v = FloatVector.broadcast(S, src[p + e + convRow + convCol]);
        d0 = k0.fma(v, d0);
        d1 = k1.fma(v, d1);
        v = FloatVector.broadcast(S, src[q + e]);
        e0 = k0.fma(v, e0);
        e1 = k1.fma(v, e1);
        v = FloatVector.broadcast(S, src[q + e + convCol]);
        f0v = k0.fma(v, f0v);
        f1v = k1.fma(v, f1v);
        v = FloatVector.broadcast(S, src[q + e + convRow]);
        g0 = k0.fma(v, g0);
        g1 = k1.fma(v, g1);
        v = FloatVector.broadcast(S, src[q + e + convRow + convCol]);
        h0 = k0.fma(v, h0);
        h1 = k1.fma(v, h1);
      }
      int o = yAt + live[j] * filters + f0;
      floor.max(e0).max(f0v).max(g0).max(h0).sub(minus0).intoArray(y, o);
      floor.max(e1).max(f1v).max(g1).max(h1).sub(minus1).intoArray(y, o + L);
      o = yAt + live[i] * filters + f0;
      floor.max(a0).max(b0).max(c0).max(d0).sub(minus0).intoArray(y, o);
      floor.max(a1).max(b1).max(c1).max(d1).sub(minus1).intoArray(y, o + L);
    }
  }

  /**
   * {@link #fourWindows} for the one vector of filters {@code [f0, f0 + L)} left after the
   * pairs: eight accumulators (four windows, two positions).
   */
  private static void fourWindows1(ConvPool g, float[] src, int at, int rowFloats,
      int[] tapOffsets, int taps, float[] kernel, float[] bias, int f0, int filters,
      boolean relu, float[] y, int yAt, boolean[] blank, int[] live, int lives, float[] rest,
      boolean listed) {
    FloatVector bias0 = FloatVector.fromArray(S, bias, f0);
    FloatVector rest0 = FloatVector.fromArray(S, rest, f0);
    FloatVector floor = FloatVector.broadcast(S, relu ? 0f : Float.NEGATIVE_INFINITY);
    float[] less = listed ? rest : Scratch.get().zeros(f0 + L); // as in fourWindows
    FloatVector minus0 = FloatVector.fromArray(S, less, f0);
    int convRow = g.sh * rowFloats;
    int convCol = g.sw * g.c;
    if (!listed) {
      for (int q = 0; q < g.poh * g.pow; q++) {
        if (blank[q]) {
          rest0.intoArray(y, yAt + q * filters + f0);
        }
      }
    }
    int positions = g.poh * g.pow;
    for (int i = 0; i < lives; i += 2) { // two positions at a time, as in fourWindows
      int j = Math.min(i + 1, lives - 1);
      int p = at + live[positions + i];
      int q = at + live[positions + j];
      FloatVector a0 = bias0;
      FloatVector b0 = bias0;
      FloatVector c0 = bias0;
      FloatVector d0 = bias0;
      FloatVector e0 = bias0;
      FloatVector f0v = bias0;
      FloatVector g0 = bias0;
      FloatVector h0 = bias0;
      for (int t = 0; t < taps; t++) {
        FloatVector k0 = FloatVector.fromArray(S, kernel, t * filters + f0);
        int e = tapOffsets[t];
        a0 = k0.fma(FloatVector.broadcast(S, src[p + e]), a0);
        b0 = k0.fma(FloatVector.broadcast(S, src[p + e + convCol]), b0);
        c0 = k0.fma(FloatVector.broadcast(S, src[p + e + convRow]), c0);
        d0 = k0.fma(FloatVector.broadcast(S, src[p + e + convRow + convCol]), d0);
        e0 = k0.fma(FloatVector.broadcast(S, src[q + e]), e0);
        f0v = k0.fma(FloatVector.broadcast(S, src[q + e + convCol]), f0v);
        g0 = k0.fma(FloatVector.broadcast(S, src[q + e + convRow]), g0);
        h0 = k0.fma(FloatVector.broadcast(S, src[q + e + convRow + convCol]), h0);
      }
      floor.max(e0).max(f0v).max(g0).max(h0).sub(minus0)
          .intoArray(y, yAt + live[j] * filters + f0);
      floor.max(a0).max(b0).max(c0).max(d0).sub(minus0)
          .intoArray(y, yAt + live[i] * filters + f0);
    }
  }

  /**
   * Lists the non-zero differences the conv wrote into {@code z} ({@code stride} floats a
   * position) for the one image's non-blank positions, in increasing order of their NHWC index
   * {@code q * filters + f}; when {@code z} is a padded buffer, copies each vector into
   * {@code delta} at that index first (see {@link #forwardListed}). A pass of its own after the
   * conv: listed inside the conv's loop as each position's vectors came, the seed's conv and
   * listing took 5.5 us an MNIST digit, against 4.3 us so.
   */
  private static int listPositions(ConvPool g, float[] z, int stride, int[] live, int lives,
      int[] index, float[] delta) {
    int filters = g.filters;
    int count = 0;
    // whole vectors: listed where the conv wrote them, a pair at a time (one loop for both
    // cases, a vector at a time, measured 0.1-0.4 us slower)
    if (z == delta) {
      for (int i = 0; i < lives; i++) {
        int o = live[i] * filters;
        int f0 = 0;
        for (; f0 + 2 * L <= filters; f0 += 2 * L) {
          count = VectorLists.nonZero(z, o + f0, L, o + f0, index, count);
          count = VectorLists.nonZero(z, o + f0 + L, L, o + f0 + L, index, count);
        }
        if (f0 < filters) {
          count = VectorLists.nonZero(z, o + f0, L, o + f0, index, count);
        }
      }
      return count;
    }
    for (int i = 0; i < lives; i++) {
      int q = live[i];
      for (int f0 = 0; f0 < filters; f0 += L) {
        int from = q * stride + f0;
        int to = q * filters + f0;
        FloatVector.fromArray(S, z, from).intoArray(delta, to);
        count = VectorLists.nonZero(z, from, Math.min(L, filters - f0), to, index, count);
      }
    }
    return count;
  }
}
