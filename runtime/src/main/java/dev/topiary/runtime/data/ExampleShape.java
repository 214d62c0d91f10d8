package dev.topiary.runtime.data;

/** The shape of one example as text, and the check that a data set's examples have a model's size. */
public final class ExampleShape {
  private ExampleShape() {}

  /** A shape as text, e.g. {@code 28x28x1}. */
  public static String text(int[] shape) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      s.append(i == 0 ? "" : "x").append(shape[i]);
    }
    return s.toString();
  }

  /**
   * Fails unless {@code data}'s examples have {@code inputSize} values.
   *
   * @throws IllegalArgumentException naming {@code model}, its input shape and what the data holds
   */
  public static void check(String model, int[] inputShape, int inputSize, Dataset data) {
    if (data.exampleSize() != inputSize) {
      throw new IllegalArgumentException(model + " takes examples of " + text(inputShape)
          + " = " + inputSize + " values, but the data set's examples have "
          + data.exampleSize());
    }
  }
}
