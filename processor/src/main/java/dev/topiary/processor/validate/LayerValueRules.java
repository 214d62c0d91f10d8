package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.BATCH_NORMALIZATION_FIRST;
import static dev.topiary.processor.validate.DiagnosticCode.INVALID_BATCH_NORM_EPSILON;
import static dev.topiary.processor.validate.DiagnosticCode.INVALID_BATCH_NORM_MOMENTUM;
import static dev.topiary.processor.validate.DiagnosticCode.INVALID_DROPOUT_RATE;

import dev.topiary.processor.model.BatchNormSpec;
import dev.topiary.processor.model.DropoutSpec;
import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.ModelSpec;

/**
 * Checks the values of the layers without a kernel that take numbers: a Dropout rate in
 * {@code [0, 1)}; BatchNormalization's momentum and epsilon.
 */
final class LayerValueRules implements Rule {
  @Override
  public void check(ModelSpec model, Report report) {
    for (LayerSpec layer : model.layers()) {
      if (layer instanceof BatchNormSpec bn) {
        checkBatchNorm(bn, layer == model.layers().get(0), report);
      }
      if (layer instanceof DropoutSpec drop) {
        double rate = drop.rate();
        // the network holds the rate as a float: 0.99999999 would round to 1
        if (!(rate >= 0 && (float) rate < 1f)) {
          report.add(INVALID_DROPOUT_RATE, layer.origin("value"),
              LayerMessages.invalidDropoutRate(layer.name(), rate));
        }
      }
    }
  }

  private static void checkBatchNorm(BatchNormSpec bn, boolean first, Report report) {
    double momentum = bn.momentum();
    if (!(momentum >= 0 && (float) momentum < 1f)) {
      report.add(INVALID_BATCH_NORM_MOMENTUM, bn.origin("momentum"),
          LayerMessages.invalidMomentum(bn.name(), momentum));
    }
    double epsilon = bn.epsilon();
    if (!(epsilon > 0 && (float) epsilon > 0f && Float.isFinite((float) epsilon))) {
      report.add(INVALID_BATCH_NORM_EPSILON, bn.origin("epsilon"),
          LayerMessages.invalidEpsilon(bn.name(), epsilon));
    }
    if (first) {
      report.add(BATCH_NORMALIZATION_FIRST, bn.annotation(),
          LayerMessages.batchNormalizationFirst(bn.name()));
    }
  }
}
