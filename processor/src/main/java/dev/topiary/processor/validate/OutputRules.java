package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.HIDDEN_SOFTMAX;
import static dev.topiary.processor.validate.DiagnosticCode.LOSS_NEEDS_SOFTMAX;

import dev.topiary.Activation;
import dev.topiary.processor.model.LayerKind;
import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.ModelSpec;

/** Checks that the loss fits the last layer and that SOFTMAX sits only there. */
final class OutputRules implements Rule {
  @Override
  public void check(ModelSpec model, Report report) {
    LayerSpec last = model.outputLayer();
    if (last == null) {
      return;
    }
    // A last method with two layer annotations: which one ends the model is unclear.
    boolean dense = last.kind() == LayerKind.DENSE;
    if (!last.ambiguous() && (!dense || last.activation() != Activation.SOFTMAX)) {
      String found = dense ? "activation = " + last.activation().name()
          : "a @" + last.kind().annotation() + " layer";
      report.add(LOSS_NEEDS_SOFTMAX, dense ? last.origin("activation") : last.annotation(),
          Messages.lossNeedsSoftmax(last.name(), model.loss().name(), found));
    }
    for (LayerSpec layer : model.layers()) {
      if (layer != last && layer.activation() == Activation.SOFTMAX) {
        report.add(HIDDEN_SOFTMAX, layer.origin("activation"), Messages.hiddenSoftmax(layer.name()));
      }
    }
  }
}
