package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Max pooling over windows of an {@code H x W x C} input, per channel, Keras {@code MaxPooling2D}.
 * The layer method returns {@code Layer}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface MaxPooling2D {
  /** Pool size {@code {height, width}}; both positive. */
  int[] value();

  /** Strides {@code {vertical, horizontal}}; empty (the default) means the pool size, as in Keras. */
  int[] strides() default {};

  /** Padding; default {@link Padding#VALID}. */
  Padding padding() default Padding.VALID;
}
