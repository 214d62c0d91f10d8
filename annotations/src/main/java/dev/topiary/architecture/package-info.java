/**
 * The one description of a network's architecture that the processor and the runtime share:
 * layer kinds ({@link dev.topiary.architecture.LayerKind}), the spatial shape rules
 * ({@link dev.topiary.architecture.Geometry}), which layers run fused
 * ({@link dev.topiary.architecture.Fusion}) and the architecture text that generated networks
 * carry and model files check ({@link dev.topiary.architecture.Architecture}).
 *
 * <p>It ships in {@code topiary-annotations} because both the processor and the runtime depend on
 * that artifact, and the runtime may depend on nothing else. Java 11, no dependencies.
 */
package dev.topiary.architecture;
