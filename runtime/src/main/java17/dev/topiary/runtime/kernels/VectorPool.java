package dev.topiary.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.codehaus.mojo.animal_sniffer.IgnoreJRERequirement;

/**
 * The 2x2 max-pool window of training with its winners, channels as vector lanes: the float
 * comparisons' masks, cast to int lanes, blend the winners' indices. Same results as
 * {@link MaxPoolKernels#window2x2} for inputs that are not NaN (a later value wins only when
 * greater, so the first of equal values wins). ({@code FloatVector.convert(F2I)} instead of
 * int blends was boxed by C2 on JDK 17: 7x slower than the plain loop.)
 */
// Java 17+ only (META-INF/versions/17 of the runtime jar), never loaded on Android.
@IgnoreJRERequirement
final class VectorPool {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int[] LANES = new int[L];

  static {
    for (int i = 0; i < L; i++) {
      LANES[i] = i;
    }
  }

  private VectorPool() {}

  /** Whether {@link #window2x2} can run: int vectors as long as float ones. */
  static boolean usable() {
    return I.length() == L;
  }

  static void window2x2(float[] x, int xOff, int first, int rowStride, float[] y, int[] argmax,
      int out, int c) {
    int ch = 0;
    IntVector lanes = IntVector.fromArray(I, LANES, 0);
    for (; ch + L <= c; ch += L) {
      int i0 = xOff + first + ch;
      FloatVector v0 = FloatVector.fromArray(S, x, i0);
      FloatVector v1 = FloatVector.fromArray(S, x, i0 + c);
      FloatVector v2 = FloatVector.fromArray(S, x, i0 + rowStride);
      FloatVector v3 = FloatVector.fromArray(S, x, i0 + rowStride + c);
      IntVector index = lanes.add(first + ch);
      VectorMask<Float> m = v1.compare(VectorOperators.GT, v0);
      index = index.add(c, m.cast(I));
      FloatVector best = v0.max(v1);
      m = v2.compare(VectorOperators.GT, best);
      index = index.blend(lanes.add(first + ch + rowStride), m.cast(I));
      best = best.max(v2);
      m = v3.compare(VectorOperators.GT, best);
      index = index.blend(lanes.add(first + ch + rowStride + c), m.cast(I));
      best = best.max(v3);
      best.intoArray(y, out + ch);
      index.intoArray(argmax, out + ch);
    }
    if (ch < c) {
      MaxPoolKernels.window2x2Tail(x, xOff, first, rowStride, y, argmax, out, ch, c);
    }
  }
}
