package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.topiary.Activation;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The backward pass: {@code backward}, which computes the loss and its gradient, then calls each
 * layer's backward method from the last to the first (a conv+pool pair that trains fused through
 * the pair's method) and adds the penalties; those per-layer methods; and {@code lossSum} for the
 * sparsemax loss.
 */
final class BackwardPassEmitter {
  private BackwardPassEmitter() {}

  /**
   * <pre>float loss = Losses.softmaxCrossEntropy(outputLogits, outputOut, labels, labelOff, outputGrad, batch, OUTPUT_SIZE);
   * outputBackward(batch); ... loss += Regularizers.l1(...); return loss;</pre>
   */
  static MethodSpec backward(List<LayerPlan> plans) {
    LayerPlan last = plans.get(plans.size() - 1);
    if (last.loss().takesTargets()) {
      return TargetLossEmitter.backward(last, layerCalls(plans));
    }
    MethodSpec.Builder m = MethodSpec.methodBuilder("backward").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(float.class)
        .addParameter(int[].class, "labels").addParameter(int.class, "labelOff")
        .addParameter(int.class, "batch");
    if (!last.outputGradNeeded()) {
      m.addStatement("float loss = (float) ($T.softmaxCrossEntropySum($N, labels, labelOff, batch, "
          + "OUTPUT_SIZE) / batch)", RuntimeTypes.LOSSES, logits(last));
    } else if (sparsemaxLoss(last)) {
      m.addStatement("float loss = $T.loss($N, $N, labels, labelOff, $N, batch, OUTPUT_SIZE)",
          RuntimeTypes.SPARSEMAX, logits(last), last.out(), last.grad());
    } else {
      m.addStatement("float loss = $T.softmaxCrossEntropy($N, $N, labels, labelOff, $N, batch, "
          + "OUTPUT_SIZE)", RuntimeTypes.LOSSES, logits(last), last.out(), last.grad());
    }
    return m.addCode(layerCalls(plans)).build();
  }

  /**
   * The backward calls after the loss's gradient, from the last layer to the first, then the
   * penalties, and {@code return loss}.
   */
  private static CodeBlock layerCalls(List<LayerPlan> plans) {
    CodeBlock.Builder m = CodeBlock.builder();
    List<ConvPoolPair> pairs = ConvPoolPair.training(plans);
    CodeBlock.Builder penalties = CodeBlock.builder();
    for (int i = plans.size() - 1; i >= 0; i--) {
      LayerPlan p = plans.get(i);
      m.add(ActivityPenaltyEmitter.penalty(p));
      ConvPoolPair pair = ConvPoolPair.startingAt(pairs, p);
      if (pair != null) {
        m.addStatement("$N(batch)", ConvPoolEmitter.backwardName(pair));
      }
      if (layerMethod(p) != null) {
        m.addStatement("$N(batch)", methodName(p));
      }
      if (p.spec().kind().weighted()) {
        penalties.add(ParameterEmitter.penalty(p));
      }
    }
    return m.add(penalties.build()).addStatement("return loss").build();
  }

  /** Whether the loss is the sparsemax loss over the last layer's kept logits. */
  private static boolean sparsemaxLoss(LayerPlan last) {
    return last.outputGradNeeded() && last.spec().activation() == Activation.SPARSEMAX;
  }

  /** The logits the loss reads: kept by the layer, or its input buffer. */
  static String logits(LayerPlan last) {
    return last.keepsLogits() ? last.logits() : last.in().forwardArray();
  }

  /**
   * {@code lossSum}, which evaluate reports: the model's loss from the logits the last pass kept.
   * <pre>return Losses.softmaxCrossEntropySum(outputLogits, labels, labelOff, batch, OUTPUT_SIZE);
   * return (double) Sparsemax.loss(outputLogits, p, labels, labelOff, outputGrad, batch, OUTPUT_SIZE) * batch;</pre>
   */
  static MethodSpec lossSum(List<LayerPlan> plans) {
    LayerPlan last = plans.get(plans.size() - 1);
    MethodSpec.Builder m = MethodSpec.methodBuilder("lossSum").addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED).returns(double.class)
        .addParameter(float[].class, "p").addParameter(int[].class, "labels")
        .addParameter(int.class, "labelOff").addParameter(int.class, "batch");
    if (last.loss().takesTargets()) {
      return TargetLossEmitter.lossSum(last);
    }
    if (sparsemaxLoss(last)) {
      return m.addJavadoc("The sparsemax loss (the model's) summed over the last pass's rows, from "
              + "the logits it kept: what evaluate reports.\n")
          .addStatement("return (double) $T.loss($N, p, labels, labelOff, $N, batch, OUTPUT_SIZE)"
              + " * batch", RuntimeTypes.SPARSEMAX, logits(last), last.grad())
          .build();
    }
    return m.addJavadoc("The cross-entropy (the model's) summed over the last pass's rows, from the "
            + "logits it kept: what evaluate reports.\n")
        .addStatement("return $T.softmaxCrossEntropySum($N, labels, labelOff, batch, OUTPUT_SIZE)",
            RuntimeTypes.LOSSES, logits(last))
        .build();
  }

  /** A layer's backward method: {@code hiddenBackward}. */
  static String methodName(LayerPlan layer) {
    return layer.var() + "Backward";
  }

  /** The backward method of a layer, or null where it has nothing to compute. */
  static MethodSpec layerMethod(LayerPlan layer) {
    return layer.outputGradNeeded() ? LayerEmitter.of(layer).backward(layer) : null;
  }

  /** Each layer's backward method, from the last layer to the first. */
  static List<MethodSpec> layerMethods(List<LayerPlan> plans) {
    List<MethodSpec> methods = new ArrayList<>();
    for (int i = plans.size() - 1; i >= 0; i--) {
      MethodSpec backward = layerMethod(plans.get(i));
      if (backward != null) {
        methods.add(backward);
      }
    }
    return methods;
  }

  /** {@code private void hiddenBackward(int batch)} with its Javadoc, for an emitter to fill. */
  static MethodSpec.Builder methodShell(LayerPlan layer) {
    return MethodSpec.methodBuilder(methodName(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Backward of $L: from $N to $L.\n", layer.var(), layer.grad(),
            String.join(" and ", targets(layer)))
        .addParameter(int.class, "batch");
  }

  private static List<String> targets(LayerPlan layer) {
    List<String> targets = new ArrayList<>();
    if (layer.spec().kind().weighted()) {
      targets.add("its parameter gradients");
    }
    if (layer.needsInputGrad()) {
      targets.add(layer.in().gradArray());
    }
    return targets;
  }
}
