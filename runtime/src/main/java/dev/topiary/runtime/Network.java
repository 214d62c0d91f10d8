package dev.topiary.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.codehaus.mojo.animal_sniffer.IgnoreJRERequirement;

/**
 * A generated network: what {@link Predictor} runs, plus its layers, summary and file. Model
 * interfaces extend it; the processor generates the implementation
 * ({@code Topiary<Name>}) with a {@code (long seed)} constructor and a static {@code load}.
 *
 * <p>Inputs are {@code float[]} in NHWC order, one example after the other; outputs are one row
 * of {@link #outputSize()} values per example (class probabilities for a SOFTMAX output).
 */
public interface Network extends Predictor {
  /** The model's name: its interface's simple name, e.g. {@code "SeedCnn"}. */
  String modelName();

  /** The shape of one input example, as declared in {@code @Model(input = ...)}. */
  int[] inputShape();

  /** The layers in declaration order. */
  List<Layer> layers();

  /** The total number of trainable parameters. */
  long parameterCount();

  /**
   * {@inheritDoc} {@link KernelMode#AUTO} (the default) runs each Dense layer on a sparse kernel
   * when pruning or L1 left at most a fifth of its weights
   * ({@code KernelChoice.SPARSE_MAX_WEIGHT_DENSITY}); a Conv2D followed by max pooling runs
   * fused and skips zero weights in every mode. Training always runs dense.
   */
  @Override
  void kernelMode(KernelMode mode);

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
