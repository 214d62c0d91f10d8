package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.N_OF_M_GROUPS;
import static dev.topiary.processor.validate.DiagnosticCode.PRUNE_FREQUENCY;
import static dev.topiary.processor.validate.DiagnosticCode.PRUNE_NEVER_UPDATES;
import static dev.topiary.processor.validate.DiagnosticCode.PRUNE_POWER;
import static dev.topiary.processor.validate.DiagnosticCode.PRUNE_SPARSITY_RANGE;
import static dev.topiary.processor.validate.DiagnosticCode.PRUNE_STEPS;
import static dev.topiary.processor.validate.DiagnosticCode.PRUNE_TARGET_BELOW_INITIAL;

import dev.topiary.Structure;
import dev.topiary.architecture.LayerKind;
import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.ModelSpec;
import dev.topiary.processor.model.PruneSpec;
import dev.topiary.processor.model.SeparableConv2DSpec;
import dev.topiary.processor.model.WeightedLayerSpec;

/**
 * Checks {@code @Prune}: sparsities in [0, 1) and growing, a valid step range, a schedule that
 * updates the mask at least once, and N:M groups that fit.
 */
final class PruneRules implements Rule {
  @Override
  public void check(ModelSpec model, Report report) {
    for (LayerSpec layer : model.layers()) {
      if (!(layer instanceof WeightedLayerSpec weighted) || weighted.prune() == null) {
        continue; // @Prune without weights: LayerMethodRules
      }
      PruneSpec p = weighted.prune();
      String name = layer.name();
      boolean rangeOk = checkFraction(layer, "initial", p.initial(), report)
          & checkFraction(layer, "target", p.target(), report);
      if (rangeOk && p.target() < p.initial()) {
        report.add(PRUNE_TARGET_BELOW_INITIAL, layer.origin("prune.target"),
            Messages.pruneTargetBelowInitial(name, p.initial(), p.target()));
      }
      boolean stepsOk = p.beginStep() >= 0 && p.endStep() > p.beginStep();
      if (!stepsOk) {
        report.add(PRUNE_STEPS, layer.origin(p.beginStep() < 0 ? "prune.beginStep"
            : "prune.endStep"), Messages.pruneSteps(name, p.beginStep(), p.endStep()));
      }
      if (p.frequency() <= 0) {
        report.add(PRUNE_FREQUENCY, layer.origin("prune.frequency"),
            Messages.pruneFrequency(name, p.frequency()));
      } else if (stepsOk && neverUpdates(p)) {
        report.add(PRUNE_NEVER_UPDATES, layer.origin("prune.frequency"),
            Messages.pruneNeverUpdates(name, p.beginStep(), p.endStep(), p.frequency()));
      }
      if (!(p.power() > 0) || Double.isInfinite(p.power())) {
        report.add(PRUNE_POWER, layer.origin("prune.power"), Messages.prunePower(name, p.power()));
      }
      if (p.structure() == Structure.N_OF_M) {
        checkGroups(weighted, p, report);
      }
    }
  }

  /**
   * Whether no training step updates the mask. Steps count from 1 (the runtime's KernelPruning)
   * and update when {@code beginStep <= step <= endStep} and {@code (step - beginStep) %
   * frequency == 0}: from {@code beginStep >= 1} the first update is at beginStep itself; from
   * {@code beginStep = 0} (step 0 never runs) at {@code frequency}.
   */
  private static boolean neverUpdates(PruneSpec p) {
    return p.beginStep() == 0 && p.frequency() > p.endStep();
  }

  private static boolean checkFraction(LayerSpec layer, String attribute, double v,
      Report report) {
    if (v >= 0 && v < 1) {
      return true;
    }
    report.add(PRUNE_SPARSITY_RANGE, layer.origin("prune." + attribute),
        Messages.pruneSparsityRange(layer.name(), attribute, v));
    return false;
  }

  private static void checkGroups(WeightedLayerSpec layer, PruneSpec p, Report report) {
    if (p.m() <= 0 || p.n() <= 0 || p.n() > p.m()) {
      report.add(N_OF_M_GROUPS, layer.origin(p.m() <= 0 ? "prune.m" : "prune.n"),
          Messages.nOfMGroups(layer.name(), "keeps n of every m weights", "0 < n <= m",
              "n = " + p.n() + ", m = " + p.m(), "use e.g. n = 2, m = 4"));
      return;
    }
    if (!layer.input().known() || layer.outputChannels() <= 0) {
      return; // no kernel to group (a size that is not positive is ShapeRules')
    }
    long rows = layer.kernelSize() / layer.outputChannels();
    String what = layer.kind() == LayerKind.CONV2D ? "a kernel height x width x input channels"
        : layer.kind() == LayerKind.CONV1D ? "a kernel length x input channels"
        : layer.kind() == LayerKind.DEPTHWISE_CONV2D ? "a kernel height x width"
        : "an input size";
    if (layer instanceof SeparableConv2DSpec s) { // two kernels: the depthwise's rows first
      rows = s.taps() % p.m() != 0 ? s.taps() : s.middleChannels();
      what = s.taps() % p.m() != 0 ? "a depthwise kernel height x width"
          : "pointwise input channels (input channels x depthMultiplier)";
    }
    if (rows % p.m() != 0) {
      report.add(N_OF_M_GROUPS, layer.origin("prune.m"), Messages.nOfMGroups(layer.name(),
          "groups " + p.m() + " consecutive weights along the input dimension", what
              + " that is a multiple of m = " + p.m(), String.valueOf(rows),
          "choose an m that divides " + rows + " or use structure = UNSTRUCTURED"));
    }
  }
}
