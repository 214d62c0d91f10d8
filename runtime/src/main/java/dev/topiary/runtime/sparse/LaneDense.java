package dev.topiary.runtime.sparse;

import dev.topiary.runtime.kernels.LaneKernels;

/**
 * A pruned Dense layer's product over a tile of images in lane layout ({@code x[i * LANES + t]}
 * is input {@code i} of image {@code t}, as {@link LaneConvPool} writes it): each output unit
 * sums its column's kept weights, every weight one multiply-add over the {@code LANES} images
 * ({@link LaneKernels#column}). The work is the kept weights times the images, whatever the
 * inputs hold; no input is scanned for zeros and no output is scattered. The kernel is stored by
 * column (unit): the kept weights and the offsets {@code i * LANES} of the inputs they multiply.
 *
 * <p>Not thread-safe (one scratch row of lanes); allocates nothing per call.
 */
public final class LaneDense {
  private static final int LANES = LaneConvPool.LANES;
  private final int in;
  private final int units;
  /** {@code units + 1} offsets into {@link #offsets} and {@link #values}. */
  private final int[] columnStart;
  /** Per kept weight, the lane-layout offset {@code i * LANES} of its input. */
  private final int[] offsets;
  private final float[] values;
  private final float[] acc = new float[LANES];

  /** The kept weights of {@code kernel} ({@code [in][units]}, read now: later changes are not seen). */
  public LaneDense(float[] kernel, int in, int units) {
    this.in = in;
    this.units = units;
    int nonZero = 0;
    for (int i = 0; i < in * units; i++) {
      nonZero += kernel[i] != 0f ? 1 : 0;
    }
    columnStart = new int[units + 1];
    offsets = new int[nonZero];
    values = new float[nonZero];
    int q = 0;
    for (int u = 0; u < units; u++) {
      columnStart[u] = q;
      for (int i = 0; i < in; i++) {
        float v = kernel[i * units + u];
        if (v != 0f) {
          offsets[q] = i * LANES;
          values[q++] = v;
        }
      }
    }
    columnStart[units] = q;
  }

  /** Inputs per image. */
  public int inputs() {
    return in;
  }

  /**
   * {@code y[yOff + t * units + u] = bias[u] + sum_i x[i * LANES + t] * W[i][u]} for the first
   * {@code images} lanes of the tile {@code x}; {@code bias} may be null (zeros).
   */
  public void mulAddBias(float[] x, int images, float[] bias, float[] y, int yOff) {
    float[] a = acc;
    for (int u = 0; u < units; u++) {
      LaneKernels.column(x, offsets, values, columnStart[u], columnStart[u + 1],
          bias == null ? 0f : bias[u], a);
      for (int t = 0; t < images; t++) {
        y[yOff + t * units + u] = a[t];
      }
    }
  }

  /** Bytes of the stored kernel and scratch. */
  public long bytes() {
    return 4L * (columnStart.length + 2L * values.length + LANES);
  }
}
