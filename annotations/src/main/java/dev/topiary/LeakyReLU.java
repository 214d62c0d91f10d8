package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A standalone LeakyReLU layer, Keras {@code LeakyReLU}: {@code a = x} for
 * {@code x > 0}, else {@code alpha * x}. The layer method returns {@code Layer}; the output has the input's shape.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface LeakyReLU {
  /** The slope for negative inputs; default 0.3, as Keras. */
  double alpha() default 0.3;
}
