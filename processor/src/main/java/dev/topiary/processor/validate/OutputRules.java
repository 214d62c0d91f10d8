package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.CLASS_LOSS_ON_SIGMOID;
import static dev.topiary.processor.validate.DiagnosticCode.HIDDEN_SOFTMAX;
import static dev.topiary.processor.validate.DiagnosticCode.INVALID_ACTIVITY_L1;
import static dev.topiary.processor.validate.DiagnosticCode.LOSS_NEEDS_SOFTMAX;
import static dev.topiary.processor.validate.DiagnosticCode.LOSS_NEEDS_SPARSEMAX;

import dev.topiary.Activation;
import dev.topiary.Loss;
import dev.topiary.architecture.LayerKind;
import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.ModelSpec;

/**
 * Checks that the loss fits the last layer (cross-entropy reads a SOFTMAX, the sparsemax loss a
 * SPARSEMAX, both over a flat vector of classes, and neither a SIGMOID; the losses on float
 * targets in {@link TargetLossRules}), that SOFTMAX sits only there, and that
 * {@code @ActivityL1} factors are valid.
 */
final class OutputRules implements Rule {
  @Override
  public void check(ModelSpec model, Report report) {
    for (LayerSpec layer : model.layers()) {
      Double a = layer.activityL1();
      if (a != null && (!Double.isFinite(a) || a < 0)) {
        report.add(INVALID_ACTIVITY_L1, layer.origin("activityL1"),
            Messages.invalidActivityL1(layer.name(), a));
      } else if (a != null && layer.kind() == LayerKind.FLATTEN) {
        report.add(INVALID_ACTIVITY_L1, layer.origin("activityL1"),
            Messages.activityL1OnFlatten(layer.name()));
      }
    }
    LayerSpec last = model.outputLayer();
    if (last == null) {
      return;
    }
    if (model.loss().takesTargets()) {
      TargetLossRules.check(model.loss(), last, report);
    } else if (!last.ambiguous() && last.activation() == Activation.SIGMOID) {
      report.add(CLASS_LOSS_ON_SIGMOID, last.origin("activation"),
          Messages.classLossOnSigmoid(last.name(), model.loss().name()));
    } else {
      checkClassOutput(model, last, report);
    }
    for (LayerSpec layer : model.layers()) {
      if (layer != last && layer.activation() == Activation.SOFTMAX) {
        report.add(HIDDEN_SOFTMAX, layer.kind().weighted() ? layer.origin("activation")
            : layer.annotation(), Messages.hiddenSoftmax(layer.name()));
      }
    }
  }

  /** A class-label loss reads a SOFTMAX (cross-entropy) or a SPARSEMAX (sparsemax loss) output. */
  private static void checkClassOutput(ModelSpec model, LayerSpec last, Report report) {
    // A last method with two layer annotations: which one ends the model is unclear.
    boolean flat = !last.output().known() || last.output().rank() == 1;
    Activation needed = model.loss() == Loss.SPARSEMAX ? Activation.SPARSEMAX : Activation.SOFTMAX;
    if (!last.ambiguous() && (last.activation() != needed || !flat)) {
      String found = !flat ? "an output of shape " + last.output()
          : last.kind().weighted() ? "activation = " + last.activation().name()
          : "a @" + last.kind().annotation() + " layer";
      boolean onActivation = last.kind().weighted() && flat;
      report.add(needed == Activation.SPARSEMAX ? LOSS_NEEDS_SPARSEMAX : LOSS_NEEDS_SOFTMAX,
          onActivation ? last.origin("activation") : last.annotation(),
          needed == Activation.SPARSEMAX
              ? Messages.lossNeedsSparsemax(last.name(), found)
              : Messages.lossNeedsSoftmax(last.name(), model.loss().name(), found));
    }
  }
}
