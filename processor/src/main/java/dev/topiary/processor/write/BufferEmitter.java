package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.architecture.LayerKind;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The batch-sized buffers: each layer's activation and gradient fields, {@code allocate(batch)}
 * that sizes every layer's buffers, and {@code activations(layer)} that reads them.
 */
final class BufferEmitter {
  private BufferEmitter() {}

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

  /** {@code allocate(batch)}: every layer's buffers for {@code batch} examples. */
  static MethodSpec allocate(List<LayerPlan> plans) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("allocate").addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED).addParameter(int.class, "batch");
    for (LayerPlan p : plans) {
      m.addCode(LayerEmitter.of(p).allocate(p));
    }
    return m.build();
  }

  /**
   * The buffer holding a layer's activations after the last forward pass.
   * <pre>switch (layer) { case 0: return convOut; ... default: throw ...; }</pre>
   */
  static MethodSpec activations(List<LayerPlan> plans) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("activations").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(float[].class).addParameter(int.class, "layer")
        .beginControlFlow("switch (layer)");
    LayerPlan.Source source = LayerPlan.Source.NETWORK_INPUT;
    for (int i = 0; i < plans.size(); i++) {
      LayerPlan p = plans.get(i);
      if (p.spec().kind() != LayerKind.FLATTEN) {
        source = p.asSource();
      }
      m.addCode("case $L:\n", i);
      if (source == LayerPlan.Source.NETWORK_INPUT) {
        m.addStatement("$>return $T.copyOfRange(input, inputOffset, inputOffset + inputBatch * "
            + "INPUT_SIZE)$<", Arrays.class);
      } else {
        m.addStatement("$>return $N$<", source.forwardArray());
      }
    }
    return m.addCode("default:\n").addStatement("$>throw new $T(\"no layer \" + layer)$<",
        IndexOutOfBoundsException.class).endControlFlow().build();
  }
}
