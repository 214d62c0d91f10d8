package dev.topiary.processor;

import dev.topiary.processor.PlainForward.Tensor;

/**
 * {@link PlainForward}'s reference passes for average and global pooling and batch
 * normalization, in double, one example at a time, from the Keras/TensorFlow definitions.
 */
final class PlainLayers {
  private PlainLayers() {}

  /** Average pooling per channel; under SAME, over the values inside the input only (TF). */
  static Tensor averagePool(Tensor x, int ph, int pw, int sh, int sw, boolean same) {
    int oh = PlainForward.outputSize(x.h, ph, sh, same);
    int ow = PlainForward.outputSize(x.w, pw, sw, same);
    int top = PlainForward.padBefore(x.h, ph, sh, same);
    int left = PlainForward.padBefore(x.w, pw, sw, same);
    double[] y = new double[oh * ow * x.c];
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        for (int ch = 0; ch < x.c; ch++) {
          double sum = 0;
          int count = 0;
          for (int py = 0; py < ph; py++) {
            for (int px = 0; px < pw; px++) {
              int iy = oy * sh - top + py;
              int ix = ox * sw - left + px;
              if (iy >= 0 && iy < x.h && ix >= 0 && ix < x.w) {
                sum += x.at(iy, ix, ch);
                count++;
              }
            }
          }
          y[(oy * ow + ox) * x.c + ch] = sum / count;
        }
      }
    }
    return new Tensor(y, oh, ow, x.c);
  }

  /** The mean (or, with {@code max}, the largest value) of each channel: a vector of channels. */
  static Tensor globalPool(Tensor x, boolean max) {
    double[] y = new double[x.c];
    for (int ch = 0; ch < x.c; ch++) {
      double acc = max ? Double.NEGATIVE_INFINITY : 0;
      for (int i = 0; i < x.h; i++) {
        for (int j = 0; j < x.w; j++) {
          acc = max ? Math.max(acc, x.at(i, j, ch)) : acc + x.at(i, j, ch);
        }
      }
      y[ch] = max ? acc : acc / (x.h * x.w);
    }
    return new Tensor(y, 1, 1, x.c);
  }

  /**
   * Batch normalization at inference over the last axis:
   * {@code gamma * (x - mean) / sqrt(variance + epsilon) + beta}; {@code gamma} or {@code beta}
   * may be null (scale or center off).
   */
  static Tensor batchNorm(Tensor x, float[] gamma, float[] beta, float[] mean, float[] variance,
      double epsilon) {
    double[] y = new double[x.v.length];
    for (int i = 0; i < y.length; i++) {
      int ch = i % x.c;
      double z = (x.v[i] - mean[ch]) / Math.sqrt(variance[ch] + epsilon);
      y[i] = (gamma == null ? z : gamma[ch] * z) + (beta == null ? 0 : beta[ch]);
    }
    return new Tensor(y, x.h, x.w, x.c);
  }
}
