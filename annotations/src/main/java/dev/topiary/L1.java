package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * L1 regularization of a layer's kernel, Keras {@code kernel_regularizer=l1(value)}: adds
 * {@code value * sum|w|} to the loss of every batch (its gradient is {@code value * sign(w)}).
 * Biases are not regularized. Only on layers with a kernel ({@link Conv2D}, {@link Dense},
 * {@link DepthwiseConv2D}, {@link Conv1D}, {@link SeparableConv2D}, whose two kernels it
 * penalizes with the one factor).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface L1 {
  /** The regularization factor lambda; finite and non-negative (Keras default 0.01). */
  double value() default 0.01;

  /**
   * Proximal mode: instead of adding {@code lambda * sign(w)} to the gradient, soft-threshold the
   * kernel after every optimizer step, {@code w <- sign(w) * max(|w| - t, 0)} with {@code t} the
   * step's size for that weight times lambda (proximal gradient descent). Unlike the default
   * (Keras) mode, which makes weights jitter around zero, it produces exact zeros. Default false.
   */
  boolean proximal() default false;
}
