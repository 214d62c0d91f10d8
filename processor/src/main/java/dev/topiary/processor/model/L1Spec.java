package dev.topiary.processor.model;

/**
 * A layer's {@code @L1} as declared.
 *
 * @param factor the penalty's factor on the sum of the kernel's absolute values
 * @param proximal whether the optimizer soft-thresholds the kernel after each step instead of
 *     adding the penalty's subgradient
 */
public record L1Spec(double factor, boolean proximal) {}
