package dev.topiary.runtime.prune;

/**
 * The sparsity schedule of TensorFlow Model Optimization's {@code PolynomialDecay}: sparsity
 * rises from {@code initial} at {@code beginStep} to {@code target} at {@code endStep} along a
 * polynomial of degree {@code power}, and the mask is recomputed every {@code frequency} steps.
 *
 * <p>With {@code k' = min(max(k, beginStep), endStep)}:
 * <pre>
 *   s(k) = target + (initial - target) * (1 - (k' - beginStep) / (endStep - beginStep))^power
 * </pre>
 * so {@code s} is {@code initial} up to {@code beginStep} and {@code target} from {@code endStep}
 * on. A power above 1 prunes fast early, while the weights still have much redundancy (Zhu and
 * Gupta, "To prune, or not to prune", 2017). {@code initial == target} gives tfmot's
 * {@code ConstantSparsity}. Instances are immutable.
 */
public final class PolynomialDecay {
  private static final String WHERE = "PolynomialDecay";

  private final double initial;
  private final double target;
  private final long beginStep;
  private final long endStep;
  private final int frequency;
  private final double power;

  /**
   * Creates a schedule; the arguments are those of {@code @Prune}.
   *
   * @param initial sparsity at and before {@code beginStep}, in [0, 1)
   * @param target sparsity at and after {@code endStep}, in [initial, 1)
   * @param beginStep the first step that updates the mask, at least 0
   * @param endStep the last step that may update the mask, greater than {@code beginStep}
   * @param frequency steps between mask updates, at least 1
   * @param power the polynomial's exponent, a finite number greater than 0
   * @throws IllegalArgumentException if an argument is out of range; the message says what was
   *     expected and what was found
   */
  public PolynomialDecay(
      double initial, double target, long beginStep, long endStep, int frequency, double power) {
    if (!(initial >= 0 && initial < 1)) {
      throw PruneArguments.invalid(WHERE, "initial", "a number in [0, 1)", String.valueOf(initial));
    }
    if (!(target >= initial && target < 1)) {
      throw PruneArguments.invalid(
          WHERE, "target", "a number in [initial = " + initial + ", 1)", String.valueOf(target));
    }
    if (beginStep < 0) {
      throw PruneArguments.invalid(WHERE, "beginStep", "at least 0", String.valueOf(beginStep));
    }
    if (endStep <= beginStep) {
      throw PruneArguments.invalid(
          WHERE, "endStep", "greater than beginStep = " + beginStep, String.valueOf(endStep));
    }
    PruneArguments.positive(WHERE, "frequency", frequency);
    if (!(power > 0) || Double.isInfinite(power)) {
      throw PruneArguments.invalid(WHERE, "power", "a finite number > 0", String.valueOf(power));
    }
    this.initial = initial;
    this.target = target;
    this.beginStep = beginStep;
    this.endStep = endStep;
    this.frequency = frequency;
    this.power = power;
  }

  /**
   * Whether the mask is recomputed at {@code step}: {@code beginStep <= step <= endStep} and
   * {@code (step - beginStep) % frequency == 0}, as tfmot's {@code _should_update_at_step}.
   */
  public boolean updatesAt(long step) {
    return step >= beginStep && step <= endStep && (step - beginStep) % frequency == 0;
  }

  /**
   * The sparsity {@code s(step)} of the class formula, {@code step} clamped to
   * [beginStep, endStep].
   */
  public double sparsityAt(long step) {
    long clamped = Math.min(Math.max(step, beginStep), endStep);
    double progress = (double) (clamped - beginStep) / (double) (endStep - beginStep);
    return target + (initial - target) * Math.pow(1 - progress, power);
  }

  /** Sparsity at and before {@code beginStep}. */
  public double initial() {
    return initial;
  }

  /** Sparsity at and after {@code endStep}. */
  public double target() {
    return target;
  }

  /** The first step that updates the mask. */
  public long beginStep() {
    return beginStep;
  }

  /** The last step that may update the mask. */
  public long endStep() {
    return endStep;
  }

  /** Steps between mask updates. */
  public int frequency() {
    return frequency;
  }

  /** The polynomial's exponent. */
  public double power() {
    return power;
  }

  @Override
  public String toString() {
    return "PolynomialDecay[initial=" + initial + ", target=" + target + ", beginStep=" + beginStep
        + ", endStep=" + endStep + ", frequency=" + frequency + ", power=" + power + "]";
  }
}
