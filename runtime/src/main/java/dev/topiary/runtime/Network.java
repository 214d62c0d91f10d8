package dev.topiary.runtime;

import dev.topiary.runtime.data.Dataset;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.codehaus.mojo.animal_sniffer.IgnoreJRERequirement;

/**
 * A generated network. Model interfaces extend it; the processor generates the implementation
 * ({@code Topiary<Name>}) with a {@code (long seed)} constructor and a static {@code load}.
 *
 * <p>Inputs are {@code float[]} in NHWC order, one example after the other; outputs are one row
 * of {@link #outputSize()} values per example (class probabilities for a SOFTMAX output).
 */
public interface Network {
  /** The model's name: its interface's simple name, e.g. {@code "SeedCnn"}. */
  String modelName();

  /** The shape of one input example, as declared in {@code @Model(input = ...)}. */
  int[] inputShape();

  /** The number of input values per example (the product of {@link #inputShape()}). */
  int inputSize();

  /** The number of output values per example. */
  int outputSize();

  /** The layers in declaration order. */
  List<Layer> layers();

  /** The total number of trainable parameters. */
  long parameterCount();

  /**
   * Runs one example through the network.
   *
   * @param example {@link #inputSize()} values in NHWC order
   * @return a new array of {@link #outputSize()} values
   * @throws IllegalArgumentException if {@code example.length != inputSize()}
   */
  float[] predict(float[] example);

  /**
   * Runs one example and writes its {@link #outputSize()} values to {@code out}: what
   * {@link #predict(float[])} returns, without allocating a result (nothing at all once the
   * network has run one example).
   *
   * @param example {@link #inputSize()} values in NHWC order
   * @param out room for at least {@link #outputSize()} values, from index 0
   * @throws IllegalArgumentException if {@code example.length != inputSize()} or {@code out} is
   *     shorter than {@code outputSize()}
   */
  void predict(float[] example, float[] out);

  /**
   * Runs {@code count} examples, stored one after the other in {@code examples}, and writes
   * {@code count * outputSize()} values to {@code out}. Allocates nothing once buffers for
   * {@code count} examples exist.
   */
  void predict(float[] examples, int count, float[] out);

  /**
   * Chooses the inference kernels: {@link KernelMode#AUTO} (the default) runs each Dense layer
   * on a sparse kernel when pruning or L1 left at most a fifth of its weights
   * ({@code KernelChoice.SPARSE_MAX_WEIGHT_DENSITY}), DENSE and SPARSE
   * force a path. Training always runs dense.
   */
  void kernelMode(KernelMode mode);

  /** The mean cross-entropy loss and the accuracy over a labelled data set. */
  Evaluation evaluate(Dataset data);

  /** A table of layers, output shapes and parameter counts, laid out like Keras's {@code model.summary()}. */
  String summary();

  /**
   * Writes the weights to {@code file}: first to a temporary file beside it, then moved into place,
   * so a crash never leaves a half-written model.
   */
  void save(File file) throws IOException;

  /** {@link #save(File)} for a {@link Path} (desktop Java, Android 8+). */
  @IgnoreJRERequirement
  default void save(Path path) throws IOException {
    save(path.toFile());
  }
}
