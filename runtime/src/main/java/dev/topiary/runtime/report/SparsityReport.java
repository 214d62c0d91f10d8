package dev.topiary.runtime.report;

import dev.topiary.runtime.Layer;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.WeightedLayer;
import java.util.Locale;

/**
 * Per layer and in total: kernel weights, non-zero weights, sparsity and channels removed, the
 * figures that show what pruning and L1 did to a network.
 */
public final class SparsityReport {
  private SparsityReport() {}

  /** The table for {@code network}'s layers with weights. */
  public static String of(Network network) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "%-12s %12s %12s %9s %9s%n", "layer", "weights", "non-zero", "sparsity", "removed"));
    long weights = 0;
    long nonZero = 0;
    for (Layer layer : network.layers()) {
      if (!(layer instanceof WeightedLayer)) {
        continue;
      }
      WeightedLayer w = (WeightedLayer) layer;
      weights += w.kernelSize();
      nonZero += w.nonZeroWeights();
      s.append(String.format(Locale.ROOT, "%-12s %,12d %,12d %8.2f%% %9s%n", w.name(),
          w.kernelSize(), w.nonZeroWeights(), 100 * w.sparsity(),
          w.channelsRemoved() == 0 ? "-" : w.channelsRemoved() + " ch"));
    }
    double sparsity = weights == 0 ? 0 : 1.0 - (double) nonZero / weights;
    return s.append(String.format(Locale.ROOT, "%-12s %,12d %,12d %8.2f%%", "total", weights,
        nonZero, 100 * sparsity)).toString();
  }
}
