package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.INEFFECTIVE_L1;
import static dev.topiary.processor.validate.DiagnosticCode.INVALID_L1;
import static dev.topiary.processor.validate.DiagnosticCode.INVALID_LEAKY_ALPHA;

import dev.topiary.processor.model.LayerKind;
import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.ModelSpec;

/**
 * Checks regularization factors ({@code @L1} finite and non-negative, with a warning where it
 * cannot help) and LeakyReLU slopes: finite and non-negative, since the generated backward pass
 * reads the branch from the output's sign, which a negative slope flips.
 */
final class ValueRules implements Rule {
  @Override
  public void check(ModelSpec model, Report report) {
    for (LayerSpec layer : model.layers()) {
      double alpha = layer.alpha();
      if (layer.kind() == LayerKind.LEAKY_RELU && !(alpha >= 0 && Double.isFinite(alpha))) {
        report.add(INVALID_LEAKY_ALPHA, layer.origin("alpha"),
            Messages.invalidLeakyAlpha(layer.name(), alpha));
      }
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
