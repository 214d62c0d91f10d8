package dev.topiary.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float tolerances of the kernel tests, in one place. Kernels compute in float and the
 * references in double, so a result may differ from its reference by the rounding of a float
 * computation, never by more. Results that involve no arithmetic (copies, max, ReLU, routing)
 * are compared exactly.
 */
final class Tolerances {
  /**
   * A float sum of {@code k} terms errs by at most about {@code k * 2^-24} of the sum of the
   * terms' magnitudes (Higham, Accuracy and Stability of Numerical Algorithms, 2002, section
   * 3.1); the tests sum at most ~100 terms, so 6e-6, with a margin.
   */
  static final double SUM = 1e-5;

  /**
   * A float result of a few exact-rounded operations (exp, a division, a log) errs by a few
   * units in the last place, 2^-24 each, relative to the result.
   */
  static final double ELEMENT = 1e-6;

  /**
   * A central finite difference in double, step {@link #FD_STEP}: truncation error
   * {@code h^2 f''' / 6} ~ 1e-9 on smooth functions of O(1) arguments, plus float rounding of
   * the kernel's own result.
   */
  static final double FINITE_DIFFERENCE = 1e-5;

  /** The step of the double-precision finite differences. */
  static final double FD_STEP = 1e-4;

  /**
   * The step of finite differences of a float kernel that is piecewise linear (LeakyReLU,
   * sparsemax, L1) or piecewise quadratic (the sparsemax loss). Central differences are exact on
   * such a function while {@code [x - h, x + h]} holds no kink, so the tests keep their points more
   * than {@code 2h} from every kink and the step can be large: the only error left is the float
   * rounding of the kernel's outputs, {@code 2^-24} of their magnitude over {@code 2h}, ~1e-6 of
   * it, within {@link #FINITE_DIFFERENCE}. A power of two, so that {@code x +- h} is exact in
   * float for the tests' logits, multiples of 2^-10.
   */
  static final float PIECEWISE_FD_STEP = 1f / 32;

  /**
   * {@link #SUM} for a float sum of {@code terms} terms, for the blocked kernels' tests at a
   * layer's real sizes (thousands of terms): Higham's bound {@code terms * 2^-24}, doubled for
   * the products rounded before they are added, and never below {@link #SUM}.
   */
  static double sumOf(int terms) {
    return Math.max(SUM, 2 * terms * 0x1p-24);
  }

  private Tolerances() {}

  /**
   * Asserts {@code |actual - expected| <= relative * scale}, where {@code scale} is the
   * magnitude the error is relative to (e.g. the sum of the terms' magnitudes).
   */
  static void assertClose(double expected, double actual, double relative, double scale,
      String where) {
    double bound = relative * Math.max(scale, Double.MIN_NORMAL);
    assertTrue(Math.abs(actual - expected) <= bound, () -> where + ": expected " + expected
        + ", found " + actual + " (error " + Math.abs(actual - expected) + " > bound " + bound
        + ")");
  }
}
