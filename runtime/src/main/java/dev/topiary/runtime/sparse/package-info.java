/**
 * Sparse kernels for pruned networks: the formats ({@link dev.topiary.runtime.sparse.CsrMatrix},
 * {@link dev.topiary.runtime.sparse.SortedCsrMatrix}), the products of dense activations with
 * sparse kernels ({@link dev.topiary.runtime.sparse.SparseKernels},
 * {@link dev.topiary.runtime.sparse.SparseConvKernels}) and the one place that decides, per layer,
 * whether the dense or a sparse product runs ({@link dev.topiary.runtime.sparse.KernelChoice}).
 *
 * <p>Kernels are {@code [rows = inputs][cols = outputs]} as in Keras: a dense kernel
 * {@code [in][out]}, a conv kernel {@code [kh][kw][cin][cout]} read as
 * {@code (kh*kw*cin) x cout}. Formats are built once, after training or loading, from the masked
 * dense kernel, and never change.
 */
package dev.topiary.runtime.sparse;
