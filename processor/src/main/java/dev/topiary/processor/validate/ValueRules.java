package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.INEFFECTIVE_L1;
import static dev.topiary.processor.validate.DiagnosticCode.INVALID_L1;
import static dev.topiary.processor.validate.DiagnosticCode.INVALID_LEAKY_ALPHA;

import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.LeakyReLUSpec;
import dev.topiary.processor.model.ModelSpec;
import dev.topiary.processor.model.WeightedLayerSpec;

/**
 * Checks regularization factors ({@code @L1} finite and non-negative, with a warning where it
 * cannot help) and LeakyReLU slopes: finite and non-negative, since the generated backward pass
 * reads the branch from the output's sign, which a negative slope flips.
 */
final class ValueRules implements Rule {
  @Override
  public void check(ModelSpec model, Report report) {
    for (LayerSpec layer : model.layers()) {
      if (layer instanceof LeakyReLUSpec leaky
          && !(leaky.alpha() >= 0 && Double.isFinite(leaky.alpha()))) {
        report.add(INVALID_LEAKY_ALPHA, layer.origin("alpha"),
            Messages.invalidLeakyAlpha(layer.name(), leaky.alpha()));
      }
      if (!(layer instanceof WeightedLayerSpec weighted) || weighted.l1() == null) {
        continue; // @L1 without weights: LayerMethodRules
      }
      double l1 = weighted.l1().factor();
      if (!Double.isFinite(l1) || l1 < 0) {
        report.add(INVALID_L1, layer.origin("l1"), Messages.invalidL1(layer.name(), l1));
      } else if (l1 == 0 || l1 >= 1) {
        report.add(INEFFECTIVE_L1, layer.origin("l1"), Messages.ineffectiveL1(layer.name(), l1));
      }
    }
  }
}
