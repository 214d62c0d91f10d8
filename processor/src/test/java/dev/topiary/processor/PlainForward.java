package dev.topiary.processor;

/**
 * A plain forward pass in double, one example at a time, written from the Keras/TensorFlow
 * definitions (NHWC, kernels {@code [kh][kw][cin][cout]} and {@code [in][out]}, SAME padding
 * with the smaller half before): the reference that generated networks' outputs are compared
 * with.
 */
final class PlainForward {
  /** One example's activations, {@code h x w x c} (a vector has {@code h = w = 1}). */
  static final class Tensor {
    final double[] v;
    final int h, w, c;

    Tensor(double[] v, int h, int w, int c) {
      this.v = v;
      this.h = h;
      this.w = w;
      this.c = c;
    }

    static Tensor of(float[] x, int h, int w, int c) {
      double[] v = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        v[i] = x[i];
      }
      return new Tensor(v, h, w, c);
    }

    double at(int y, int x, int ch) {
      return v[(y * w + x) * c + ch];
    }
  }

  private PlainForward() {}

  /** VALID {@code (in - k) / s + 1}; SAME {@code ceil(in / s)}. */
  static int outputSize(int in, int k, int s, boolean same) {
    return same ? (in + s - 1) / s : (in - k) / s + 1;
  }

  /** SAME: half of {@code max((out - 1) s + k - in, 0)}, rounded down, goes before. */
  static int padBefore(int in, int k, int s, boolean same) {
    return same ? Math.max((outputSize(in, k, s, true) - 1) * s + k - in, 0) / 2 : 0;
  }

  /** A 2D convolution; {@code bias} may be empty. */
  static Tensor conv(Tensor x, float[] kernel, float[] bias, int kh, int kw, int filters, int sh,
      int sw, boolean same) {
    int oh = outputSize(x.h, kh, sh, same);
    int ow = outputSize(x.w, kw, sw, same);
    int top = padBefore(x.h, kh, sh, same);
    int left = padBefore(x.w, kw, sw, same);
    double[] y = new double[oh * ow * filters];
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        for (int f = 0; f < filters; f++) {
          double z = bias.length == 0 ? 0 : bias[f];
          for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
              int iy = oy * sh + ky - top;
              int ix = ox * sw + kx - left;
              if (iy < 0 || iy >= x.h || ix < 0 || ix >= x.w) {
                continue; // zero padding
              }
              for (int ch = 0; ch < x.c; ch++) {
                z += x.at(iy, ix, ch) * kernel[((ky * kw + kx) * x.c + ch) * filters + f];
              }
            }
          }
          y[(oy * ow + ox) * filters + f] = z;
        }
      }
    }
    return new Tensor(y, oh, ow, filters);
  }

  /** Max pooling per channel; padding never wins. */
  static Tensor maxPool(Tensor x, int ph, int pw, int sh, int sw, boolean same) {
    int oh = outputSize(x.h, ph, sh, same);
    int ow = outputSize(x.w, pw, sw, same);
    int top = padBefore(x.h, ph, sh, same);
    int left = padBefore(x.w, pw, sw, same);
    double[] y = new double[oh * ow * x.c];
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        for (int ch = 0; ch < x.c; ch++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int dy = 0; dy < ph; dy++) {
            for (int dx = 0; dx < pw; dx++) {
              int iy = oy * sh + dy - top;
              int ix = ox * sw + dx - left;
              if (iy >= 0 && iy < x.h && ix >= 0 && ix < x.w) {
                max = Math.max(max, x.at(iy, ix, ch));
              }
            }
          }
          y[(oy * ow + ox) * x.c + ch] = max;
        }
      }
    }
    return new Tensor(y, oh, ow, x.c);
  }

  /** A dense layer over the flattened input; {@code bias} may be empty. */
  static Tensor dense(Tensor x, float[] kernel, float[] bias, int units) {
    double[] y = new double[units];
    for (int j = 0; j < units; j++) {
      y[j] = bias.length == 0 ? 0 : bias[j];
      for (int i = 0; i < x.v.length; i++) {
        y[j] += x.v[i] * kernel[i * units + j];
      }
    }
    return new Tensor(y, 1, 1, units);
  }

  static Tensor relu(Tensor x) {
    double[] y = x.v.clone();
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.max(y[i], 0);
    }
    return new Tensor(y, x.h, x.w, x.c);
  }

  static double[] softmax(Tensor x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x.v) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[x.v.length];
    for (int j = 0; j < p.length; j++) {
      p[j] = Math.exp(x.v[j] - max);
      sum += p[j];
    }
    for (int j = 0; j < p.length; j++) {
      p[j] /= sum;
    }
    return p;
  }
}
