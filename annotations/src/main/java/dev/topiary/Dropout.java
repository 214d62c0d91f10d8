package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Inverted dropout, Keras {@code Dropout}: while training, each value is zeroed with probability
 * {@code rate} and the others are scaled by {@code 1 / (1 - rate)}, so that the expected output
 * is the input; at inference ({@code predict}, {@code evaluate}, the inference export) the layer
 * passes its input through unchanged. The masks are drawn from the network's seed and the
 * training step, so a run is reproducible. The layer method returns {@code Layer}; the output
 * has the input's shape.
 *
 * <pre>{@code @Dropout(0.2) Layer drop();}</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Dropout {
  /** The fraction of values dropped while training, in {@code [0, 1)}. */
  double value();
}
