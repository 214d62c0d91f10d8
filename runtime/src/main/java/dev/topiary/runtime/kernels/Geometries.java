package dev.topiary.runtime.kernels;

/** Checks shared by {@link ConvGeometry} and {@link PoolGeometry}. */
final class Geometries {
  private Geometries() {}

  static void positive(String layer, int... sizes) {
    for (int s : sizes) {
      if (s <= 0) {
        throw new IllegalArgumentException(layer + " geometry: expected positive sizes, found "
            + s + " in " + java.util.Arrays.toString(sizes));
      }
    }
  }

  /**
   * Along one axis: the padding lies in {@code [0, window)} (SAME pads less than a window) and
   * every one of the {@code out} windows starts inside the input.
   */
  static void window(String layer, int in, int window, int stride, int padBefore, int out) {
    long lastStart = (long) (out - 1) * stride - padBefore;
    if (padBefore < 0 || padBefore >= window || lastStart >= in) {
      throw new IllegalArgumentException(layer + " geometry: " + out + " outputs of a window of "
          + window + " with stride " + stride + " and padding " + padBefore + " before do not fit"
          + " an input of " + in);
    }
  }

  /** Fails unless {@code pool} takes what {@code conv} puts out. */
  static void chained(ConvGeometry conv, PoolGeometry pool) {
    if (pool.h != conv.oh || pool.w != conv.ow || pool.c != conv.filters) {
      throw new IllegalArgumentException("expected the pooling to take the conv's output "
          + conv.oh + "x" + conv.ow + "x" + conv.filters + ", found an input of " + pool.h + "x"
          + pool.w + "x" + pool.c);
    }
  }
}
