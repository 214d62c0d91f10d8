package dev.topiary.runtime.inference;

import dev.topiary.Activation;
import dev.topiary.architecture.LayerDescription;
import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.kernels.Activations;
import dev.topiary.runtime.kernels.Sparsemax;
import java.util.Map;

/**
 * One layer of an {@link InferenceModel}: its forward pass only, over activation buffers the
 * model owns, with the scratch it needs for the largest batch seen so far.
 */
abstract class Op {
  final LayerDescription desc;
  /** The last pass's values before the activation, when kept for the sparsemax loss; else null. */
  float[] logits;

  Op(LayerDescription desc) {
    this.desc = desc;
  }

  /** Keeps the values before the activation from now on (the sparsemax loss reads them). */
  void keepLogits() {
    logits = new float[0];
  }

  /** Copies {@code y[0..n)} to {@link #logits} if they are kept. */
  final void keep(float[] y, int n) {
    if (logits == null) {
      return;
    }
    if (logits.length < n) {
      logits = new float[n];
    }
    System.arraycopy(y, 0, logits, 0, n);
  }

  /**
   * The op for {@code desc}, with its tensors from {@code tensors}; null for Flatten (a no-op in
   * NHWC) and Dropout (the identity at inference).
   */
  static Op of(LayerDescription desc, Map<String, float[]> tensors) {
    switch (desc.kind()) {
      case CONV2D:
        return new Conv2DOp(desc, tensors.get(desc.name() + "/kernel"), bias(desc, tensors));
      case DENSE:
        return new DenseOp(desc, tensors.get(desc.name() + "/kernel"), bias(desc, tensors));
      case MAX_POOLING2D:
        return new MaxPoolOp(desc);
      case BATCH_NORMALIZATION:
        return new BatchNormOp(desc, tensors);
      case AVERAGE_POOLING2D:
      case GLOBAL_AVERAGE_POOLING2D:
      case GLOBAL_MAX_POOLING2D:
        return new PoolOp(desc);
      case FLATTEN:
      case DROPOUT: // the identity at inference
        return null;
      case DEPTHWISE_CONV2D:
      case SEPARABLE_CONV2D:
        return DepthwiseOp.of(desc, tensors);
      case CONV1D:
      case MAX_POOLING1D:
      case AVERAGE_POOLING1D:
      case GLOBAL_AVERAGE_POOLING1D:
        return SequenceOps.of(desc, tensors);
      default:
        return new ActivationOp(desc);
    }
  }

  static float[] bias(LayerDescription desc, Map<String, float[]> tensors) {
    return desc.bias() ? tensors.get(desc.name() + "/bias") : new float[desc.outputChannels()];
  }

  /**
   * Runs {@code batch} examples from {@code x[xOff]} and writes the outputs to {@code y} from
   * index 0. Ops that {@link #inPlace} get {@code x == y} and {@code xOff == 0}.
   */
  abstract void forward(float[] x, int xOff, float[] y, int batch);

  /** Whether the op transforms its input buffer in place. */
  boolean inPlace() {
    return false;
  }

  /** Chooses the kernels for {@code mode}; ops without weights ignore it. */
  void prepare(KernelMode mode) {}

  /** The op's kernel ({@code [kh][kw][c][filters]} or {@code [in][units]}), or null without one. */
  float[] kernel() {
    return null;
  }

  /** Bytes of weights and scratch this op holds. */
  long bytes() {
    return 0;
  }

  /**
   * Applies an activation ({@code LINEAR}, {@code RELU}, {@code LEAKY_RELU} with slope
   * {@code alpha}, {@code SOFTMAX}, {@code SPARSEMAX}, {@code SIGMOID} or {@code TANH}) in place to {@code rows x k} values.
   */
  static void activate(Activation activation, float alpha, float[] y, int rows, int k,
      float[] scratch) {
    switch (activation) {
      case RELU:
        Activations.relu(y, rows * k);
        break;
      case LEAKY_RELU:
        Activations.leakyRelu(y, rows * k, alpha);
        break;
      case SOFTMAX:
        Activations.softmax(y, rows, k);
        break;
      case SPARSEMAX:
        Sparsemax.forward(y, rows, k, scratch);
        break;
      case SIGMOID:
        Activations.sigmoid(y, rows * k);
        break;
      case TANH:
        Activations.tanh(y, rows * k);
        break;
      default: // LINEAR
        break;
    }
  }

  /** A standalone ReLU, LeakyReLU, Softmax or Sparsemax layer, over the last axis. */
  static final class ActivationOp extends Op {
    private final float[] scratch;

    ActivationOp(LayerDescription desc) {
      super(desc);
      scratch = new float[desc.outChannels()];
    }

    @Override
    boolean inPlace() {
      return true;
    }

    @Override
    void forward(float[] x, int xOff, float[] y, int batch) {
      int k = desc.outChannels();
      int rows = batch * desc.outSize() / k;
      keep(y, rows * k);
      // the kinds RELU, LEAKY_RELU, SOFTMAX and SPARSEMAX are named as the activations
      activate(desc.activation(), desc.alpha(), y, rows, k, scratch);
    }
  }
}
