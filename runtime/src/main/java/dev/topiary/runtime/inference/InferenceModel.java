package dev.topiary.runtime.inference;

import dev.topiary.Activation;
import dev.topiary.Loss;
import dev.topiary.architecture.Architecture;
import dev.topiary.architecture.LayerDescription;
import dev.topiary.architecture.LayerKind;
import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.Predictor;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.data.ExampleShape;
import dev.topiary.runtime.io.ModelFile;
import dev.topiary.runtime.kernels.Losses;
import dev.topiary.runtime.kernels.TargetLosses;
import dev.topiary.runtime.kernels.Sparsemax;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.mojo.animal_sniffer.IgnoreJRERequirement;

/**
 * A trained network for inference only: its weights and forward pass, without gradients,
 * optimizer state or the buffers training needs, and with channel-pruned layers rebuilt smaller.
 *
 * <pre>{@code
 * InferenceModel model = InferenceModel.of(trainedNetwork);   // export (compacts)
 * model.save(new File("digits.topiary"));                    // smaller file: only what inference reads
 * InferenceModel loaded = InferenceModel.load(new File("digits.topiary"));
 * float[] p = loaded.predict(image);
 * }</pre>
 *
 * <p>{@link #of} copies the network's weights, so training the network further does not change
 * the model. A Conv2D with ReLU or no activation followed by a MaxPooling2D runs fused (only the
 * pooled output is computed; zero weights skipped). Filters and units that channel pruning zeroed (kernel column and bias all zero) are
 * removed together with the matching inputs of the next layer (see {@link #unitsRemoved()}); the
 * outputs are the network's, up to float rounding. Each Conv2D and Dense layer runs the dense or
 * sparse product that {@link KernelMode#AUTO} picks for its density, like the network's own
 * inference. {@link #load} reads exports and ordinary model files alike (the latter compacted on
 * load).
 *
 * <p>Not thread-safe: a model keeps its activation buffers between calls. To serve several
 * threads, give each its own {@link #copy()}: copies share the weights (read-only) and have
 * buffers and kernels of their own.
 */
public final class InferenceModel implements Predictor {
  /** Appended to the model name in exported files, so a generated network refuses to load them. */
  static final String EXPORT_SUFFIX = " [inference]";
  private static final int CHUNK = 256;

  private final String modelName;
  private final Architecture architecture;
  private final List<Op> ops = new ArrayList<>();
  private final Map<String, float[]> tensors;
  /** What this model was built from, for {@link #copy()}: weights shared, never written. */
  private final Compaction source;
  private KernelMode kernelMode = KernelMode.AUTO;
  private final Map<String, Integer> unitsRemoved;
  private final int inputSize;
  private final int outputSize;
  /** The input shape and this model's forward pass, made once: a prediction allocates nothing. */
  private final int[] inputShape;
  private final Batches.Forward forwardPass = this::forward;
  private final int maxActivation;
  /**
   * The output op of a Softmax or Sparsemax output, which keeps its logits: the loss
   * (cross-entropy or the sparsemax loss) reads them; null for any other output.
   */
  private final Op lossOutput;
  /** Whether the output is Sparsemax (the loss is then the sparsemax loss). */
  private final boolean sparsemax;
  private float[] lossGradient = new float[0];
  private float[] bufferA = new float[0];
  private float[] bufferB = new float[0];

