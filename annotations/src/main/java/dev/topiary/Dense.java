package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected layer over a flat input, Keras {@code Dense}: {@code a = act(x W + b)} with
 * kernel layout {@code [in][out]}, Glorot-uniform kernel, zero bias. The layer method returns
 * {@code DenseLayer}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Dense {
  /** Number of output units; must be positive. */
  int units();

  /** Activation fused after the bias; default {@link Activation#LINEAR}. */
  Activation activation() default Activation.LINEAR;

  /** Whether the layer adds a per-unit bias; default {@code true}. */
  boolean useBias() default true;
}
