package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;

/** The forward and backward statements of a layer's fused activation over its output buffer. */
final class ActivationCode {
  private ActivationCode() {}

  /**
   * The activation applied in place to {@code rows x k} outputs.
   * <pre>Activations.relu(hiddenOut, batch * HIDDEN_UNITS);</pre>
   */
  static CodeBlock forward(LayerPlan layer, CodeBlock rows, String k) {
    return switch (layer.spec().activation()) {
      case LINEAR -> CodeBlock.of("");
      case RELU -> CodeBlock.builder().addStatement("$T.relu($N, $L * $N)", Runtime.ACTIVATIONS,
          layer.out(), rows, k).build();
      case SOFTMAX -> CodeBlock.builder().addStatement("$T.softmax($N, $L, $N)",
          Runtime.ACTIVATIONS, layer.out(), rows, k).build();
    };
  }

  /**
   * Turns the output gradient into the pre-activation gradient, in place (nothing for LINEAR or
   * for the output SOFTMAX, whose backward the loss already folded in).
   * <pre>Activations.reluBackward(hiddenOut, hiddenGrad, batch * HIDDEN_UNITS);</pre>
   */
  static CodeBlock backward(LayerPlan layer, CodeBlock rows, String k) {
    if (layer.fusedSoftmax()) {
      return CodeBlock.of("// $N's softmax backward is fused into the cross-entropy gradient\n",
          layer.var());
    }
    return switch (layer.spec().activation()) {
      case LINEAR -> CodeBlock.of("");
      case RELU -> CodeBlock.builder().addStatement("$T.reluBackward($N, $N, $L * $N)",
          Runtime.ACTIVATIONS, layer.out(), layer.grad(), rows, k).build();
      case SOFTMAX -> CodeBlock.builder().addStatement("$T.softmaxBackward($N, $N, $L, $N)",
          Runtime.ACTIVATIONS, layer.out(), layer.grad(), rows, k).build();
    };
  }
}