  private InferenceModel(String modelName, Compaction compacted) {
    this.modelName = modelName;
    this.architecture = compacted.architecture;
    this.tensors = compacted.tensors;
    this.source = compacted;
    this.unitsRemoved = Collections.unmodifiableMap(new LinkedHashMap<>(compacted.removed));
    int max = 0;
    List<LayerDescription> layers = architecture.layers();
    for (int i = 0; i < layers.size(); i++) {
      LayerDescription l = layers.get(i);
      LayerDescription next = i + 1 < layers.size() ? layers.get(i + 1) : null;
      Op op;
      if (ConvPoolOp.fuses(l, next)) {
        ConvPoolOp fused = new ConvPoolOp(l, next, tensors.get(l.name() + "/kernel"),
            Op.bias(l, tensors));
        op = fused;
        i++;
        // a Flatten and a Dense after the pool: the Dense reads the non-zero pooled values at
        // batch 1 (as the vector conv lists them, or the plain one-image list), and batches of
        // a pruned Dense run with the conv in lane layout
        if (i + 2 < layers.size()
            && layers.get(i + 1).kind() == LayerKind.FLATTEN
            && layers.get(i + 2).kind() == LayerKind.DENSE) {
          LayerDescription d = layers.get(i + 2);
          DenseOp dense = new DenseOp(d, tensors.get(d.name() + "/kernel"), Op.bias(d, tensors));
          fused.feeds(dense);
          ops.add(op);
          max = Math.max(max, next.outSize());
          op = dense;
          i += 2;
          l = d;
        }
      } else {
        op = Op.of(l, tensors);
      }
      if (op != null) {
        ops.add(op);
        // a fused conv's own output is never stored: only the pooled one
        max = Math.max(max, op instanceof ConvPoolOp ? next.outSize() : l.outSize());
      }
    }
    this.maxActivation = Math.max(max, layers.get(layers.size() - 1).outSize());
    LayerDescription last = layers.get(layers.size() - 1);
    // a Sparsemax output means Loss.SPARSEMAX (the processor allows no other), any other
    // sparse categorical cross-entropy: both read the output's logits
    sparsemax = last.activation() == Activation.SPARSEMAX || last.kind() == LayerKind.SPARSEMAX;
    boolean softmax = last.activation() == Activation.SOFTMAX || last.kind() == LayerKind.SOFTMAX;
    // a loss on float targets is stated: binary cross-entropy reads the sigmoid's logits, mean
    // squared error the outputs
    Loss loss = architecture.loss();
    boolean logitsRead = loss.takesTargets() ? loss == Loss.BINARY_CROSSENTROPY
        : softmax || sparsemax;
    lossOutput = logitsRead && !ops.isEmpty() ? ops.get(ops.size() - 1) : null;
    if (lossOutput != null) {
      lossOutput.keepLogits();
    }
    this.inputShape = architecture.inputShape();
    this.inputSize = LayerDescription.size(inputShape);
    this.outputSize = architecture.layers().get(architecture.layers().size() - 1).outSize();
    kernelMode(KernelMode.AUTO);
  }

  /**
   * Exports a trained network: copies its weights and compacts channel-pruned layers.
   *
   * @throws IllegalArgumentException if {@code network} is null
   */
  public static InferenceModel of(Network network) {
    if (network == null) {
      throw new IllegalArgumentException("expected a network to export, found null");
    }
    Map<String, float[]> weights = new HashMap<>();
    for (Parameter p : network.parameters()) {
      weights.put(p.name, p.value.clone());
    }
    for (Parameter p : network.nonTrainableWeights()) {
      weights.put(p.name, p.value.clone());
    }
    return build(network.modelName(), network.architecture(), weights,
        "network " + network.modelName());
  }

  /**
   * Loads an export written by {@link #save} or a network's ordinary model file.
   *
   * @throws dev.topiary.runtime.io.ModelFileException if the file is not a valid Topiary model
   *     file or its tensors do not fit its architecture; the message says what was expected
   */
  public static InferenceModel load(File file) throws IOException {
    return of(ModelFile.read(file), "model file " + file.getName());
  }

  /** {@link #load(File)} from a stream (e.g. an Android asset); reads to its end, does not close it. */
  public static InferenceModel load(InputStream in) throws IOException {
    return of(ModelFile.read(in), "model stream");
  }

  /** {@link #load(File)} for a {@link Path} (desktop Java, Android 8+). */
  @IgnoreJRERequirement
  public static InferenceModel load(Path path) throws IOException {
    return load(path.toFile());
  }

