package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.topiary.Loss;
import dev.topiary.architecture.LayerKind;
import javax.lang.model.element.Modifier;

/**
 * The loss of a model trained on float targets ({@link Loss#takesTargets()}): its
 * {@code backward(float[] targets, int targetOff, int batch)} and the {@code lossSum} over
 * targets that evaluate reports. Mean squared error reads the output values and leaves the
 * output's activation its own backward; binary cross-entropy reads the SIGMOID output's kept
 * logits, its gradient fused through the sigmoid.
 */
final class TargetLossEmitter {
  private TargetLossEmitter() {}

  /**
   * <pre>float loss = TargetLosses.meanSquaredError(outputOut, targets, targetOff, outputGrad, batch, OUTPUT_SIZE);
   * float loss = TargetLosses.binaryCrossEntropy(outputLogits, outputOut, targets, targetOff, outputGrad, batch, OUTPUT_SIZE);
   * outputBackward(batch); ... return loss;</pre>
   */
  static MethodSpec backward(LayerPlan last, CodeBlock layerCalls) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("backward").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(float.class)
        .addParameter(float[].class, "targets").addParameter(int.class, "targetOff")
        .addParameter(int.class, "batch");
    boolean bce = last.loss() == Loss.BINARY_CROSSENTROPY;
    if (!last.outputGradNeeded()) {
      m.addStatement("float loss = (float) ($L / batch)", sum(last, output(last)));
    } else if (bce) {
      m.addStatement("float loss = $T.binaryCrossEntropy($N, $N, targets, targetOff, $N, batch, "
          + "OUTPUT_SIZE)", RuntimeTypes.TARGET_LOSSES, BackwardPassEmitter.logits(last),
          output(last), grad(last));
    } else {
      m.addStatement("float loss = $T.meanSquaredError($N, targets, targetOff, $N, batch, "
          + "OUTPUT_SIZE)", RuntimeTypes.TARGET_LOSSES, output(last), grad(last));
    }
    return m.addCode(layerCalls).build();
  }

  /**
   * <pre>return TargetLosses.meanSquaredErrorSum(p, targets, targetOff, batch, OUTPUT_SIZE);
   * return TargetLosses.binaryCrossEntropySum(outputLogits, targets, targetOff, batch, OUTPUT_SIZE);</pre>
   */
  static MethodSpec lossSum(LayerPlan last) {
    return MethodSpec.methodBuilder("lossSum").addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED).returns(double.class)
        .addParameter(float[].class, "p").addParameter(float[].class, "targets")
        .addParameter(int.class, "targetOff").addParameter(int.class, "batch")
        .addJavadoc("The $L (the model's) summed over the last pass's rows: what evaluate "
            + "reports.\n", last.loss().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
        .addStatement("return $L", sum(last, "p"))
        .build();
  }

  /** The summed loss of the rows, BCE from the kept logits, MSE from {@code outputs}. */
  private static CodeBlock sum(LayerPlan last, String outputs) {
    if (last.loss() == Loss.BINARY_CROSSENTROPY) {
      return CodeBlock.of("$T.binaryCrossEntropySum($N, targets, targetOff, batch, OUTPUT_SIZE)",
          RuntimeTypes.TARGET_LOSSES, BackwardPassEmitter.logits(last));
    }
    return CodeBlock.of("$T.meanSquaredErrorSum($N, targets, targetOff, batch, OUTPUT_SIZE)",
        RuntimeTypes.TARGET_LOSSES, outputs);
  }

  /** The output buffer: the last layer's, or for a Flatten its input's (which it passes on). */
  private static String output(LayerPlan last) {
    return last.spec().kind() == LayerKind.FLATTEN ? last.in().forwardArray() : last.out();
  }

  /** The output's gradient buffer, as {@link #output}. */
  private static String grad(LayerPlan last) {
    return last.spec().kind() == LayerKind.FLATTEN ? last.in().gradArray() : last.grad();
  }
}
