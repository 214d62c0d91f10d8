package dev.topiary.runtime.internal;

import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.Layer;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.io.ModelFile;
import dev.topiary.runtime.kernels.Losses;
import dev.topiary.runtime.optim.Optimizer;
import dev.topiary.runtime.report.Summary;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.codehaus.mojo.animal_sniffer.IgnoreJRERequirement;

/**
 * The base class of every generated network: what all networks share (prediction, evaluation,
 * files, summary), over the specialised forward and backward passes the processor writes.
 *
 * <p>Generated code only. A network keeps its activation buffers between calls, so one instance
 * must not be used from two threads at once.
 */
public abstract class GeneratedNetwork implements Network {
  /** Examples per forward pass when evaluating or predicting many examples. */
  static final int EVALUATION_BATCH = 256;

  private final String modelName;
  private final String fingerprint;
  private final long seed;
  private final int[] inputShape;
  private final int inputSize;
  private final int outputSize;
  private List<Layer> layers = Collections.emptyList();
  private Parameter[] parameters = new Parameter[0];
  private KernelPruning[] prunings = new KernelPruning[0];
  private ProximalL1[] proximals = new ProximalL1[0];
  private long trainingSteps;
  private KernelMode kernelMode = KernelMode.AUTO;
  private boolean sparseKernelsActive;
  private int capacity;

  /**
   * @param fingerprint a description of the architecture (layers, shapes) that model files must match
   */
  protected GeneratedNetwork(String modelName, String fingerprint, long seed, int[] inputShape,
      int outputSize) {
    this.modelName = modelName;
    this.fingerprint = fingerprint;
    this.seed = seed;
    this.inputShape = inputShape.clone();
    int size = 1;
    for (int d : inputShape) {
      size *= d;
    }
    this.inputSize = size;
    this.outputSize = outputSize;
  }