  private static InferenceModel of(ModelFile.Contents contents, String where) throws IOException {
    Map<String, float[]> weights = new HashMap<>();
    long values = 0;
    for (Parameter p : contents.tensors) {
      weights.put(p.name, p.value);
      values += p.value.length;
    }
    checkMemory(contents.architecture, values, where);
    String name = contents.modelName.endsWith(EXPORT_SUFFIX)
        ? contents.modelName.substring(0, contents.modelName.length() - EXPORT_SUFFIX.length())
        : contents.modelName;
    try {
      return build(name, contents.architecture, weights, where);
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      throw new dev.topiary.runtime.io.ModelFileException(
          message.startsWith(where) ? message : where + ": " + message);
    }
  }

  /**
   * Refuses a file whose model would not fit in the heap: the compacted copy of its weights and
   * their kernels (about twice the weights) and one example's largest activations and patches
   * (a convolution's im2col rows). A file of
   * a few bytes may state layers of any size (a sparse tensor of zeros costs nothing to store).
   */
  private static void checkMemory(String architecture, long values, String where)
      throws IOException {
    long largest = 0;
    try {
      Architecture arch = Architecture.parse(architecture);
      largest = LayerDescription.size(arch.inputShape());
      for (LayerDescription l : arch.layers()) {
        largest = Math.max(largest, l.outSize());
        if (l.kind() == LayerKind.CONV2D) { // at most one example's patches (im2col)
          largest = Math.max(largest, (long) l.out(0) * l.out(1) * l.window(0) * l.window(1)
              * l.inChannels());
        } else if (l.kind() == LayerKind.CONV1D) {
          largest = Math.max(largest, (long) l.out(0) * l.window(0) * l.inChannels());
        } else if (l.kind() == LayerKind.SEPARABLE_CONV2D) { // the depthwise output
          largest = Math.max(largest, (long) l.out(0) * l.out(1) * l.inChannels()
              * l.depthMultiplier());
        }
      }
    } catch (IllegalArgumentException e) {
      return; // build() reports it
    }
    long need = 4 * (2 * values + 3 * largest);
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (need > free) {
      System.gc(); // what looks used may be garbage: refuse only for memory a collection leaves
      free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }
    if (need > free) {
      throw new dev.topiary.runtime.io.ModelFileException(where + ": its model needs about " + need
          + " bytes (" + values + " weights, activations of up to " + largest + " values), more "
          + "than the " + free + " bytes this JVM's heap has free");
    }
  }

  private static InferenceModel build(String name, String architecture,
      Map<String, float[]> weights, String where) {
    Architecture arch = Architecture.parse(architecture);
    for (LayerDescription l : arch.layers()) {
      for (Map.Entry<String, Integer> t : l.tensors().entrySet()) {
        check(weights, t.getKey(), t.getValue(), where);
      }
    }
    BatchNormFolding folded = BatchNormFolding.of(arch, weights);
    return new InferenceModel(name, Compaction.of(folded.architecture, folded.tensors));
  }

  private static void check(Map<String, float[]> weights, String name, int size, String where) {
    float[] v = weights.get(name);
    if (v == null || v.length != size) {
      throw new IllegalArgumentException(where + ": expected tensor '" + name + "' of " + size
          + " values, found " + (v == null ? "none" : v.length + " values"));
    }
  }

  /**
   * Writes the export: the compacted architecture and its weights, each tensor dense or sparse,
   * whichever is smaller; to a temporary file first, then moved into place.
   */
  public void save(File file) throws IOException {
    List<Parameter> params = new ArrayList<>();
    for (LayerDescription l : architecture.layers()) {
      for (String t : l.tensors().keySet()) {
        params.add(Parameter.stored(t, tensors.get(t)));
      }
    }
    ModelFile.write(file, modelName + EXPORT_SUFFIX, architecture.text(),
        params.toArray(new Parameter[0]));
  }

  /** {@link #save(File)} for a {@link Path} (desktop Java, Android 8+). */
  @IgnoreJRERequirement
  public void save(Path path) throws IOException {
    save(path.toFile());
  }

  /** Chooses the kernels: like {@link Network#kernelMode}, for every Conv2D and Dense layer. */
  @Override
  public void kernelMode(KernelMode mode) {
    if (mode == null) {
      throw new IllegalArgumentException("expected a kernel mode (AUTO, DENSE or SPARSE), found null");
    }
    for (Op op : ops) {
      op.prepare(mode);
    }
    kernelMode = mode;
  }

