package dev.topiary.runtime;

/** How a network's Dense layers run at inference: chosen by density, or forced. */
public enum KernelMode {
  /** Sparse where the kernel is sparse enough, dense elsewhere. */
  AUTO,
  /** Always the dense product. */
  DENSE,
  /** Always the sparse product, however dense the kernel. */
  SPARSE
}
