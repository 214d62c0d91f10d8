package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;

/**
 * Writes the code of one layer kind into the generated class: its constants, parameters and
 * buffers, its handle, and its forward and backward methods. Emitters see only the IR.
 */
interface LayerEmitter {
  /** The emitter of {@code layer}'s kind. */
  static LayerEmitter of(LayerPlan layer) {
    return switch (layer.spec().kind()) {
      case CONV2D -> new Conv2DEmitter();
      case MAX_POOLING2D -> new MaxPoolingEmitter();
      case FLATTEN -> new FlattenEmitter();
      case DENSE -> new DenseEmitter();
      case RELU, LEAKY_RELU, SOFTMAX, SPARSEMAX -> new ActivationLayerEmitter();
      case DROPOUT -> new DropoutEmitter();
      case BATCH_NORMALIZATION -> new BatchNormEmitter();
      case AVERAGE_POOLING2D -> new AveragePoolingEmitter();
      case GLOBAL_AVERAGE_POOLING2D, GLOBAL_MAX_POOLING2D -> new GlobalPoolingEmitter();
      case DEPTHWISE_CONV2D -> new DepthwiseConv2DEmitter();
      case SEPARABLE_CONV2D -> new SeparableConv2DEmitter();
      case CONV1D -> new Conv2DEmitter(); // as a Conv2D over a one-row image
      case MAX_POOLING1D -> new MaxPoolingEmitter(); // as a MaxPooling2D over a one-row image
      case AVERAGE_POOLING1D, GLOBAL_AVERAGE_POOLING1D -> new SequencePoolEmitter();
    };
  }

  /** Adds the layer's named shape constants. */
  void addConstants(TypeSpec.Builder type, LayerPlan layer);

  /** Adds the layer's parameters, handle and buffer fields. */
  void addFields(TypeSpec.Builder type, LayerPlan layer);

  /** Statements of the constructor: weight initialisation. */
  CodeBlock init(LayerPlan layer);

  /** Statements of {@code allocate(batch)}: this layer's buffers for {@code batch} examples. */
  CodeBlock allocate(LayerPlan layer);

  /** The forward method, or null when the layer does no work (Flatten). */
  MethodSpec forward(LayerPlan layer);

  /**
   * The method {@code infer} calls instead of the forward method, for a layer that computes
   * something else at inference (Dropout, BatchNormalization); null (the default) when the
   * forward method serves both.
   */
  default MethodSpec infer(LayerPlan layer) {
    return null;
  }

  /** The backward method, or null when there is nothing to compute. */
  MethodSpec backward(LayerPlan layer);
}
