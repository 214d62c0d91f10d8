/**
 * Topiary's DSL: annotate an interface with {@link dev.topiary.Model} and its methods with layer
 * annotations, and the processor generates a specialised network class at compile time.
 */
package dev.topiary;
