package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a sequential neural network: the annotated interface's abstract methods are its layers,
 * in declaration order, and the processor generates {@code Topiary<InterfaceName>} beside it.
 *
 * <pre>{@code
 * @Model(input = {28, 28, 1})
 * public interface SeedCnn extends Network { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Model {
  /**
   * The shape of one example, without the batch dimension: {@code {height, width, channels}}
   * (channels last, as in Keras) for images, {@code {steps, channels}} for sequences (the 1D
   * layers), or {@code {features}} for flat vectors.
   */
  int[] input();

  /** The training loss; the default is sparse categorical cross-entropy over a SOFTMAX output. */
  Loss loss() default Loss.SPARSE_CATEGORICAL_CROSSENTROPY;
}
