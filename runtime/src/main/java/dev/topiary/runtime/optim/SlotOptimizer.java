package dev.topiary.runtime.optim;

import dev.topiary.runtime.OptimizerState;
import dev.topiary.runtime.Parameter;

/**
 * The common part of the built-in optimizers: binding to one parameter list, per-parameter state
 * ("slots", as TensorFlow calls an optimizer's per-variable tensors) and the step counter.
 */
abstract class SlotOptimizer implements Optimizer {
  private final String name;
  private LearningRateSchedule schedule;
  /** Whether {@link #schedule} is a fixed rate, which {@link #setLearningRate} may replace. */
  private boolean constantRate;
  /** The rate of the step being (or last) applied. */
  private double stepRate;
  private double clipNorm = Double.NaN;
  private double clipValue = Double.NaN;
  private final int slotKinds;
  private int iterations;
  /** The parameter sizes seen at the first step; null until then. */
  private int[] boundSizes;
  /** The parameters of the first step, for {@link OptimizerState}'s look-ups by identity. */
  private Parameter[] bound;
  /** {@code [slot kind][parameter index][value index]}, allocated at the first step. */
  private float[][][] slots;

  /**
   * @param name the optimizer's name for messages, e.g. {@code "Adam"}
   * @param schedule the learning rate at each step; null is refused with a message
   * @param slotKinds the number of state arrays per parameter (Adam 2, SGD with momentum 1)
   */
  SlotOptimizer(String name, LearningRateSchedule schedule, int slotKinds) {
    if (schedule == null) {
      throw new IllegalArgumentException(name + ": expected a learning rate schedule, found null");
    }
    this.name = name;
    this.schedule = schedule;
    this.slotKinds = slotKinds;
    this.stepRate = schedule.rateAt(0);
  }

  /** A fixed rate, checked. */
  static LearningRateSchedule fixed(String name, double learningRate) {
    return LearningRateSchedule.constant(Hyperparameters.learningRate(name, learningRate));
  }

  /** Marks the schedule as a fixed rate given by the user (constructors with a double). */
  final void constantRate() {
    this.constantRate = true;
  }

  @Override
  public final void step(Parameter[] params) {
    if (params == null) {
      throw new NullPointerException(name + ".step: params is null");
    }
    if (boundSizes == null) {
      bind(params);
    } else {
      checkSameParameters(params);
    }
    stepRate = schedule.rateAt(iterations);
    if (!(stepRate > 0) || Double.isInfinite(stepRate)) {
      throw new IllegalStateException(name + ": the schedule " + schedule + " gave the rate "
          + stepRate + " at step " + iterations + "; expected a finite number > 0");
    }
    iterations++;
    clip(params);
    apply(params, iterations);
  }

  /**
   * Keras's {@code clipnorm}: before each update, every parameter's gradient whose L2 norm
   * exceeds {@code maxNorm} is scaled down to that norm (each parameter on its own). Clips the
   * gradient arrays in place.
   *
   * @throws IllegalArgumentException unless {@code maxNorm} is a finite number &gt; 0
   * @throws IllegalStateException if clipping by value is set (Keras allows one kind)
   */
  public final SlotOptimizer clipNorm(double maxNorm) {
    if (!Double.isNaN(clipValue)) {
      throw new IllegalStateException(name + ": clipping by value is set; Keras allows one kind");
    }
    this.clipNorm = Hyperparameters.epsilon(name + " clipNorm", maxNorm);
    return this;
  }

  /**
   * Keras's {@code clipvalue}: before each update, every gradient value is clipped to
   * {@code [-maxValue, maxValue]}, in place.
   *
   * @throws IllegalArgumentException unless {@code maxValue} is a finite number &gt; 0
   * @throws IllegalStateException if clipping by norm is set (Keras allows one kind)
   */
  public final SlotOptimizer clipValue(double maxValue) {
    if (!Double.isNaN(clipNorm)) {
      throw new IllegalStateException(name + ": clipping by norm is set; Keras allows one kind");
    }
    this.clipValue = Hyperparameters.epsilon(name + " clipValue", maxValue);
    return this;
  }

