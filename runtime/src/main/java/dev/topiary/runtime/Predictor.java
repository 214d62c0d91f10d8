package dev.topiary.runtime;

import dev.topiary.runtime.data.Dataset;

/**
 * What runs a trained model forward: a {@link Network} and its inference-only export
 * ({@link dev.topiary.runtime.inference.InferenceModel}) alike. Inputs are {@code float[]} in
 * NHWC order, one example after the other; outputs one row of {@link #outputSize()} values each.
 *
 * <p><b>Not thread-safe.</b> A predictor keeps its activation buffers between calls, so two
 * threads calling one instance at once get wrong results, silently. Use one instance per thread:
 * {@code InferenceModel.of(network)} once, then {@code copy()} for each thread (copies share the
 * weights).
 */
public interface Predictor {
  /** The number of input values per example (the product of the input shape). */
  int inputSize();

  /** The number of output values per example. */
  int outputSize();

  /**
   * Runs one example; returns a new array of {@link #outputSize()} values.
   *
   * @throws IllegalArgumentException if {@code example.length != inputSize()}
   */
  float[] predict(float[] example);

  /**
   * Runs one example into {@code out} from index 0, allocating nothing once an example has run.
   *
   * @throws IllegalArgumentException if {@code example.length != inputSize()} or {@code out} is
   *     shorter than {@link #outputSize()}
   */
  void predict(float[] example, float[] out);

  /**
   * Runs {@code count} examples, stored one after the other in {@code examples}, and writes
   * {@code count * outputSize()} values to {@code out}. Allocates nothing once buffers for
   * {@code count} examples exist.
   */
  void predict(float[] examples, int count, float[] out);

  /** Chooses the Conv2D and Dense kernels: by density ({@link KernelMode#AUTO}), or forced. */
  void kernelMode(KernelMode mode);

  /** The mean cross-entropy loss and the accuracy over a labelled data set. */
  Evaluation evaluate(Dataset data);
}
