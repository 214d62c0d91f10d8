package dev.topiary.runtime.kernels;

/**
 * Batch normalization over the last axis of {@code rows x c} values (the channels of NHWC images,
 * the features of vectors), as Keras {@code BatchNormalization}:
 * {@code y = gamma * (x - mean) / sqrt(variance + epsilon) + beta}. Training uses the batch's mean
 * and biased variance (as Keras's {@code ops.moments}); inference the moving ones. Sums are taken
 * in double. {@code gamma} or {@code beta} may be null: scale 1, offset 0.
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
   */
  public static void trainForward(float[] x, int xOff, int rows, int c, float[] gamma,
      float[] beta, float epsilon, float[] mean, float[] variance, float[] invStd, float[] xhat,
      float[] y) {
    double[] sum = new double[c];
    for (int r = 0; r < rows; r++) {
      int row = xOff + r * c;
      for (int ch = 0; ch < c; ch++) {
        sum[ch] += x[row + ch];
      }
    }
    double[] squares = new double[c];
    for (int ch = 0; ch < c; ch++) {
      sum[ch] /= rows;
    }
    for (int r = 0; r < rows; r++) {
      int row = xOff + r * c;
      for (int ch = 0; ch < c; ch++) {
        double d = x[row + ch] - sum[ch];
        squares[ch] += d * d;
      }
    }
    for (int ch = 0; ch < c; ch++) {
      mean[ch] = (float) sum[ch];
      variance[ch] = (float) (squares[ch] / rows);
      invStd[ch] = (float) (1 / Math.sqrt(squares[ch] / rows + epsilon));
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

  /** The inference pass, with the moving statistics: {@code y} from 0 ({@code y == x} allowed when {@code xOff == 0}). */
  public static void inferForward(float[] x, int xOff, float[] y, int rows, int c, float[] gamma,
      float[] beta, float[] movingMean, float[] movingVariance, float epsilon) {
    float[] scale = new float[c];
    float[] shift = new float[c];
    for (int ch = 0; ch < c; ch++) {
      float s = (float) (1 / Math.sqrt((double) movingVariance[ch] + epsilon));
      s = gamma == null ? s : gamma[ch] * s;
      scale[ch] = s;
      shift[ch] = (beta == null ? 0f : beta[ch]) - movingMean[ch] * s;
    }
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
   */
  public static void backward(float[] dy, float[] xhat, float[] invStd, float[] gamma, int rows,
      int c, float[] dgamma, float[] dbeta, float[] dx) {
    double[] sumDy = new double[c];
    double[] sumDyXhat = new double[c];
    for (int r = 0; r < rows; r++) {
      int row = r * c;
      for (int ch = 0; ch < c; ch++) {
        sumDy[ch] += dy[row + ch];
        sumDyXhat[ch] += (double) dy[row + ch] * xhat[row + ch];
      }
    }
    for (int ch = 0; ch < c; ch++) {
      if (dgamma != null) {
        dgamma[ch] = (float) sumDyXhat[ch];
      }
      if (dbeta != null) {
        dbeta[ch] = (float) sumDy[ch];
      }
    }
    if (dx == null) {
      return;
    }
    float[] a = new float[c];
    float[] b = new float[c];
    float[] m = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double g = gamma == null ? 1 : gamma[ch];
      // dx = k * (dy - mean(dy) - xhat * mean(dy * xhat)) with k = gamma * invStd
      m[ch] = (float) (g * invStd[ch]);
      a[ch] = (float) (sumDy[ch] / rows);
      b[ch] = (float) (sumDyXhat[ch] / rows);
    }
    for (int r = 0; r < rows; r++) {
      int row = r * c;
      for (int ch = 0; ch < c; ch++) {
        dx[row + ch] = m[ch] * (dy[row + ch] - a[ch] - xhat[row + ch] * b[ch]);
      }
    }
  }
}