  /** Called once by the generated constructor with the layer handles and trainable tensors. */
  protected final void register(Layer[] layers, Parameter[] parameters) {
    this.layers = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(layers)));
    this.parameters = parameters.clone();
  }

  /** Called by the generated constructor of a model with {@code @Prune} layers. */
  protected final void registerPruning(KernelPruning... prunings) {
    this.prunings = prunings.clone();
  }

  /** Called by the generated constructor of a model with {@code @L1(proximal = true)} layers. */
  protected final void registerProximal(ProximalL1... proximals) {
    this.proximals = proximals.clone();
  }

  /** The pruned layers' states, in layer order; empty when no layer declares {@code @Prune}. */
  public final KernelPruning[] prunings() {
    return prunings;
  }

  /**
   * A training step is about to run: counts it (steps count from 1 over this network object's
   * life, across {@code fit} calls, like tfmot's {@code optimizer.iterations} within one run),
   * updates the masks the schedules call for at that step and zeroes the masked weights.
   *
   * @return the step's number
   */
  public final long beforeTrainingStep() {
    if (sparseKernelsActive) {
      useSparseKernels(KernelMode.DENSE); // weights are about to change: dense while training
    }
    long step = ++trainingSteps;
    for (KernelPruning p : prunings) {
      p.beforeStep(step);
    }
    return step;
  }

  /**
   * After an optimizer step: the strict pruning variant (when {@code strictPruning}) zeroes masked
   * weights' gradients' effect by zeroing their optimizer state and the weights; proximal L1
   * soft-thresholds its kernels.
   */
  public final void afterOptimizerStep(Optimizer optimizer, boolean strictPruning) {
    if (strictPruning) {
      for (KernelPruning p : prunings) {
        optimizer.maskState(indexOf(p.kernel()), p.kernelMask());
        if (p.bias() != null) {
          optimizer.maskState(indexOf(p.bias()), p.biasMask());
        }
        p.apply();
      }
    }
    for (ProximalL1 l1 : proximals) {
      optimizer.softThreshold(indexOf(l1.kernel()), l1.kernel().value, l1.lambda());
    }
  }

  /** The strict pruning variant, between backward and the optimizer: masked gradients become 0. */
  public final void maskGradients() {
    for (KernelPruning p : prunings) {
      p.maskGradients();
    }
  }

  /** At the end of training: zeroes every masked weight (tfmot's strip_pruning). */
  public final void finishTraining() {
    for (KernelPruning p : prunings) {
      p.apply();
    }
    useSparseKernels(kernelMode);
  }

  /**
   * Which kernels inference uses: {@link KernelMode#AUTO} (the default) runs each Dense layer
   * sparse when its kernel is sparse enough ({@code KernelChoice.SPARSE_MAX_WEIGHT_DENSITY}), DENSE and SPARSE
   * force one path. Takes effect now, and again after training or loading.
   */
  @Override
  public final void kernelMode(KernelMode mode) {
    this.kernelMode = mode;
    useSparseKernels(mode);
  }

  private void useSparseKernels(KernelMode mode) {
    prepareKernels(mode);
    sparseKernelsActive = mode != KernelMode.DENSE;
  }

  /**
   * Generated: (re)builds each Dense layer's sparse kernel for {@code mode}, or drops it (null)
   * for DENSE or a kernel too dense under AUTO.
   */
  protected abstract void prepareKernels(KernelMode mode);

  private int indexOf(Parameter p) {
    for (int i = 0; i < parameters.length; i++) {
      if (parameters[i] == p) {
        return i;
      }
    }
    throw new IllegalStateException(p.name + " is not a parameter of " + modelName);
  }

  /** Allocates activation and gradient buffers for {@code batch} examples. */
  protected abstract void allocate(int batch);

  /**
   * Runs the forward pass of {@code batch} examples stored from {@code x[xOff]} on.
   *
   * @return the output buffer, {@code batch x outputSize()} from index 0, valid until the next call
   */
  public abstract float[] forward(float[] x, int xOff, int batch);

  /**
   * The forward pass for prediction and evaluation: the same outputs as {@link #forward} (to
   * float rounding), but a generated network may run fused inference kernels that keep no
   * activations for {@link #backward} or {@link #activations}. This one calls {@code forward}.
   *
   * @return the output buffer, {@code batch x outputSize()} from index 0, valid until the next call
   */
  protected float[] infer(float[] x, int xOff, int batch) {
    return forward(x, xOff, batch);
  }

  /**
   * Computes the gradients of every parameter for the batch of the last {@link #forward} call, for
   * the mean loss over that batch plus the regularization penalties, and returns that loss.
   */
  public abstract float backward(int[] labels, int labelOff, int batch);

  /**
   * The buffer holding layer {@code layer}'s activations after the last {@link #forward}, with
   * {@code batch x} that layer's output size valid values from index 0 (a Flatten shares its
   * input's buffer).
   */
  public abstract float[] activations(int layer);

  /** Makes sure the buffers hold at least {@code batch} examples; allocates only when they grow. */
  protected final void ensureCapacity(int batch) {
    if (batch <= 0) {
      throw new IllegalArgumentException("batch size must be positive, found " + batch);
    }
    if (batch > capacity) {
      allocate(batch);
      capacity = batch;
    }
  }

  /** The trainable tensors, in a fixed order (the order of the model file). */
  public final Parameter[] parameters() {
    return parameters;
  }

  /** The seed this network's weights were initialised from; also the default shuffling seed. */
  public final long seed() {
    return seed;
  }

  /** The architecture description that model files must match. */
  public final String fingerprint() {
    return fingerprint;
  }

  @Override
  public final String modelName() {
    return modelName;
  }

  @Override
  public final int[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public final int inputSize() {
    return inputSize;
  }

  @Override
  public final int outputSize() {
    return outputSize;
  }

  @Override
  public final List<Layer> layers() {
    return layers;
  }

  @Override
  public final long parameterCount() {
    long n = 0;
    for (Parameter p : parameters) {
      n += p.size();
    }
    return n;
  }

  @Override
  public final float[] predict(float[] example) {
    float[] out = new float[outputSize];
    predict(example, out);
    return out;
  }

  @Override
  public final void predict(float[] example, float[] out) {
    Batches.predictOne(this::infer, modelName, inputShape, inputSize, outputSize, example, out);
  }

  @Override
  public final void predict(float[] examples, int count, float[] out) {
    Batches.predict(this::infer, modelName, inputSize, outputSize, examples, count, out,
        EVALUATION_BATCH);
  }

  @Override
  public final Evaluation evaluate(Dataset data) {
    checkExampleSize(data);
    return Batches.evaluate(this::infer, this::lossSum, data, inputSize, outputSize,
        EVALUATION_BATCH);
  }

  /**
   * The model's loss summed over the {@code batch} rows of the last forward pass, whose output is
   * {@code p}: what {@link #evaluate} reports (as a mean). Cross-entropy here; networks whose loss
   * is another (Loss.SPARSEMAX) override it, reading what their last pass kept.
   */
  protected double lossSum(float[] p, int[] labels, int labelOff, int batch) {
    return Losses.crossEntropySum(p, labels, labelOff, batch, outputSize);
  }

  /** Fails unless {@code data}'s examples have this network's input size. */
  public final void checkExampleSize(Dataset data) {
    Batches.checkExampleSize(modelName, inputShape, inputSize, data);
  }

  @Override
  public final String summary() {
    return Summary.of(modelName, layers);
  }

  @Override
  public final void save(File file) throws IOException {
    ModelFile.write(file, modelName, fingerprint, parameters);
  }

  /** Replaces this network's weights with those stored in {@code file} (generated {@code load}). */
  protected final void readWeights(File file) throws IOException {
    ModelFile.read(file, modelName, fingerprint, parameters);
    for (KernelPruning p : prunings) {
      p.maskFromWeights(); // masks are implied by the zeros of a saved, masked kernel
    }
    useSparseKernels(kernelMode);
  }

  /** {@code path.toFile()}, kept here so generated code links against no java.nio.file method. */
  @IgnoreJRERequirement
  protected static File file(Path path) {
    return path.toFile();
  }

  @Override
  public String toString() {
    return modelName + " (" + parameterCount() + " parameters)";
  }
}
