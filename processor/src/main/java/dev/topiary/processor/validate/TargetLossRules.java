package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.BINARY_CROSSENTROPY_NEEDS_SIGMOID;
import static dev.topiary.processor.validate.DiagnosticCode.MEAN_SQUARED_ERROR_ON_PROBABILITIES;

import dev.topiary.Activation;
import dev.topiary.Loss;
import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.Origin;

/**
 * The fit between a loss on float targets and the last layer, as Keras users meet it:
 * <ul>
 *   <li>{@link Loss#BINARY_CROSSENTROPY} reads the logits of a SIGMOID output (one unit for a
 *       binary task, one per label for multi-label), so any other output is an error
 *       ({@link DiagnosticCode#BINARY_CROSSENTROPY_NEEDS_SIGMOID});
 *   <li>{@link Loss#MEAN_SQUARED_ERROR} reads any output; over a SOFTMAX or SPARSEMAX it is a
 *       warning ({@link DiagnosticCode#MEAN_SQUARED_ERROR_ON_PROBABILITIES}): Keras compiles it,
 *       and it does train, but it fits values forced to sum to 1, and its gradient fades as the
 *       softmax saturates, so it is almost always a slip for a classifier's loss.
 * </ul>
 * Each is reported on the last layer's {@code activation} value (on the layer's annotation for a
 * standalone activation layer).
 */
final class TargetLossRules {
  private TargetLossRules() {}

  static void check(Loss loss, LayerSpec last, Report report) {
    if (last.ambiguous()) {
      return;
    }
    Activation a = last.activation();
    String found = last.kind().weighted() ? "activation = " + a.name()
        : "a @" + last.kind().annotation() + " layer";
    if (loss == Loss.BINARY_CROSSENTROPY && a != Activation.SIGMOID) {
      report.add(BINARY_CROSSENTROPY_NEEDS_SIGMOID, where(last),
          Messages.binaryCrossentropyNeedsSigmoid(last.name(), found));
    } else if (loss == Loss.MEAN_SQUARED_ERROR
        && (a == Activation.SOFTMAX || a == Activation.SPARSEMAX)) {
      report.add(MEAN_SQUARED_ERROR_ON_PROBABILITIES, where(last),
          Messages.meanSquaredErrorOnProbabilities(last.name(), found));
    }
  }

  private static Origin where(LayerSpec last) {
    return last.kind().weighted() ? last.origin("activation") : last.annotation();
  }
}
