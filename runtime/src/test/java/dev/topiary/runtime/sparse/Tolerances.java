package dev.topiary.runtime.sparse;

/** The tolerances of the sparse kernel tests, in one place. */
final class Tolerances {
  /** The unit roundoff of float, {@code 2^-24}. */
  static final double FLOAT_UNIT_ROUNDOFF = 0x1p-24;

  private Tolerances() {}

  /**
   * How far a float sum of {@code terms} rounded products may lie from the exact sum, in any
   * order of summation: {@code gamma_(terms + 1) * sum |term|} with {@code gamma_n = n u / (1 - n
   * u)} (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., eq. 3.5 and 4.4; the
   * + 1 is the rounding of each product). The bias adds one more rounding.
   */
  static double productSum(int terms, double sumOfMagnitudes) {
    double nu = (terms + 2) * FLOAT_UNIT_ROUNDOFF;
    return nu / (1 - nu) * sumOfMagnitudes;
  }
}
