package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/** {@code @ActivityL1}: the factor's constant and the penalty on a layer's output. */
final class ActivityPenaltyEmitter {
  private ActivityPenaltyEmitter() {}

  /** <pre>static final float HIDDEN_ACTIVITY_L1 = 1.0E-5f;</pre> (nothing without {@code @ActivityL1}) */
  static void addConstant(TypeSpec.Builder type, LayerPlan layer) {
    Double factor = layer.spec().activityL1();
    if (factor != null) {
      type.addField(FieldSpec.builder(float.class, layer.constant("ACTIVITY_L1"), Modifier.STATIC,
          Modifier.FINAL).initializer("$Lf", factor.floatValue()).build());
    }
  }

  /**
   * The penalty of a layer's output, and its gradient added to the output's gradient before the
   * layer's backward reads it.
   * <pre>loss += Regularizers.activityL1(hiddenOut, hiddenGrad, batch * 64, batch, HIDDEN_ACTIVITY_L1);</pre>
   */
  static CodeBlock penalty(LayerPlan layer) {
    if (layer.spec().activityL1() == null) {
      return CodeBlock.of("");
    }
    if (!layer.outputGradNeeded()) {
      return CodeBlock.builder().addStatement("loss += $T.l1Penalty($N, $N) / batch",
          RuntimeTypes.REGULARIZERS, layer.out(), layer.constant("ACTIVITY_L1")).build();
    }
    return CodeBlock.builder().addStatement("loss += $T.activityL1($N, $N, batch * $L, batch, $N)",
        RuntimeTypes.REGULARIZERS, layer.out(), layer.grad(), layer.spec().output().size(),
        layer.constant("ACTIVITY_L1")).build();
  }
}
