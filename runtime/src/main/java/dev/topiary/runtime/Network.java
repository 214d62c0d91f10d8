package dev.topiary.runtime;

import dev.topiary.Loss;
import dev.topiary.architecture.Architecture;
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
 * <p><b>Not thread-safe</b>: an instance keeps its activation buffers between calls, so use it
 * from one thread at a time; to serve several threads, export it once
 * ({@code InferenceModel.of(network)}) and give each thread a {@code copy()} of the export.
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
   * The trainable tensors, in a fixed order (the order of the model file), each with its gradient.
   * The list cannot be changed; the tensors' values can, and after changing them call
   * {@link #weightsChanged()}.
   */
  List<Parameter> parameters();

  /**
   * The rules that layer annotations ({@code @Prune}, {@code @L1(proximal = true)}) impose on the
   * weights during training, in layer order; empty when there are none. The trainer runs them.
   */
  List<TrainingRule> trainingRules();

  /**
   * The tensors saved with the weights but not trained (a BatchNormalization layer's moving
   * mean and variance), in file order after {@link #parameters()}; empty for most networks.
   */
  default List<Parameter> nonTrainableWeights() {
    return java.util.Collections.emptyList();
  }

  /** The seed this network's weights were initialised from; also the default shuffling seed. */
  long seed();

  /**
   * The architecture text: layers, shapes and options, one line; what model files must match and
   * what the inference export rebuilds the network from.
   */
  String architecture();

  /**
   * The training forward pass over {@code batch} examples stored from {@code x[xOff]} on, keeping
   * every layer's activations for {@link #backward} and {@link #activations}. Prediction uses
   * {@link #predict}, which may run faster fused kernels.
   *
   * @return the output buffer, {@code batch x outputSize()} from index 0, valid until the next call
   */
  float[] forward(float[] x, int xOff, int batch);

  /**
   * Computes the gradient of every parameter for the batch of the last {@link #forward} call, for
   * the mean loss over that batch plus the regularization penalties, and returns that loss.
   */
  float backward(int[] labels, int labelOff, int batch);

  /**
   * {@link #backward(int[], int, int)} for a model trained on float targets
   * ({@code Loss.MEAN_SQUARED_ERROR}, {@code Loss.BINARY_CROSSENTROPY}): {@code batch x
   * outputSize()} targets from {@code targets[targetOff]} on.
   *
   * @throws UnsupportedOperationException for a model trained on class labels (this default)
   */
  default float backward(float[] targets, int targetOff, int batch) {
    throw new UnsupportedOperationException(modelName() + " is trained with loss " + loss()
        + " on class labels; expected backward(int[] labels, ...), found float targets");
  }

  /**
   * The loss the model trains with, as its {@code @Model(loss)} declares it; whether it reads
   * class labels or float targets ({@link Loss#takesTargets()}) decides the data set it takes.
   * This default reads it from the {@link #architecture()} text.
   */
  default Loss loss() {
    return Architecture.parse(architecture()).loss();
  }

  /**
   * The buffer holding layer {@code layer}'s activations after the last {@link #forward}, with
   * {@code batch x} that layer's output size valid values from index 0.
   */
  float[] activations(int layer);

  /**
   * Tells the network that its weights were changed from outside ({@link #parameters()} values
   * written, e.g. by training or pruning): rebuilds what inference derived from them (sparse
   * kernels), so that {@link #predict} sees the new weights.
   */
  void weightsChanged();

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
