package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.processor.model.DropoutSpec;
import javax.lang.model.element.Modifier;

/**
 * Emits a {@code @Dropout} layer: while training, its input times a mask drawn per step from the
 * network's seed ({@code DropoutMask}, a training rule that counts the steps); its backward
 * multiplies by the same mask; at inference a copy of its input.
 */
final class DropoutEmitter implements LayerEmitter {
  @Override
  public void addConstants(TypeSpec.Builder type, LayerPlan layer) {
    // static final int DROP_VALUES = 64; static final float DROP_RATE = 0.2f;
    Constants.add(type, layer.constant("VALUES"), layer.spec().output().size());
    type.addField(FieldSpec.builder(float.class, layer.constant("RATE"), Modifier.STATIC,
        Modifier.FINAL).initializer("$Lf", (float) ((DropoutSpec) layer.spec()).rate()).build());
  }

  @Override
  public void addFields(TypeSpec.Builder type, LayerPlan layer) {
    // private final Layer drop = new LayerHandle("drop", "Dropout", 64);
    // private final DropoutMask dropRule; private float[] dropMask;
    LayerHandleEmitter.addPlainHandle(type, layer,
        Constants.values(layer.spec().output().dims()));
    type.addField(FieldSpec.builder(RuntimeTypes.DROPOUT_MASK, rule(layer), Modifier.PRIVATE,
        Modifier.FINAL).addJavadoc("Draws $L's masks, one per training step.\n", layer.var())
        .build());
    type.addField(FieldSpec.builder(float[].class, mask(layer), Modifier.PRIVATE)
        .addJavadoc("$L's mask of the last training pass: 0 or 1 / (1 - rate).\n", layer.var())
        .build());
    BufferEmitter.addActivationFields(type, layer);
  }

  /** The rule's field: {@code dropRule}. */
  static String rule(LayerPlan layer) {
    return LayerRules.field(layer);
  }

  /** The mask buffer's field: {@code dropMask}. */
  static String mask(LayerPlan layer) {
    return layer.var() + "Mask";
  }

  @Override
  public CodeBlock init(LayerPlan layer) {
    // dropRule = new DropoutMask(seed, "drop", DROP_RATE);
    return CodeBlock.builder().addStatement("$N = new $T(seed, $S, $N)", rule(layer),
        RuntimeTypes.DROPOUT_MASK, layer.var(), layer.constant("RATE")).build();
  }

  @Override
  public CodeBlock allocate(LayerPlan layer) {
    CodeBlock size = CodeBlock.of("$N", layer.constant("VALUES"));
    return CodeBlock.builder()
        .addStatement("$N = new float[batch * $L]", mask(layer), size)
        .add(BufferEmitter.allocateActivations(layer, size)).build();
  }

  @Override
  public MethodSpec forward(LayerPlan layer) {
    // dropRule.forward(hiddenOut, 0, dropOut, dropMask, batch * DROP_VALUES);
    LayerPlan.Source in = layer.in();
    return ForwardPassEmitter.methodShell(layer)
        .addStatement("$N.forward($N, $N, $N, $N, batch * $N)", rule(layer), in.forwardArray(),
            in.forwardOffset(), layer.out(), mask(layer), layer.constant("VALUES"))
        .build();
  }

  @Override
  public MethodSpec infer(LayerPlan layer) {
    // System.arraycopy(hiddenOut, 0, dropOut, 0, batch * DROP_VALUES);
    LayerPlan.Source in = layer.in();
    return InferencePassEmitter.methodShell(layer, "identity at inference")
        .addStatement("$T.arraycopy($N, $N, $N, 0, batch * $N)", System.class, in.forwardArray(),
            in.forwardOffset(), layer.out(), layer.constant("VALUES"))
        .build();
  }

  @Override
  public MethodSpec backward(LayerPlan layer) {
    // DropoutMask.backward(dropGrad, dropMask, hiddenGrad, batch * DROP_VALUES);
    if (!layer.needsInputGrad()) {
      return null;
    }
    return BackwardPassEmitter.methodShell(layer)
        .addStatement("$T.backward($N, $N, $N, batch * $N)", RuntimeTypes.DROPOUT_MASK,
            layer.grad(), mask(layer), layer.in().gradArray(), layer.constant("VALUES"))
        .build();
  }
}
