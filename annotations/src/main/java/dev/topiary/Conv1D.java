package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A 1D convolution over a {@code steps x channels} input ({@code @Model(input = {steps,
 * channels})}), Keras {@code Conv1D}: kernel layout {@code [k][cin][filters]}, Glorot-uniform
 * kernel, zero bias. {@code @L1} and {@code @Prune} act on its kernel, seen as {@code k*cin} rows
 * by {@code filters} columns. The layer method returns {@code Layer}.
 *
 * <pre>{@code @Conv1D(filters = 16, kernel = 5, activation = Activation.RELU)
 * Layer conv();}</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Conv1D {
  /** Number of output channels (filters); must be positive. */
  int filters();

  /** Kernel length along the steps; positive. */
  int kernel();

  /** Stride along the steps; default 1. */
  int strides() default 1;

  /** Padding; default {@link Padding#VALID}. */
  Padding padding() default Padding.VALID;

  /** Activation fused after the bias; default {@link Activation#LINEAR}. */
  Activation activation() default Activation.LINEAR;

  /** Whether the layer adds a per-filter bias; default {@code true}. */
  boolean useBias() default true;
}
