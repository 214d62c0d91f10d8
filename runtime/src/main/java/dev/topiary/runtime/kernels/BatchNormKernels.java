package dev.topiary.runtime.kernels;

/**
 * Batch normalization over the last axis of {@code rows x c} values (the channels of NHWC images,
 * the features of vectors), as Keras {@code BatchNormalization}:
 * {@code y = gamma * (x - mean) / sqrt(variance + epsilon) + beta}. Training uses the batch's mean
 * and biased variance (as Keras's {@code ops.moments}); inference the moving ones. Sums are taken
 * in double. {@code gamma} or {@code beta} may be null: scale 1, offset 0. Nothing is allocated:
 * callers pass scratch of {@code 2 * c} doubles or {@code c} floats.
 */
public final class BatchNormKernels {
  private BatchNormKernels() {}

  /**
   * The training pass: each channel's batch mean and biased variance over the {@code rows},
   * then {@code xhat = (x - mean) / sqrt(variance + epsilon)} and {@code y = gamma * xhat + beta}.
   *
   * @param x {@code rows x c} from {@code xOff}; read
   * @param mean, variance, invStd {@code c} values each; written (invStd is
   *     {@code 1 / sqrt(variance + epsilon)})
   * @param xhat, y {@code rows x c} from 0; written
   * @param scratch at least {@code 2 * c} doubles; overwritten
   */
  public static void trainForward(float[] x, int xOff, int rows, int c, float[] gamma,
      float[] beta, float epsilon, float[] mean, float[] variance, float[] invStd, float[] xhat,
      float[] y, double[] scratch) {
    java.util.Arrays.fill(scratch, 0, 2 * c, 0.0);
    for (int r = 0; r < rows; r++) {
      int row = xOff + r * c;
      for (int ch = 0; ch < c; ch++) {
        scratch[ch] += x[row + ch];
      }
    }
    for (int ch = 0; ch < c; ch++) {
      scratch[ch] /= rows;
    }
    for (int r = 0; r < rows; r++) {
      int row = xOff + r * c;
      for (int ch = 0; ch < c; ch++) {
        double d = x[row + ch] - scratch[ch];
        scratch[c + ch] += d * d;
      }
    }
    for (int ch = 0; ch < c; ch++) {
      mean[ch] = (float) scratch[ch];
      variance[ch] = (float) (scratch[c + ch] / rows);
      invStd[ch] = (float) (1 / Math.sqrt(scratch[c + ch] / rows + epsilon));
    }
    for (int r = 0; r < rows; r++) {
      int row = r * c;
      for (int ch = 0; ch < c; ch++) {
        float z = (x[xOff + row + ch] - mean[ch]) * invStd[ch];
        xhat[row + ch] = z;
        y[row + ch] = (gamma == null ? z : gamma[ch] * z) + (beta == null ? 0f : beta[ch]);
      }
    }
  }

  /**
   * The inference pass, with the moving statistics: {@link #fold} into {@code scale} and
   * {@code shift} ({@code c} floats each, overwritten), then {@link #affine}.
   */
  public static void inferForward(float[] x, int xOff, float[] y, int rows, int c, float[] gamma,
      float[] beta, float[] movingMean, float[] movingVariance, float epsilon, float[] scale,
      float[] shift) {
    fold(c, gamma, beta, movingMean, movingVariance, epsilon, scale, shift);
    affine(x, xOff, y, rows, c, scale, shift);
  }

  /**
   * The normalization as one scale and shift per channel:
   * {@code scale = gamma / sqrt(movingVariance + epsilon)},
   * {@code shift = beta - movingMean * scale}.
   */
  public static void fold(int c, float[] gamma, float[] beta, float[] movingMean,
      float[] movingVariance, float epsilon, float[] scale, float[] shift) {
    for (int ch = 0; ch < c; ch++) {
      float s = (float) (1 / Math.sqrt((double) movingVariance[ch] + epsilon));
      s = gamma == null ? s : gamma[ch] * s;
      scale[ch] = s;
      shift[ch] = (beta == null ? 0f : beta[ch]) - movingMean[ch] * s;
    }
  }

  /** {@code y = x * scale + shift} per channel; {@code y} from 0 ({@code y == x} allowed when {@code xOff == 0}). */
  public static void affine(float[] x, int xOff, float[] y, int rows, int c, float[] scale,
      float[] shift) {
    for (int r = 0; r < rows; r++) {
      int row = r * c;
      for (int ch = 0; ch < c; ch++) {
        y[row + ch] = x[xOff + row + ch] * scale[ch] + shift[ch];
      }
    }
  }

  /**
   * The backward pass through the batch statistics:
   * {@code dgamma = sum(dy * xhat)}, {@code dbeta = sum(dy)}, and with {@code g = dy * gamma},
   * {@code dx = invStd / N * (N * g - sum(g) - xhat * sum(g * xhat))} over the {@code N = rows}.
   * Each of {@code dgamma}, {@code dbeta}, {@code dx} may be null (not needed); they are
   * overwritten.
   *
   * @param scratch at least {@code 2 * c} doubles; overwritten
   */
  public static void backward(float[] dy, float[] xhat, float[] invStd, float[] gamma, int rows,
      int c, float[] dgamma, float[] dbeta, float[] dx, double[] scratch) {
    java.util.Arrays.fill(scratch, 0, 2 * c, 0.0);
    for (int r = 0; r < rows; r++) { // scratch: sum(dy), then sum(dy * xhat)
      int row = r * c;
      for (int ch = 0; ch < c; ch++) {
        scratch[ch] += dy[row + ch];
        scratch[c + ch] += (double) dy[row + ch] * xhat[row + ch];
      }
    }
    for (int ch = 0; ch < c; ch++) {
      if (dgamma != null) {
        dgamma[ch] = (float) scratch[c + ch];
      }
      if (dbeta != null) {
        dbeta[ch] = (float) scratch[ch];
      }
    }
    if (dx == null) {
      return;
    }
    for (int ch = 0; ch < c; ch++) { // the means of both sums, in place
      scratch[ch] /= rows;
      scratch[c + ch] /= rows;
    }
    for (int r = 0; r < rows; r++) {
      int row = r * c;
      for (int ch = 0; ch < c; ch++) {
        // dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat))
        float k = gamma == null ? invStd[ch] : gamma[ch] * invStd[ch];
        dx[row + ch] = k * (float) (dy[row + ch] - scratch[ch] - xhat[row + ch] * scratch[c + ch]);
      }
    }
  }
}