  private void clip(Parameter[] params) {
    if (!Double.isNaN(clipNorm)) {
      for (Parameter p : params) {
        double sum = 0;
        for (float g : p.grad) {
          sum += (double) g * g;
        }
        double norm = Math.sqrt(sum);
        if (norm > clipNorm) {
          float scale = (float) (clipNorm / norm);
          for (int i = 0; i < p.grad.length; i++) {
            p.grad[i] *= scale;
          }
        }
      }
    } else if (!Double.isNaN(clipValue)) {
      float c = (float) clipValue;
      for (Parameter p : params) {
        for (int i = 0; i < p.grad.length; i++) {
          p.grad[i] = Math.max(-c, Math.min(c, p.grad[i]));
        }
      }
    }
  }

  @Override
  public final int iterations() {
    return iterations;
  }

  @Override
  public final float learningRate() {
    return (float) schedule.rateAt(iterations);
  }

  @Override
  public final LearningRateSchedule schedule() {
    return schedule;
  }

  @Override
  public final void setLearningRate(double rate) {
    if (!constantRate) {
      throw new IllegalStateException(name + ": expected a fixed learning rate to change, found "
          + "the schedule " + schedule + "; a schedule sets the rate at every step");
    }
    schedule = fixed(name, rate);
  }

  /** The rate of the step being applied (or, after it, of the last step), in double precision. */
  final double learningRateExact() {
    return stepRate;
  }

  /** Slot {@code kind}: one array per parameter, the same arrays at every step. */
  final float[][] slot(int kind) {
    return slots[kind];
  }

  /** All state arrays, {@code [kind][parameter][value]}; null before the first step. For tests. */
  final float[][][] slots() {
    return slots;
  }

  /**
   * Updates every parameter in place.
   *
   * @param params the bound parameter list
   * @param iteration the 1-based number of this step (Keras's {@code iterations + 1})
   */
  abstract void apply(Parameter[] params, int iteration);

  @Override
  public final void maskState(Parameter parameter, float[] mask) {
    if (slots == null) {
      return;
    }
    int index = indexOf(parameter);
    for (float[][] kind : slots) {
      float[] state = kind[index];
      for (int i = 0; i < state.length; i++) {
        state[i] = mask[i] == 0f ? 0f : state[i];
      }
    }
  }

  @Override
  public final void softThreshold(Parameter parameter, float lambda) {
    softThreshold(bound == null ? -1 : indexOf(parameter), parameter.value, lambda);
  }

  /**
   * Soft-thresholds {@code w}, the values of bound parameter {@code index} (-1 before the first
   * step), by {@code lambda} times the last step's per-weight size.
   */
  abstract void softThreshold(int index, float[] w, float lambda);

  private int indexOf(Parameter parameter) {
    for (int i = 0; i < bound.length; i++) {
      if (bound[i] == parameter) {
        return i;
      }
    }
    throw new IllegalArgumentException(name + ": expected one of the " + bound.length
        + " parameters of the network it steps, found " + parameter.name);
  }

  /** Soft-thresholds {@code w[i]} by {@code t}: shrinks its magnitude by t, stopping at exactly 0. */
  static float shrink(float w, float t) {
    float a = Math.abs(w) - t;
    return a > 0f ? Math.copySign(a, w) : 0f;
  }

  private void bind(Parameter[] params) {
    int[] sizes = new int[params.length];
    for (int p = 0; p < params.length; p++) {
      if (params[p] == null) {
        throw new NullPointerException(name + ".step: params[" + p + "] is null");
      }
      sizes[p] = params[p].size();
    }
    float[][][] state = new float[slotKinds][params.length][];
    for (int kind = 0; kind < slotKinds; kind++) {
      for (int p = 0; p < params.length; p++) {
        state[kind][p] = new float[sizes[p]];
      }
    }
    slots = state;
    boundSizes = sizes;
    bound = params.clone();
  }

  private void checkSameParameters(Parameter[] params) {
    if (params.length != boundSizes.length) {
      throw new IllegalStateException(name + ".step: expected the " + boundSizes.length
          + " parameters of the first step, found " + params.length
          + "; an optimizer keeps state for one network, create another for another network");
    }
    for (int p = 0; p < params.length; p++) {
      int size = params[p].size();
      if (size != boundSizes[p]) {
        throw new IllegalStateException(name + ".step: parameter " + p + " (" + params[p].name
            + ") expected " + boundSizes[p] + " values as at the first step, found " + size
            + "; an optimizer keeps state for one network, create another for another network");
      }
    }
  }
}
