package dev.topiary.processor.write;

import dev.topiary.Activation;
import dev.topiary.Loss;
import dev.topiary.architecture.LayerKind;
import dev.topiary.processor.model.ConvPoolFusion;
import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.MemberNames;
import dev.topiary.processor.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one layer's data lives in the generated class: the arrays it reads in the forward and
 * backward passes, the buffers it writes, and which gradients it must produce.
 *
 * @param spec the layer
 * @param in where its input comes from
 * @param outputGradNeeded whether the gradient of this layer's output is needed (this layer or an
 *     earlier one has weights)
 * @param last whether it is the output layer
 * @param reluBackwardInPool for a Conv2D with ReLU followed by a MaxPooling2D, and for that
 *     pooling: the pair trains through {@code ConvPoolTraining} ({@link ConvPoolEmitter}), where
 *     the pooling's backward applies the ReLU's backward ({@link ConvPoolFusion#forTraining})
 * @param loss the model's loss
 */
record LayerPlan(LayerSpec spec, Source in, boolean outputGradNeeded, boolean last,
    boolean reluBackwardInPool, Loss loss) {

  /** Decides each layer's input source and which gradients are needed. */
  static List<LayerPlan> of(ModelSpec model) {
    List<LayerPlan> plans = new ArrayList<>();
    Source source = Source.NETWORK_INPUT;
    boolean weightsSoFar = false;
    List<LayerSpec> layers = model.layers();
    for (int i = 0; i < layers.size(); i++) {
      LayerSpec spec = layers.get(i);
      weightsSoFar |= spec.kind().weighted() || spec.parameterCount() > 0; // BatchNormalization's
      LayerSpec next = i + 1 < layers.size() ? layers.get(i + 1) : null;
      boolean reluInPool = ConvPoolFusion.forTraining(spec, next)
          || (i > 0 && ConvPoolFusion.forTraining(layers.get(i - 1), spec));
      LayerPlan plan = new LayerPlan(spec, source, weightsSoFar, i == layers.size() - 1,
          reluInPool, model.loss());
      plans.add(plan);
      if (spec.kind() != LayerKind.FLATTEN) { // Flatten passes its input's buffer on
        source = plan.asSource();
      }
    }
    return plans;
  }

  /** An array holding a layer's input: in the forward pass, in the backward pass, and its gradient. */
  record Source(String forwardArray, String forwardOffset, String backwardArray,
      String backwardOffset, String gradArray) {
    /** The network's input, kept in fields for the backward pass; it needs no gradient. */
    static final Source NETWORK_INPUT = new Source("x", "xOff", "input", "inputOffset", null);
  }

  /** The layer's field prefix, its method name: {@code hidden}. */
  String var() {
    return spec.name();
  }

  /** The layer's constant prefix: {@code hiddenLayer} becomes {@code HIDDEN_LAYER}. */
  String constant() {
    return MemberNames.constant(spec.name());
  }

  /** A constant's full name: {@code constant("UNITS")} is {@code HIDDEN_UNITS}. */
  String constant(String suffix) {
    return constant() + "_" + suffix;
  }

  /** The field holding this layer's activations. */
  String out() {
    return var() + "Out";
  }

  /** The field holding the gradient of the loss with respect to this layer's activations. */
  String grad() {
    return var() + "Grad";
  }

  /** Where the next layer reads this layer's output. */
  Source asSource() {
    return new Source(out(), "0", out(), "0", outputGradNeeded ? grad() : null);
  }

  /**
   * Whether this output layer's activation backward is folded into the loss: softmax into the
   * cross-entropy, sparsemax into the sparsemax loss, sigmoid into the binary cross-entropy
   * (validation pairs them). Mean squared error folds none: it reads the output values, and the
   * output's activation runs its own backward.
   */
  boolean fusedOutput() {
    if (!last) {
      return false;
    }
    Activation a = spec.activation();
    return switch (loss) {
      case MEAN_SQUARED_ERROR -> false;
      case BINARY_CROSSENTROPY -> a == Activation.SIGMOID;
      default -> a == Activation.SOFTMAX || a == Activation.SPARSEMAX;
    };
  }

  /**
   * Whether this layer keeps its pre-activation logits in {@link #logits()}: the loss (the
   * cross-entropy by log-sum-exp, or the sparsemax loss) reads them, and a layer with weights
   * overwrites its output with the activation.
   */
  boolean keepsLogits() {
    return fusedOutput() && spec.kind().weighted();
  }

  /** The field holding the logits of a {@link #keepsLogits()} layer. */
  String logits() {
    return var() + "Logits";
  }

  /** Whether this layer must produce the gradient of its input. */
  boolean needsInputGrad() {
    return in.gradArray() != null;
  }
}
