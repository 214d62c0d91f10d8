package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Magnitude pruning of a layer's kernel during training, with TensorFlow Model Optimization's
 * {@code prune_low_magnitude} semantics and its {@code PolynomialDecay} schedule:
 * {@code s(k) = target + (initial - target) * (1 - (k - beginStep) / (endStep - beginStep))^power}.
 *
 * <p>Steps are optimizer steps counted from 1. The mask is recomputed at the steps {@code k} with
 * {@code beginStep <= k <= endStep} and {@code (k - beginStep) % frequency == 0}; between them and
 * after {@code endStep} the last mask holds. Masked weights are zeroed before every training step
 * and at the end of training. {@code initial == target} gives constant sparsity (tfmot's
 * {@code ConstantSparsity}). Only on layers with a kernel ({@link Conv2D}, {@link Dense},
 * {@link DepthwiseConv2D}, {@link Conv1D}, {@link SeparableConv2D}: each of its two kernels is
 * pruned to the schedule's sparsity on its own, the bias with the pointwise kernel); biases
 * are pruned only with {@link Structure#CHANNELS}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Prune {
  /** Sparsity at {@code beginStep}, in [0, 1). */
  double initial();

  /** Sparsity at and after {@code endStep}, in [initial, 1) ({@code final} is a Java keyword). */
  double target();

  /** The first step that updates the mask; default 0. */
  long beginStep() default 0;

  /** The last step that updates the mask; greater than {@code beginStep}. */
  long endStep();

  /** Steps between mask updates; default 100, as tfmot. */
  int frequency() default 100;

  /** The schedule's exponent; default 3, as tfmot. */
  double power() default 3;

  /** What is removed together; default {@link Structure#UNSTRUCTURED}. */
  Structure structure() default Structure.UNSTRUCTURED;

  /** With {@link Structure#N_OF_M}: the weights kept in each group; default 2. */
  int n() default 2;

  /** With {@link Structure#N_OF_M}: the group size along the input dimension; default 4. */
  int m() default 4;
}
