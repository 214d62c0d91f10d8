package dev.topiary.runtime.data;

import dev.topiary.Loss;

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
    if (data.hasTargets()) {
      throw new IllegalArgumentException(model + " is trained on class labels; expected a "
          + which + " set of labels (Dataset.of), found one of " + data.targetSize()
          + " float targets per example (Dataset.ofTargets)");
    }
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

  /**
   * Fails unless {@code data} fits a model trained with {@code loss} over {@code outputs} outputs:
   * class labels in range for a class-label loss ({@link #checkLabels}), else float targets, as
   * many per example as outputs, each finite (and in [0, 1] for binary cross-entropy); all checked
   * before any is used.
   *
   * @throws IllegalArgumentException naming {@code model}, what was expected and the first
   *     example that breaks it
   */
  public static void checkOutputs(String model, Loss loss, int outputs, Dataset data,
      String which) {
    if (!loss.takesTargets()) {
      checkLabels(model, outputs, data, which);
      return;
    }
    if (!data.hasTargets()) {
      throw new IllegalArgumentException(model + " is trained with loss " + loss + " on float "
          + "targets; expected a " + which + " set of " + outputs + " targets per example "
          + "(Dataset.ofTargets), found one of class labels (Dataset.of)");
    }
    if (data.targetSize() != outputs) {
      throw new IllegalArgumentException(model + " has " + outputs + " output"
          + (outputs == 1 ? "" : "s") + "; expected " + outputs + " target"
          + (outputs == 1 ? "" : "s") + " per example in the " + which + " set, found "
          + data.targetSize());
    }
    float[] t = data.targets();
    int off = data.targetOffset();
    boolean binary = loss == Loss.BINARY_CROSSENTROPY;
    for (int i = 0; i < data.size() * outputs; i++) {
      float v = t[off + i];
      if (!Float.isFinite(v) || (binary && !(v >= 0f && v <= 1f))) {
        throw new IllegalArgumentException(model + ": the " + which + " set's example "
            + i / outputs + " has target " + v + " at output " + i % outputs + "; expected "
            + (binary ? "a value in [0, 1] (binary cross-entropy)" : "a finite value"));
      }
    }
  }
}
