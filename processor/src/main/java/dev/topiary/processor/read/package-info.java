/**
 * Reading a {@code @Model} type: the only package that walks javac's elements, types and
 * annotation mirrors. {@link dev.topiary.processor.read.ModelReader} records what it finds, valid
 * or not (sizes that are not positive, wrong return types, stray annotations, a class instead of
 * an interface), with where each value was written, and leaves the judging to
 * {@link dev.topiary.processor.validate}. Each layer's output shape is inferred as it is read; after
 * a layer whose shape cannot be inferred the shape is unknown, so one mistake gives one error.
 */
package dev.topiary.processor.read;
