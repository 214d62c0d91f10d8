package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.Activation;
import javax.lang.model.element.Modifier;

/** The forward and backward statements of a layer's activation over its output buffer, and their state. */
final class ActivationCode {
  private ActivationCode() {}

  /**
   * What the activation needs besides the output buffer: LeakyReLU's slope, Sparsemax's sort
   * scratch, the logits the loss reads.
   * <pre>static final float HIDDEN_ALPHA = 0.3f; private float[] outputScratch; private float[] outputLogits;</pre>
   */
  static void addMembers(TypeSpec.Builder type, LayerPlan layer) {
    Activation a = layer.spec().activation();
    if (a == Activation.LEAKY_RELU) {
      type.addField(FieldSpec.builder(float.class, layer.constant("ALPHA"), Modifier.STATIC,
          Modifier.FINAL).initializer("$Lf", (float) layer.spec().alpha()).build());
    }
    if (a == Activation.SPARSEMAX) {
      type.addField(FieldSpec.builder(float[].class, layer.var() + "Scratch", Modifier.PRIVATE)
          .addJavadoc("Sparsemax's sorted copy of one row.\n").build());
    }
    if (layer.keepsLogits()) {
      type.addField(FieldSpec.builder(float[].class, layer.logits(), Modifier.PRIVATE)
          .addJavadoc("$L's logits before its $L, which the loss reads.\n",
              layer.var(), layer.spec().activation().name().toLowerCase(java.util.Locale.ROOT))
          .build());
    }
  }

  /** Allocation of {@link #addMembers}'s buffers: {@code outputLogits = new float[batch * OUTPUT_UNITS];} */
  static CodeBlock allocate(LayerPlan layer, CodeBlock perExample, String k) {
    CodeBlock.Builder b = CodeBlock.builder();
    if (layer.spec().activation() == Activation.SPARSEMAX) {
      b.addStatement("$N = new float[$N]", layer.var() + "Scratch", k);
    }
    if (layer.keepsLogits()) {
      b.addStatement("$N = new float[batch * $L]", layer.logits(), perExample);
    }
    return b.build();
  }

  /**
   * The activation applied in place to {@code rows x k} outputs (after keeping the logits the loss
   * reads).
   * <pre>Activations.relu(hiddenOut, batch * HIDDEN_UNITS);</pre>
   */
  static CodeBlock forward(LayerPlan layer, CodeBlock rows, String k) {
    String out = layer.out();
    CodeBlock.Builder b = CodeBlock.builder();
    if (layer.keepsLogits()) {
      b.addStatement("$T.arraycopy($N, 0, $N, 0, $L * $N)", System.class, layer.logits(), out,
          rows, k);
    }
    switch (layer.spec().activation()) {
      case LINEAR -> { }
      case RELU -> b.addStatement("$T.relu($N, $L * $N)", RuntimeTypes.ACTIVATIONS, out, rows, k);
      case LEAKY_RELU -> b.addStatement("$T.leakyRelu($N, $L * $N, $N)", RuntimeTypes.ACTIVATIONS,
          out, rows, k, layer.constant("ALPHA"));
      case SOFTMAX -> b.addStatement("$T.softmax($N, $L, $N)", RuntimeTypes.ACTIVATIONS, out,
          rows, k);
      case SPARSEMAX -> b.addStatement("$T.forward($N, $L, $N, $N)", RuntimeTypes.SPARSEMAX, out,
          rows, k, layer.var() + "Scratch");
      case SIGMOID -> b.addStatement("$T.sigmoid($N, $L * $N)", RuntimeTypes.ACTIVATIONS, out,
          rows, k);
      case TANH -> b.addStatement("$T.tanh($N, $L * $N)", RuntimeTypes.ACTIVATIONS, out, rows, k);
      default -> throw new IllegalStateException("unhandled " + layer.spec().activation());
    }
    return b.build();
  }

  /**
   * Turns the output gradient into the pre-activation gradient, in place (nothing for LINEAR or
   * for an output activation whose backward the loss already folded in).
   * <pre>Activations.reluBackward(hiddenOut, hiddenGrad, batch * HIDDEN_UNITS);</pre>
   */
  static CodeBlock backward(LayerPlan layer, CodeBlock rows, String k) {
    if (layer.fusedOutput()) {
      return CodeBlock.of("// $N's $L backward is fused into the loss gradient\n", layer.var(),
          layer.spec().activation().name().toLowerCase(java.util.Locale.ROOT));
    }
    String out = layer.out();
    String grad = layer.grad();
    return switch (layer.spec().activation()) {
      case LINEAR -> CodeBlock.of("");
      case RELU -> CodeBlock.builder().addStatement("$T.reluBackward($N, $N, $L * $N)",
          RuntimeTypes.ACTIVATIONS, out, grad, rows, k).build();
      case LEAKY_RELU -> CodeBlock.builder().addStatement(
          "$T.leakyReluBackward($N, $N, $L * $N, $N)", RuntimeTypes.ACTIVATIONS, out, grad, rows, k,
          layer.constant("ALPHA")).build();
      case SOFTMAX -> CodeBlock.builder().addStatement("$T.softmaxBackward($N, $N, $L, $N)",
          RuntimeTypes.ACTIVATIONS, out, grad, rows, k).build();
      case SPARSEMAX -> CodeBlock.builder().addStatement("$T.backward($N, $N, $L, $N)",
          RuntimeTypes.SPARSEMAX, out, grad, rows, k).build();
      case SIGMOID -> CodeBlock.builder().addStatement("$T.sigmoidBackward($N, $N, $L * $N)",
          RuntimeTypes.ACTIVATIONS, out, grad, rows, k).build();
      case TANH -> CodeBlock.builder().addStatement("$T.tanhBackward($N, $N, $L * $N)",
          RuntimeTypes.ACTIVATIONS, out, grad, rows, k).build();
    };
  }
}
