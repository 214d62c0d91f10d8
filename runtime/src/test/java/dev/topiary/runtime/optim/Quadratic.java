package dev.topiary.runtime.optim;

import dev.topiary.runtime.Parameter;
import java.util.Arrays;

/**
 * A separable quadratic loss {@code sum 0.5 * a[i] * (w[i] - c[i])^2} over the values of several
 * parameters, the optimizer tests' problem: its gradient {@code a[i] * (w[i] - c[i])} is exact.
 */
final class Quadratic {
  final double[][] curvature;
  final double[][] minimum;

  Quadratic(double[][] curvature, double[][] minimum) {
    this.curvature = curvature;
    this.minimum = minimum;
  }

  /** Two parameters of 3 and 2 values, curvatures spanning two decades, minima of both signs. */
  static Quadratic standard() {
    return new Quadratic(
        new double[][] {{1.0, 0.1, 10.0}, {2.0, 0.5}},
        new double[][] {{3.0, -2.0, 0.5}, {-1.0, 4.0}});
  }

  /** Parameters named {@code p0, p1, ...} of this problem's sizes, starting at {@code start}. */
  Parameter[] parameters(double start) {
    Parameter[] params = new Parameter[curvature.length];
    for (int p = 0; p < params.length; p++) {
      params[p] = new Parameter("p" + p, curvature[p].length);
      Arrays.fill(params[p].value, (float) start);
    }
    return params;
  }

  /** The same starting point in double precision, for a reference computation. */
  double[][] weights(double start) {
    double[][] w = new double[curvature.length][];
    for (int p = 0; p < w.length; p++) {
      w[p] = new double[curvature[p].length];
      Arrays.fill(w[p], start);
    }
    return w;
  }

  /** Writes the gradient at the parameters' current values into their {@code grad} arrays. */
  void writeGradients(Parameter[] params) {
    for (int p = 0; p < params.length; p++) {
      for (int i = 0; i < params[p].size(); i++) {
        params[p].grad[i] = (float) gradient(p, i, params[p].value[i]);
      }
    }
  }

  /** The gradient with respect to value {@code i} of parameter {@code p} at {@code w}. */
  double gradient(int p, int i, double w) {
    return curvature[p][i] * (w - minimum[p][i]);
  }
}