  /**
   * A model for another thread: the same weights (shared, not copied: nothing writes them), its
   * own activation buffers and kernels, in this model's {@link KernelMode}. Cheap next to the
   * weights: the seed CNN's copy holds its buffers and, when sparse, its kernels' indices.
   */
  public InferenceModel copy() {
    InferenceModel copy = new InferenceModel(modelName, source);
    copy.kernelMode(kernelMode);
    return copy;
  }

  /** Runs one example; returns a new array of {@link #outputSize()} values. */
  @Override
  public float[] predict(float[] example) {
    float[] out = new float[outputSize];
    predict(example, out);
    return out;
  }

  /** Runs one example into {@code out}; allocates nothing once one example has run. */
  @Override
  public void predict(float[] example, float[] out) {
    Batches.predictOne(forwardPass, modelName, inputShape, inputSize, outputSize, example, out);
  }

  @Override
  public void predict(float[] examples, int count, float[] out) {
    Batches.predict(forwardPass, modelName, inputSize, outputSize, examples, count, out, CHUNK);
  }

  /**
   * The mean loss (cross-entropy, or the sparsemax loss for a Sparsemax output) and the accuracy
   * over a labelled data set, as {@link Network#evaluate}; for a model trained on float targets
   * (its architecture states the loss), the mean squared error or binary cross-entropy, the mean
   * absolute error and the binary accuracy over a data set of targets.
   */
  @Override
  public Evaluation evaluate(Dataset data) {
    ExampleShape.check(modelName, architecture.inputShape(), inputSize, data);
    Loss loss = architecture.loss();
    if (loss.takesTargets() || data.hasTargets()) {
      ExampleShape.checkOutputs(modelName, loss, outputSize, data, "evaluation");
      return Batches.evaluateTargets(this::forward, this::targetLossSum, loss, data, inputSize,
          outputSize, CHUNK);
    }
    return Batches.evaluate(this::forward, this::lossSum, data, inputSize, outputSize, CHUNK);
  }

  /**
   * The loss on float targets that the architecture states: binary cross-entropy from the
   * sigmoid output's logits, or the mean squared error of the outputs.
   */
  private double targetLossSum(float[] p, float[] t, int tOff, int batch) {
    if (architecture.loss() == Loss.BINARY_CROSSENTROPY && lossOutput != null) {
      return TargetLosses.binaryCrossEntropySum(lossOutput.logits, t, tOff, batch, outputSize);
    }
    return TargetLosses.meanSquaredErrorSum(p, t, tOff, batch, outputSize);
  }

  /**
   * The network's loss: cross-entropy from the output's logits, or the sparsemax loss for a
   * Sparsemax output. An output with neither (not one the processor generates) has its values
   * taken as the logits.
   */
  private double lossSum(float[] p, int[] labels, int labelOff, int batch) {
    if (lossOutput == null) {
      return Losses.softmaxCrossEntropySum(p, labels, labelOff, batch, outputSize);
    }
    if (!sparsemax) {
      return Losses.softmaxCrossEntropySum(lossOutput.logits, labels, labelOff, batch, outputSize);
    }
    if (lossGradient.length < batch * outputSize) {
      lossGradient = new float[batch * outputSize];
    }
    return (double) Sparsemax.loss(lossOutput.logits, p, labels, labelOff, lossGradient,
        batch, outputSize) * batch;
  }

  private float[] forward(float[] x, int xOff, int batch) {
    if (bufferA.length < batch * maxActivation) {
      bufferA = new float[batch * maxActivation];
      bufferB = new float[batch * maxActivation];
    }
    float[] current = x;
    int offset = xOff;
    for (int i = 0; i < ops.size(); i++) { // no iterator: a prediction allocates nothing
      Op op = ops.get(i);
      if (op.inPlace()) {
        if (current == x) {
          System.arraycopy(x, xOff, bufferA, 0, batch * op.desc.inSize());
          current = bufferA;
          offset = 0;
        }
        op.forward(current, 0, current, batch);
      } else {
        float[] next = current == bufferA ? bufferB : bufferA;
        op.forward(current, offset, next, batch);
        current = next;
        offset = 0;
      }
    }
    if (current == x) { // a network of Flatten layers only
      System.arraycopy(x, xOff, bufferA, 0, batch * outputSize);
      current = bufferA;
    }
    return current;
  }

