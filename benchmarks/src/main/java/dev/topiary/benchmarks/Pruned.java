package dev.topiary.benchmarks;

import dev.topiary.runtime.prune.Masks;

/** Kernels pruned by magnitude for the sparse benchmarks: a copy, the original is untouched. */
final class Pruned {
  private Pruned() {}

  /** {@code w} with its {@code sparsity} fraction of smallest magnitudes set to 0. */
  static float[] byMagnitude(float[] w, double sparsity) {
    float[] pruned = w.clone();
    float[] mask = new float[w.length];
    Masks.unstructured(w, sparsity, mask);
    Masks.apply(pruned, mask);
    return pruned;
  }

  /** The fraction of exact zeros of {@code x}. */
  static double zeros(float[] x) {
    return (double) Masks.zeros(x) / x.length;
  }
}
