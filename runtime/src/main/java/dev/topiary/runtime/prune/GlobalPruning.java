package dev.topiary.runtime.prune;

import dev.topiary.runtime.Network;
import dev.topiary.runtime.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * One-shot global magnitude pruning across several kernels, like PyTorch's
 * {@code torch.nn.utils.prune.global_unstructured} with {@code L1Unstructured}: one threshold for
 * all kernels, so that layers with smaller weights lose more of them.
 */
public final class GlobalPruning {
  private GlobalPruning() {}

  /**
   * Zeroes, in place, the {@code round(sparsity * total)} weights of smallest {@code |w|} across
   * all {@code kernels} together, {@code total} being the sum of their lengths. Among equal
   * magnitudes the earlier kernel, then the lower index, is pruned first; NaN counts as the
   * largest magnitude. Weights that are already 0 are the first chosen and are counted.
   *
   * <p>Radix selection ({@link SmallestMagnitudes}): four passes over the kernels, O(total) time,
   * and a fixed 8 KB of scratch.
   *
   * @param kernels the kernels, distinct arrays, modified in place
   * @param sparsity the fraction of all their weights to prune, in [0, 1]
   * @return for each kernel, in the order of {@code kernels}, how many of its weights were chosen
   * @throws IllegalArgumentException if {@code sparsity} is out of range or the kernels together
   *     hold more than {@code Integer.MAX_VALUE} weights
   */
  public static long[] prune(List<float[]> kernels, double sparsity) {
    String where = "GlobalPruning.prune";
    PruneArguments.sparsity(where, sparsity);
    long total = 0;
    for (float[] kernel : kernels) {
      total += kernel.length;
    }
    if (total > Integer.MAX_VALUE) {
      throw PruneArguments.invalid(
          where, "total weights", "at most " + Integer.MAX_VALUE, String.valueOf(total));
    }
    long[] counts = new long[kernels.size()];
    int pruned = PruneArguments.count(sparsity, (int) total);
    if (pruned == 0) {
      return counts;
    }
    SmallestMagnitudes smallest =
        SmallestMagnitudes.select(kernels.toArray(new float[0][]), pruned);
    for (int k = 0; k < counts.length; k++) {
      float[] kernel = kernels.get(k);
      for (int i = 0; i < kernel.length; i++) {
        if (smallest.take(kernel[i])) {
          kernel[i] = 0f;
          counts[k]++;
        }
      }
    }
    return counts;
  }

  /**
   * Prunes a trained network once, globally by magnitude across the kernels of all its layers
   * (Conv2D, Dense, DepthwiseConv2D, Conv1D, both of SeparableConv2D's; biases are kept), for users who prune after training. Weights zeroed here
   * may grow back if the network is trained again, unless their layer declares {@code @Prune}.
   *
   * @return for each kernel, in parameter order, how many of its weights are now zero by this
   *     call
   * @throws IllegalArgumentException if {@code network} is null
   */
  public static long[] prune(Network network, double sparsity) {
    if (network == null) {
      throw new IllegalArgumentException("expected a network to prune, found null");
    }
    List<float[]> kernels = new ArrayList<>();
    for (Parameter p : network.parameters()) {
      if (p.name.endsWith("/kernel") || p.name.endsWith("_kernel")) { // separable: two kernels
        kernels.add(p.value);
      }
    }
    long[] zeroed = prune(kernels, sparsity);
    network.weightsChanged(); // its sparse inference kernels were built from the old weights
    return zeroed;
  }
}
