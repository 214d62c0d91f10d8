package dev.topiary.processor.model;

import dev.topiary.Structure;

/**
 * A layer's {@code @Prune} as declared: the PolynomialDecay schedule and the structure.
 *
 * @param n with N_OF_M, weights kept per group
 * @param m with N_OF_M, the group size along the input dimension
 */
public record PruneSpec(double initial, double target, long beginStep, long endStep,
    int frequency, double power, Structure structure, int n, int m) {}
