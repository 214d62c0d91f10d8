package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A depthwise 2D convolution over an {@code H x W x C} input, Keras {@code DepthwiseConv2D}: each
 * input channel {@code c} is convolved with its own {@code depthMultiplier} kernels, giving
 * {@code C * depthMultiplier} output channels, output channel {@code c * depthMultiplier + m}.
 * Kernel layout {@code [kh][kw][C][depthMultiplier]} (Keras's {@code depthwise_kernel}),
 * Glorot-uniform with Keras's fans ({@code fan_in = kh*kw*C}, {@code fan_out =
 * kh*kw*depthMultiplier}), zero bias of {@code C * depthMultiplier} values. {@code @L1} and
 * {@code @Prune} act on the depthwise kernel, seen as {@code kh*kw} rows by
 * {@code C * depthMultiplier} columns (so {@code Structure.CHANNELS} removes output channels). The
 * layer method returns {@code Layer}.
 *
 * <pre>{@code @DepthwiseConv2D(kernel = {3, 3}, padding = Padding.SAME, activation = Activation.RELU)
 * Layer dw();}</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface DepthwiseConv2D {
  /** Kernel size {@code {height, width}}; both positive. */
  int[] kernel();

  /** Output channels per input channel; default 1; must be positive. */
  int depthMultiplier() default 1;

  /** Strides {@code {vertical, horizontal}}; default {@code {1, 1}}. */
  int[] strides() default {1, 1};

  /** Padding; default {@link Padding#VALID}. */
  Padding padding() default Padding.VALID;

  /** Activation fused after the bias; default {@link Activation#LINEAR}. */
  Activation activation() default Activation.LINEAR;

  /** Whether the layer adds a bias per output channel; default {@code true}. */
  boolean useBias() default true;
}
