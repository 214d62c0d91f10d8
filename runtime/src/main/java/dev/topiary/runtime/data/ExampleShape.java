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
   * Fails unless {@code data} is a data set whose examples have {@code inputSize} values.
   *
   * @throws IllegalArgumentException naming {@code model}, its input shape and what the data holds
   *     (or that it is null)
   */
  public static void check(String model, int[] inputShape, int inputSize, Dataset data) {
    if (data == null) {
      throw new IllegalArgumentException(model + " takes a data set of examples of "
          + text(inputShape) + ", found null");
    }
    if (data.exampleSize() != inputSize) {
      throw new IllegalArgumentException(model + " takes examples of " + text(inputShape)
          + " = " + inputSize + " values, but the data set's examples have "
          + data.exampleSize());
    }
  }

  /**
   * Fails unless every label of {@code data} is one of the {@code classes} outputs, before any of
   * them is used (so that training does not stop half-way, with weights already changed).
   *
   * @throws IllegalArgumentException naming {@code model}, the first bad label and its example
   */
  public static void checkLabels(String model, int classes, Dataset data, String which) {
    int[] labels = data.labels();
    int off = data.labelOffset();
    for (int i = 0; i < data.size(); i++) {
      int label = labels[off + i];
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException(model + ": the " + which + " set's example " + i
            + " has label " + label + ", outside the " + classes + " classes of the output "
            + "layer; expected 0 to " + (classes - 1));
      }
    }
  }
}
