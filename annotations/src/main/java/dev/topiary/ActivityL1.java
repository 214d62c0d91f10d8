package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * L1 regularization of a layer's output, Keras {@code activity_regularizer=l1(value)}: adds
 * {@code value * sum|a| / batch} to the loss (Keras divides activity penalties by the batch size),
 * pushing activations to exact zeros after a ReLU.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ActivityL1 {
  /** The factor; finite and non-negative. */
  double value();
}
