package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Pooling over windows of a {@code steps x channels} input, per channel, Keras {@code MaxPooling1D}:
 * the largest value of each window. The layer method returns {@code Layer}.
 *
 * <pre>{@code @MaxPooling1D(2)
 * Layer pool();}</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface MaxPooling1D {
  /** Pool size along the steps; positive. */
  int value();

  /** Stride; 0 (the default) means the pool size, as in Keras. */
  int strides() default 0;

  /** Padding; default {@link Padding#VALID}. */
  Padding padding() default Padding.VALID;
}
