package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Average pooling over windows of an {@code H x W x C} input, per channel, Keras
 * {@code AveragePooling2D}. Under {@link Padding#SAME} a window that overlaps the padding
 * averages only the input values it covers, as Keras and TensorFlow do. The layer method returns
 * {@code Layer}.
 *
 * <pre>{@code @AveragePooling2D({2, 2}) Layer pool();}</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface AveragePooling2D {
  /** Pool size {@code {height, width}}; both positive. */
  int[] value();

  /** Strides {@code {vertical, horizontal}}; empty (the default) means the pool size, as in Keras. */
  int[] strides() default {};

  /** Padding; default {@link Padding#VALID}. */
  Padding padding() default Padding.VALID;
}
