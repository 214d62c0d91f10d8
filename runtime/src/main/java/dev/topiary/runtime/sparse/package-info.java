/**
 * Sparse kernels for pruned networks: the formats ({@link dev.topiary.runtime.sparse.CsrMatrix},
 * {@link dev.topiary.runtime.sparse.SortedCsrMatrix}), the products of dense activations with
 * sparse kernels ({@link dev.topiary.runtime.sparse.SparseKernels},
 * {@link dev.topiary.runtime.sparse.SparseConvKernels}) and the one place that decides, per layer,
 * whether the dense or a sparse product runs ({@link dev.topiary.runtime.sparse.KernelChoice}).
 * At batch 1, a fused conv and pool ({@link dev.topiary.runtime.sparse.ConvPoolList}) lists its
 * non-zero outputs ({@link dev.topiary.runtime.sparse.InputList}) and the Dense layer after the
 * Flatten multiplies the kernel rows of the listed inputs only: no pass over its inputs looks for
 * the non-zeros, and a sparse kernel's rows are listed shortest first.
 *
 * <p>Kernels are {@code [rows = inputs][cols = outputs]} as in Keras: a dense kernel
 * {@code [in][out]}, a conv kernel {@code [kh][kw][cin][cout]} read as
 * {@code (kh*kw*cin) x cout}. Formats are built once, after training or loading, from the masked
 * dense kernel, and never change.
 *
 * <p>Formats measured and not kept (one example, the seed's 5408 x 64 kernel at 80% sparsity,
 * real inputs, against the row-sorted CSR that skips zero inputs): a bitmap of each row's
 * columns with packed values, walked with {@code numberOfTrailingZeros}, 1.4x slower; COO in
 * blocks of 4 to 16 rows, skipped when all their inputs are zero, 1.7-2.2x slower; rows padded to
 * 4 or 8 entries with unrolled loops, 1.1-1.2x slower; column indices as {@code char} and
 * (column, value) packed in a {@code long}, no faster. Plain scalar Java cannot vectorise a
 * gather or a scatter, which bounds every batch-1 format; the batched product vectorises by
 * transposing tiles of examples instead. Measured again against the 2x faster dense product
 * (thread CPU time, real inputs, 80% and 90% sparsity, batch 1): column indices as {@code char}
 * 1.1-1.3x slower than {@code int}; two active rows of equal length in one loop 1.3x slower;
 * rows in original order with a branch on each input 2x slower; a branch-free non-zero test by
 * bit arithmetic listed the non-zero inputs 1.3x faster but the whole product was no faster.
 * At batch 1 the listing of non-zero inputs alone cost 4-6 us of the 17-28 us, and each scattered
 * update about 1 ns.
 */
package dev.topiary.runtime.sparse;
