package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Batch normalization over the last axis (the channels of an {@code H x W x C} input, the
 * features of a vector), Keras {@code BatchNormalization}:
 * {@code y = gamma * (x - mean) / sqrt(variance + epsilon) + beta}. While training, mean and
 * variance are the batch's (the biased variance, as Keras), and after each step the moving
 * statistics move towards them: {@code moving = moving * momentum + batch * (1 - momentum)}; at
 * inference ({@code predict}, {@code evaluate}) the moving statistics are used. {@code gamma}
 * (when {@code scale}) and {@code beta} (when {@code center}) are trained; the moving mean and
 * variance are not, and are saved with the model. The inference export folds the layer into a
 * directly preceding Conv2D or Dense without activation. The layer method returns {@code Layer}.
 *
 * <pre>{@code @BatchNormalization Layer bn();}</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface BatchNormalization {
  /** The moving statistics' momentum, in {@code [0, 1)}; default 0.99, as Keras. */
  double momentum() default 0.99;

  /** Added to the variance before its square root; positive; default 1e-3, as Keras. */
  double epsilon() default 1e-3;

  /** Whether to add the trained offset {@code beta}; default {@code true}. */
  boolean center() default true;

  /** Whether to multiply by the trained scale {@code gamma}; default {@code true}. */
  boolean scale() default true;
}
