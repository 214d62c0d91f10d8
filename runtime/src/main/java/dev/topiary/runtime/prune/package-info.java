/**
 * Magnitude pruning: tfmot's {@link dev.topiary.runtime.prune.PolynomialDecay} schedule, the
 * selection of masks for {@code @Prune}'s structures ({@link dev.topiary.runtime.prune.Masks}) and
 * one-shot global pruning across kernels ({@link dev.topiary.runtime.prune.GlobalPruning}).
 *
 * <p>A mask is a {@code float[]} of exactly {@code 0f} (pruned) or {@code 1f} (kept), with the
 * length and layout of its kernel. The number of weights or channels pruned at sparsity {@code s}
 * out of {@code n} is always {@code Math.round(s * n)} (half up), and ties between equal magnitudes
 * are broken by index, so that the count is exact and runs are reproducible.
 */
package dev.topiary.runtime.prune;
