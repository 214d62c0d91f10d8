package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.INEFFECTIVE_L1;
import static dev.topiary.processor.validate.DiagnosticCode.INVALID_L1;

import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.ModelSpec;

/** Checks regularization factors: {@code @L1} finite and non-negative, and warns where it cannot help. */
final class ValueRules implements Rule {
  @Override
  public void check(ModelSpec model, Report report) {
    for (LayerSpec layer : model.layers()) {
      Double l1 = layer.l1();
      if (l1 == null || !layer.kind().weighted()) {
        continue;
      }
      if (!Double.isFinite(l1) || l1 < 0) {
        report.add(INVALID_L1, layer.origin("l1"), Messages.invalidL1(layer.name(), l1));
      } else if (l1 == 0 || l1 >= 1) {
        report.add(INEFFECTIVE_L1, layer.origin("l1"), Messages.ineffectiveL1(layer.name(), l1));
      }
    }
  }
}
