package dev.topiary.runtime.kernels;

import dev.topiary.architecture.LayerDescription;
import dev.topiary.architecture.LayerKind;

/**
 * The shape of one 2D max pooling over NHWC images: input {@code h x w x c}, window
 * {@code ph x pw}, strides, the padding before the first row and column, output
 * {@code oh x ow x c}. Immutable; generated code creates one per layer as a constant.
 */
public final class PoolGeometry {
  public final int h;
  public final int w;
  public final int c;
  public final int ph;
  public final int pw;
  public final int sh;
  public final int sw;
  public final int padTop;
  public final int padLeft;
  public final int oh;
  public final int ow;

  /**
   * @throws IllegalArgumentException if a size is not positive, a padding is negative, or the
   *     output sizes are not what the input, window, strides and padding give
   */
  public PoolGeometry(int h, int w, int c, int ph, int pw, int sh, int sw, int padTop,
      int padLeft, int oh, int ow) {
    Geometries.positive("MaxPooling2D", h, w, c, ph, pw, sh, sw, oh, ow);
    Geometries.window("MaxPooling2D", h, ph, sh, padTop, oh);
    Geometries.window("MaxPooling2D", w, pw, sw, padLeft, ow);
    this.h = h;
    this.w = w;
    this.c = c;
    this.ph = ph;
    this.pw = pw;
    this.sh = sh;
    this.sw = sw;
    this.padTop = padTop;
    this.padLeft = padLeft;
    this.oh = oh;
    this.ow = ow;
  }

  /** The geometry of a MaxPooling2D layer as the architecture describes it. */
  public static PoolGeometry of(LayerDescription pool) {
    if (pool.kind() != LayerKind.MAX_POOLING2D) {
      throw new IllegalArgumentException("expected a MaxPooling2D layer, found " + pool);
    }
    return new PoolGeometry(pool.in(0), pool.in(1), pool.inChannels(), pool.window(0),
        pool.window(1), pool.stride(0), pool.stride(1), pool.padBefore(0), pool.padBefore(1),
        pool.out(0), pool.out(1));
  }

  /** Values in one input image. */
  public int inSize() {
    return h * w * c;
  }

  /** Values in one output image. */
  public int outSize() {
    return oh * ow * c;
  }

  /**
   * For each window offset {@code (wy, wx)} (index {@code wy * pw + wx}), the pooled positions
   * {@code py * ow + px} whose window cell at that offset lies outside the input (in the
   * padding): what the fused conv+pool kernels leave out of those windows' maxima.
   */
  public int[][] positionsOutside() {
    int[][] result = new int[ph * pw][];
    int[] list = new int[oh * ow];
    for (int wy = 0; wy < ph; wy++) {
      for (int wx = 0; wx < pw; wx++) {
        int count = 0;
        for (int py = 0; py < oh; py++) {
          int iy = py * sh - padTop + wy;
          for (int px = 0; px < ow; px++) {
            int ix = px * sw - padLeft + wx;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
              list[count++] = py * ow + px;
            }
          }
        }
        result[wy * pw + wx] = java.util.Arrays.copyOf(list, count);
      }
    }
    return result;
  }

  @Override
  public String toString() {
    return h + "x" + w + "x" + c + " pool " + ph + "x" + pw + " s" + sh + "x" + sw + " pad "
        + padTop + "," + padLeft + " -> " + oh + "x" + ow + "x" + c;
  }
}
