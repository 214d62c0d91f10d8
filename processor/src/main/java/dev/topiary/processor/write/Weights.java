package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/** The code Dense and Conv2D share: kernel and bias parameters, their initialisation and L1 penalty. */
final class Weights {
  private Weights() {}

  /** The kernel parameter's field name: {@code hiddenKernel}. */
  static String kernel(LayerPlan layer) {
    return layer.var() + "Kernel";
  }

  /** The bias parameter's field name: {@code hiddenBias}. */
  static String bias(LayerPlan layer) {
    return layer.var() + "Bias";
  }

  /** The bias argument of a kernel call: {@code hiddenBias.value} or {@code null}. */
  static CodeBlock biasValue(LayerPlan layer) {
    return layer.spec().useBias() ? CodeBlock.of("$N.value", bias(layer)) : CodeBlock.of("null");
  }

  /**
   * Adds the parameter fields.
   * <pre>private final Parameter hiddenKernel = new Parameter("hidden/kernel", HIDDEN_IN_SIZE * HIDDEN_UNITS);
   * private final Parameter hiddenBias = new Parameter("hidden/bias", HIDDEN_UNITS);</pre>
   */
  static void addParameters(TypeSpec.Builder type, LayerPlan layer, CodeBlock kernelSize,
      String units) {
    type.addField(FieldSpec.builder(Runtime.PARAMETER, kernel(layer), Modifier.PRIVATE,
        Modifier.FINAL).initializer("new $T($S, $L)", Runtime.PARAMETER,
            layer.var() + "/kernel", kernelSize).build());
    if (layer.spec().useBias()) {
      type.addField(FieldSpec.builder(Runtime.PARAMETER, bias(layer), Modifier.PRIVATE,
          Modifier.FINAL).initializer("new $T($S, $N)", Runtime.PARAMETER,
              layer.var() + "/bias", units).build());
    }
    if (layer.spec().l1() != null) {
      type.addField(FieldSpec.builder(float.class, layer.constant("L1"), Modifier.STATIC,
          Modifier.FINAL).initializer("$Lf", layer.spec().l1().floatValue()).build());
    }
  }

  /**
   * Glorot-uniform kernel; biases start at zero.
   * <pre>Init.glorotUniform(hiddenKernel.value, HIDDEN_IN_SIZE, HIDDEN_UNITS, random);</pre>
   */
  static CodeBlock init(LayerPlan layer, CodeBlock fanIn, CodeBlock fanOut) {
    return CodeBlock.builder().addStatement("$T.glorotUniform($N.value, $L, $L, random)",
        Runtime.INIT, kernel(layer), fanIn, fanOut).build();
  }

  /**
   * The L1 penalty and its gradient, or nothing without {@code @L1}.
   * <pre>loss += Regularizers.l1(hiddenKernel.value, hiddenKernel.grad, HIDDEN_L1);</pre>
   */
  static CodeBlock penalty(LayerPlan layer) {
    if (layer.spec().l1() == null) {
      return CodeBlock.of("");
    }
    return CodeBlock.builder().addStatement("loss += $T.l1($N.value, $N.grad, $N)",
        Runtime.REGULARIZERS, kernel(layer), kernel(layer), layer.constant("L1")).build();
  }
}
