package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/** Activation and gradient buffers every layer with an output of its own has, and its method shells. */
final class Buffers {
  private Buffers() {}

  /** {@code private float[] hiddenOut;} and, when needed, {@code private float[] hiddenGrad;} */
  static void addActivationFields(TypeSpec.Builder type, LayerPlan layer) {
    type.addField(FieldSpec.builder(float[].class, layer.out(), Modifier.PRIVATE)
        .addJavadoc("$L's activations, batch x $L.\n", layer.var(), layer.spec().output())
        .build());
    if (layer.outputGradNeeded()) {
      type.addField(FieldSpec.builder(float[].class, layer.grad(), Modifier.PRIVATE)
          .addJavadoc("Gradient of the loss with respect to $L.\n", layer.out()).build());
    }
  }

  /**
   * Allocation for {@code batch} examples of {@code perExample} values.
   * <pre>hiddenOut = new float[batch * HIDDEN_UNITS]; hiddenGrad = new float[batch * HIDDEN_UNITS];</pre>
   */
  static CodeBlock allocateActivations(LayerPlan layer, CodeBlock perExample) {
    CodeBlock.Builder b = CodeBlock.builder()
        .addStatement("$N = new float[batch * $L]", layer.out(), perExample);
    if (layer.outputGradNeeded()) {
      b.addStatement("$N = new float[batch * $L]", layer.grad(), perExample);
    }
    return b.build();
  }

  /** {@code private void hiddenForward(int batch)} with its Javadoc (the first layer takes x, xOff). */
  static MethodSpec.Builder forwardMethod(LayerPlan layer) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(layer.var() + "Forward")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L, $L -> $L.\n", layer.var(), layer.spec().source(),
            layer.spec().input(), layer.spec().output());
    if (layer.in() == LayerPlan.Source.NETWORK_INPUT) {
      m.addParameter(float[].class, "x").addParameter(int.class, "xOff");
    }
    return m.addParameter(int.class, "batch");
  }

  private static java.util.List<String> targets(LayerPlan layer) {
    java.util.List<String> targets = new java.util.ArrayList<>();
    if (layer.spec().kind().weighted()) {
      targets.add("its parameter gradients");
    }
    if (layer.needsInputGrad()) {
      targets.add(layer.in().gradArray());
    }
    return targets;
  }

  /** {@code private void hiddenBackward(int batch)} with its Javadoc. */
  static MethodSpec.Builder backwardMethod(LayerPlan layer) {
    return MethodSpec.methodBuilder(layer.var() + "Backward")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Backward of $L: from $N to $L.\n", layer.var(), layer.grad(),
            String.join(" and ", targets(layer)))
        .addParameter(int.class, "batch");
  }
}
