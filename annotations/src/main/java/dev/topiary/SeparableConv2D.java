package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A depthwise-separable 2D convolution over an {@code H x W x C} input, Keras
 * {@code SeparableConv2D}: a depthwise convolution ({@link DepthwiseConv2D}'s, kernel
 * {@code [kh][kw][C][depthMultiplier]}, no bias, no activation), then a pointwise 1x1
 * convolution of {@code C * depthMultiplier} to {@code filters} channels (kernel
 * {@code [C * depthMultiplier][filters]}), one bias of {@code filters} values and the activation
 * at the end. Parameters, as Keras counts them: {@code kh*kw*C*depthMultiplier +
 * C*depthMultiplier*filters + filters}. Both kernels are Glorot-uniform with Keras's fans.
 *
 * <p>{@code @L1} penalizes both kernels with its one factor; {@code @Prune} prunes both with its
 * one schedule, each kernel ranked on its own (a rule per kernel, so the small depthwise kernel
 * keeps its share of weights). {@code Structure.CHANNELS} removes pointwise output channels (with
 * their bias) and depthwise output channels. The layer method returns {@code Layer}.
 *
 * <pre>{@code @SeparableConv2D(filters = 32, kernel = {3, 3}, padding = Padding.SAME,
 *     activation = Activation.RELU)
 * Layer block1();}</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface SeparableConv2D {
  /** Output channels of the pointwise convolution; must be positive. */
  int filters();

  /** The depthwise kernel's size {@code {height, width}}; both positive. */
  int[] kernel();

  /** Depthwise output channels per input channel; default 1; must be positive. */
  int depthMultiplier() default 1;

  /** Strides of the depthwise convolution {@code {vertical, horizontal}}; default {@code {1, 1}}. */
  int[] strides() default {1, 1};

  /** Padding of the depthwise convolution; default {@link Padding#VALID}. */
  Padding padding() default Padding.VALID;

  /** Activation after the pointwise convolution and bias; default {@link Activation#LINEAR}. */
  Activation activation() default Activation.LINEAR;

  /** Whether the layer adds a bias per filter after the pointwise convolution; default {@code true}. */
  boolean useBias() default true;
}
