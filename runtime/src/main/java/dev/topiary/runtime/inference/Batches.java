package dev.topiary.runtime.inference;

import dev.topiary.Loss;
import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.data.ExampleShape;
import dev.topiary.runtime.kernels.Losses;
import dev.topiary.runtime.kernels.TargetLosses;

/**
 * Predicting and evaluating many examples in chunks of a forward pass: what generated networks
 * and inference models share, with the same checks and messages. Runtime plumbing: public only
 * because generated networks' base class ({@code internal}) uses it too.
 */
public final class Batches {
  /** A forward pass over {@code batch} examples from {@code x[xOff]}; returns its output buffer. */
  public interface Forward {
    /** Runs the examples; the returned buffer holds {@code batch} output rows from index 0. */
    float[] run(float[] x, int xOff, int batch);
  }

  /** The loss summed over the {@code batch} rows of the last forward pass's output {@code p}. */
  public interface LossSum {
    /** The summed (not mean) loss of rows {@code 0..batch-1} against {@code labels[labelOff..]}. */
    double of(float[] p, int[] labels, int labelOff, int batch);
  }

  /** The loss summed over the rows of the last forward pass's output {@code p}, on targets. */
  public interface TargetLossSum {
    /** The summed (not mean) loss of rows {@code 0..batch-1} against {@code t[tOff..]}. */
    double of(float[] p, float[] t, int tOff, int batch);
  }

  private Batches() {}

  /**
   * The mean loss (summed by {@code loss}), the mean absolute error and, for binary
   * cross-entropy, the binary accuracy over {@code data}'s float targets, which the caller
   * checked against the model ({@code ExampleShape.checkOutputs}).
   */
  public static Evaluation evaluateTargets(Forward forward, TargetLossSum loss, Loss kind,
      Dataset data, int inputSize, int outputSize, int chunk) {
    float[] t = data.targets();
    double total = 0;
    double absolute = 0;
    long correct = 0;
    for (int start = 0; start < data.size(); start += chunk) {
      int n = Math.min(chunk, data.size() - start);
      float[] p = forward.run(data.features(), data.featureOffset() + start * inputSize, n);
      int tOff = data.targetOffset() + start * outputSize;
      total += loss.of(p, t, tOff, n);
      absolute += TargetLosses.absoluteErrorSum(p, t, tOff, n, outputSize);
      correct += TargetLosses.binaryCorrect(p, t, tOff, n, outputSize);
    }
    int size = data.size();
    boolean binary = kind == Loss.BINARY_CROSSENTROPY;
    double accuracy = !binary ? Double.NaN
        : size == 0 ? 0 : (double) correct / ((long) size * outputSize);
    return Evaluation.ofTargets(size == 0 ? 0 : total / size, accuracy,
        size == 0 ? 0 : absolute / size, binary ? (int) Math.min(correct, Integer.MAX_VALUE) : 0,
        size);
  }

  /**
   * Runs one example into {@code out} from index 0.
   *
   * @throws IllegalArgumentException naming {@code model} if {@code example} is not one example
   *     of {@code inputShape} or {@code out} has less than {@code outputSize} values
   */
  public static void predictOne(Forward forward, String model, int[] inputShape, int inputSize,
      int outputSize, float[] example, float[] out) {
    requireArrays(model, example, out);
    if (example.length != inputSize) {
      throw new IllegalArgumentException(model + ".predict: expected one example of "
          + ExampleShape.text(inputShape) + " = " + inputSize + " values, found " + example.length);
    }
    if (out.length < outputSize) {
      throw new IllegalArgumentException(model + ".predict: output needs " + outputSize
          + " values, found " + out.length);
    }
    System.arraycopy(forward.run(example, 0, 1), 0, out, 0, outputSize);
  }

  /**
   * Runs {@code count} examples in chunks of at most {@code chunk} and copies the outputs to
   * {@code out}.
   *
   * @throws IllegalArgumentException naming {@code model} if the arrays are too short
   */
  public static void predict(Forward forward, String model, int inputSize, int outputSize,
      float[] examples, int count, float[] out, int chunk) {
    requireArrays(model, examples, out);
    if (count < 0 || (long) count * inputSize > examples.length) {
      throw new IllegalArgumentException(model + ".predict: expected " + count + " examples of "
          + inputSize + " values = " + (long) count * inputSize + ", found " + examples.length);
    }
    if ((long) count * outputSize > out.length) {
      throw new IllegalArgumentException(model + ".predict: output needs " + count + " x "
          + outputSize + " = " + (long) count * outputSize + " values, found " + out.length);
    }
    for (int start = 0; start < count; start += chunk) {
      int n = Math.min(chunk, count - start);
      System.arraycopy(forward.run(examples, start * inputSize, n), 0, out, start * outputSize,
          n * outputSize);
    }
  }

  /**
   * The mean loss (summed by {@code loss}) and the accuracy over {@code data},
   * whose examples must have {@code inputSize} values (checked by the caller).
   */
  public static Evaluation evaluate(Forward forward, LossSum loss, Dataset data, int inputSize,
      int outputSize, int chunk) {
    int[] labels = data.labels();
    for (int i = 0; i < data.size(); i++) {
      int label = labels[data.labelOffset() + i];
      if (label < 0 || label >= outputSize) {
        throw new IllegalArgumentException("expected labels 0 to " + (outputSize - 1)
            + " (one per output), found " + label + " at example " + i);
      }
    }
    double total = 0;
    int[][] confusion = new int[outputSize][outputSize];
    long[] rankCounts = new long[outputSize];
    for (int start = 0; start < data.size(); start += chunk) {
      int n = Math.min(chunk, data.size() - start);
      float[] p = forward.run(data.features(), data.featureOffset() + start * inputSize, n);
      int labelOff = data.labelOffset() + start;
      total += loss.of(p, labels, labelOff, n);
      for (int r = 0; r < n; r++) {
        int label = labels[labelOff + r];
        confusion[label][Losses.argmax(p, r, outputSize)]++;
        rankCounts[rank(p, r * outputSize, outputSize, label)]++;
      }
    }
    return new Evaluation(data.size() == 0 ? 0 : total / data.size(), confusion, rankCounts);
  }

  /** How many of row {@code off}'s outputs are above the label's (ties count for the label). */
  private static int rank(float[] p, int off, int outputs, int label) {
    float v = p[off + label];
    int above = 0;
    for (int j = 0; j < outputs; j++) {
      above += p[off + j] > v ? 1 : 0;
    }
    return above;
  }

  private static void requireArrays(String model, float[] in, float[] out) {
    if (in == null || out == null) {
      throw new IllegalArgumentException(model + ".predict: expected input and output arrays, "
          + "found " + (in == null ? "no input" : "no output array"));
    }
  }
}
