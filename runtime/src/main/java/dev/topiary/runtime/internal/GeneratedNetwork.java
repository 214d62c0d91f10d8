package dev.topiary.runtime.internal;

import dev.topiary.Loss;
import dev.topiary.architecture.Architecture;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.Layer;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.TrainingRule;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.data.ExampleShape;
import dev.topiary.runtime.inference.Batches;
import dev.topiary.runtime.io.ModelFile;
import dev.topiary.runtime.report.Summary;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
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
  private final String architecture;
  private final long seed;
  private final int[] inputShape;
  private final int inputSize;
  private final int outputSize;
  private List<Layer> layers = Collections.emptyList();
  private List<Parameter> parameters = Collections.emptyList();
  private List<TrainingRule> rules = Collections.emptyList();
  private List<Parameter> state = Collections.emptyList();
  private KernelMode kernelMode = KernelMode.AUTO;
  /** Whether inference's kernels must be rebuilt from the weights before the next prediction. */
  private boolean kernelsStale;
  private int capacity;
  /** The loss, read from the architecture text when first asked. */
  private Loss loss;

  /**
   * @param architecture the architecture text (layers, shapes) that model files must match
   */
  protected GeneratedNetwork(String modelName, String architecture, long seed, int[] inputShape,
      int outputSize) {
    this.modelName = modelName;
    this.architecture = architecture;
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
    this.parameters = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(parameters)));
  }

  /**
   * Called by the generated constructor of a model with BatchNormalization layers: the tensors
   * saved but not trained (moving statistics), in file order after the parameters.
   */
  protected final void registerState(Parameter... state) {
    this.state = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(state)));
  }

  @Override
  public final List<Parameter> nonTrainableWeights() {
    return state;
  }

  /** Parameters, then the non-trainable tensors: what model files hold, in order. */
  private Parameter[] stored() {
    List<Parameter> all = new ArrayList<>(parameters);
    all.addAll(state);
    return all.toArray(new Parameter[0]);
  }

  /**
   * Called by the generated constructor of a model with {@code @Prune} or
   * {@code @L1(proximal = true)} layers: the rules, in the order the trainer runs them.
   */
  protected final void registerRules(TrainingRule... rules) {
    this.rules = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(rules)));
  }

  @Override
  public final List<TrainingRule> trainingRules() {
    return rules;
  }

  /**
   * {@inheritDoc} Here: drops the sparse kernels now, so that {@link #forward} runs dense while
   * the weights move, and rebuilds them for the current {@link KernelMode} at the next
   * prediction or evaluation.
   */
  @Override
  public final void weightsChanged() {
    prepareKernels(KernelMode.DENSE);
    kernelsStale = true;
  }

  /**
   * Which kernels inference uses: {@link KernelMode#AUTO} (the default) runs each Dense layer
   * sparse when its kernel is sparse enough ({@code KernelChoice.SPARSE_MAX_WEIGHT_DENSITY}), DENSE and SPARSE
   * force one path. Takes effect now, and again after training or loading.
   */
  @Override
  public final void kernelMode(KernelMode mode) {
    if (mode == null) {
      throw new IllegalArgumentException("kernel mode must not be null");
    }
    this.kernelMode = mode;
    prepareKernels(mode);
    kernelsStale = false;
  }

  /**
   * Generated: (re)builds each Dense layer's sparse kernel for {@code mode}, or drops it (null)
   * for DENSE or a kernel too dense under AUTO.
   */
  protected abstract void prepareKernels(KernelMode mode);

  /** Allocates activation and gradient buffers for {@code batch} examples. */
  protected abstract void allocate(int batch);

  @Override
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
   * {@inheritDoc} Generated for models trained on class labels; for the others this throws.
   *
   * @throws UnsupportedOperationException for a model trained on float targets
   */
  @Override
  public float backward(int[] labels, int labelOff, int batch) {
    throw new UnsupportedOperationException(modelName + " is trained with loss " + loss()
        + " on float targets; expected backward(float[] targets, ...), found class labels");
  }

  /** {@inheritDoc} Generated for models trained on float targets. */
  @Override
  public float backward(float[] targets, int targetOff, int batch) {
    throw new UnsupportedOperationException(modelName + " is trained with loss " + loss()
        + " on class labels; expected backward(int[] labels, ...), found float targets");
  }

  @Override
  public final Loss loss() {
    Loss l = loss;
    if (l == null) {
      loss = l = Architecture.parse(architecture).loss();
    }
    return l;
  }

  /** {@inheritDoc} A Flatten shares its input's buffer. */
  @Override
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

  @Override
  public final List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public final long seed() {
    return seed;
  }

  @Override
  public final String architecture() {
    return architecture;
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

  /** The inference pass behind predict and evaluate: rebuilds stale kernels first. */
  private float[] inferCurrent(float[] x, int xOff, int batch) {
    if (kernelsStale) {
      kernelMode(kernelMode);
    }
    return infer(x, xOff, batch);
  }

  @Override
  public final void predict(float[] example, float[] out) {
    Batches.predictOne(this::inferCurrent, modelName, inputShape, inputSize, outputSize, example, out);
  }

  @Override
  public final void predict(float[] examples, int count, float[] out) {
    Batches.predict(this::inferCurrent, modelName, inputSize, outputSize, examples, count, out,
        EVALUATION_BATCH);
  }

  @Override
  public final Evaluation evaluate(Dataset data) {
    checkExampleSize(data);
    if (loss().takesTargets() || data.hasTargets()) {
      ExampleShape.checkOutputs(modelName, loss(), outputSize, data, "evaluation");
      return Batches.evaluateTargets(this::inferCurrent, this::lossSum, loss(), data, inputSize,
          outputSize, EVALUATION_BATCH);
    }
    return Batches.evaluate(this::inferCurrent, this::lossSum, data, inputSize, outputSize,
        EVALUATION_BATCH);
  }

  /**
   * The model's loss summed over the {@code batch} rows of the last inference pass, whose output
   * is {@code p}: what {@link #evaluate} reports (as a mean). Generated networks compute it from
   * the logits their last pass kept (cross-entropy by log-sum-exp, or the sparsemax loss).
   */
  protected double lossSum(float[] p, int[] labels, int labelOff, int batch) {
    throw new UnsupportedOperationException(modelName + " is evaluated on float targets");
  }

  /**
   * {@link #lossSum(float[], int[], int, int)} for a model trained on float targets: generated
   * for those (mean squared error of the outputs, or binary cross-entropy from the kept logits).
   */
  protected double lossSum(float[] p, float[] targets, int targetOff, int batch) {
    throw new UnsupportedOperationException(modelName + " is evaluated on class labels");
  }

  private void checkExampleSize(Dataset data) {
    ExampleShape.check(modelName, inputShape, inputSize, data);
  }

  @Override
  public final String summary() {
    return Summary.of(modelName, layers);
  }

  @Override
  public final void save(File file) throws IOException {
    ModelFile.write(file, modelName, architecture, stored());
  }

  /** Replaces this network's weights with those stored in {@code file} (generated {@code load}). */
  protected final void readWeights(File file) throws IOException {
    ModelFile.read(file, modelName, architecture, stored());
    weightsLoaded();
  }

  /**
   * Replaces this network's weights with those read from {@code in} (generated
   * {@code load(InputStream)}, e.g. for an Android asset); does not close the stream.
   */
  protected final void readWeights(InputStream in) throws IOException {
    if (in == null) {
      throw new IllegalArgumentException("expected a stream to load " + modelName
          + " from, found null");
    }
    ModelFile.read(in, modelName, architecture, stored());
    weightsLoaded();
  }

  private void weightsLoaded() {
    for (TrainingRule rule : rules) {
      rule.weightsLoaded(); // pruning masks are implied by the zeros of a saved, masked kernel
    }
    kernelMode(kernelMode);
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