  /** The exported network's name, e.g. {@code "SeedCnn"}. */
  public String modelName() {
    return modelName;
  }

  /** The description of the (compacted) layers and shapes, as model files store it. */
  public String architecture() {
    return architecture.text();
  }

  /** The shape of one input example. */
  public int[] inputShape() {
    return architecture.inputShape().clone();
  }

  /** Values per input example. */
  @Override
  public int inputSize() {
    return inputSize;
  }

  /** Values per output row. */
  @Override
  public int outputSize() {
    return outputSize;
  }

  /**
   * Units (Conv2D filters, Dense units) that compaction removed from each weighted layer when this
   * model was built; a loaded export was compacted when it was exported, so it reports zeros.
   */
  public Map<String, Integer> unitsRemoved() {
    return unitsRemoved;
  }

  /** Weights and biases of the compacted layers. */
  public long parameterCount() {
    long n = 0;
    for (float[] t : tensors.values()) {
      n += t.length;
    }
    return n;
  }

  /** Weights and biases that are not zero. */
  public long nonZeroParameters() {
    long n = 0;
    for (float[] t : tensors.values()) {
      n += nonZero(t);
    }
    return n;
  }

  private static long nonZero(float[] values) {
    long n = 0;
    if (values != null) {
      for (float v : values) {
        n += v != 0f ? 1 : 0;
      }
    }
    return n;
  }

  /**
   * Bytes of the arrays this model holds now: weights, sparse kernel forms, activation buffers and
   * scratch for the largest batch run so far (object headers not counted).
   */
  public long memoryBytes() {
    long n = 4L * (bufferA.length + bufferB.length + lossGradient.length);
    for (Op op : ops) {
      n += op.bytes() + 4L * (op.logits == null ? 0 : op.logits.length);
    }
    return n;
  }

  /**
   * One line per layer: name, type, output shape, parameters (all and non-zero), units removed,
   * product used.
   */
  public String summary() {
    StringBuilder s = new StringBuilder(modelName).append(" (inference)\n");
    s.append(String.format("%-12s %-13s %-12s %10s %10s %8s %s%n", "layer", "type", "output",
        "params", "non-zero", "removed", "kernel"));
    for (LayerDescription l : architecture.layers()) {
      int params = 0;
      for (int size : l.tensors().values()) {
        params += size;
      }
      Op op = opFor(l);
      String kernel = op instanceof DenseOp ? (((DenseOp) op).sparse() ? "sparse" : "dense")
          + (((DenseOp) op).lanes() != null ? ", batches in lane layout with the conv" : "")
          : op instanceof Conv2DOp ? (((Conv2DOp) op).sparse() ? "sparse" : "dense")
          : op instanceof DepthwiseOp && l.kind() == LayerKind.SEPARABLE_CONV2D
          ? "pointwise " + (((DepthwiseOp) op).sparse() ? "sparse" : "dense")
          : op instanceof ConvPoolOp ? "fused with " + ((ConvPoolOp) op).pool().name()
          + ", skips zero weights" : "";
      long nonZero = 0;
      for (String t : l.tensors().keySet()) {
        nonZero += nonZero(tensors.get(t));
      }
      s.append(String.format("%-12s %-13s %-12s %10d %10d %8s %s%n", l.name(), l.kind().annotation(),
          LayerDescription.text(l.outShape()), params, nonZero,
          l.kind().weighted() ? String.valueOf(unitsRemoved.get(l.name())) : "", kernel));
    }
    return s.toString();
  }

  /** The ops in order, for benchmarks that time them one by one. */
  List<Op> ops() {
    return Collections.unmodifiableList(ops);
  }

  private Op opFor(LayerDescription l) {
    for (Op op : ops) {
      if (op.desc == l) {
        return op;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return modelName + " (inference): " + architecture.text();
  }
}
