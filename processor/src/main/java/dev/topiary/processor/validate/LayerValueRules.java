package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.INVALID_DROPOUT_RATE;

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
}
