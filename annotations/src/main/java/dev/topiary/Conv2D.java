package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A 2D convolution over an {@code H x W x C} input, Keras {@code Conv2D}: kernel layout
 * {@code [kh][kw][cin][cout]}, Glorot-uniform kernel, zero bias. The layer method returns
 * {@code Conv2DLayer}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Conv2D {
  /** Number of output channels (filters); must be positive. */
  int filters();

  /** Kernel size {@code {height, width}}; both positive. */
  int[] kernel();

  /** Strides {@code {vertical, horizontal}}; default {@code {1, 1}}. */
  int[] strides() default {1, 1};

  /** Padding; default {@link Padding#VALID}. */
  Padding padding() default Padding.VALID;

  /** Activation fused after the bias; default {@link Activation#LINEAR}. */
  Activation activation() default Activation.LINEAR;

  /** Whether the layer adds a per-filter bias; default {@code true}. */
  boolean useBias() default true;
}
