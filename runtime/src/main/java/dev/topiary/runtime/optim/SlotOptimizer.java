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
    // 0 is a schedule's rate at the start of a warm-up from 0 (Keras's too): a step that moves
    // nothing but counts, so the moments and the schedule go on
    if (!(stepRate >= 0) || Double.isInfinite(stepRate)) {
      throw new IllegalStateException(name + ": the schedule " + schedule + " gave the rate "
          + stepRate + " at step " + iterations + "; expected a finite number >= 0");
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

  @Override
  public final OptimizerSnapshot snapshot() {
    float[][][] copy = new float[slots == null ? 0 : slotKinds][][];
    for (int kind = 0; kind < copy.length; kind++) {
      copy[kind] = new float[slots[kind].length][];
      for (int p = 0; p < copy[kind].length; p++) {
        copy[kind][p] = slots[kind][p].clone();
      }
    }
    return new OptimizerSnapshot(name, iterations, schedule.rateAt(iterations), constantRate,
        copy);
  }

  @Override
  public final void restore(OptimizerSnapshot state, Parameter[] params) {
    checkRestore(state, params);
    if (state.iterations() > 0) {
      bind(params);
      for (int kind = 0; kind < slotKinds; kind++) {
        for (int p = 0; p < params.length; p++) {
          System.arraycopy(state.slots()[kind][p], 0, slots[kind][p], 0, params[p].size());
        }
      }
    }
    iterations = state.iterations();
    if (constantRate) {
      schedule = fixed(name, state.learningRate());
    }
  }

  /** Everything {@link #restore} needs, checked before it changes anything. */
  private void checkRestore(OptimizerSnapshot state, Parameter[] params) {
    String where = name + ".restore: ";
    if (state == null || params == null) {
      throw new IllegalArgumentException(where + "expected a snapshot and parameters, found null");
    }
    if (!state.name().equals(name)) {
      throw new IllegalArgumentException(where + "expected the state of " + name + ", found "
          + "that of " + state.name() + "; resume with the optimizer the run was saved with");
    }
    if (state.fixedRate() != constantRate) {
      throw new IllegalArgumentException(where + "expected the state of " + name + " with "
          + (constantRate ? "a fixed learning rate" : "a learning rate schedule") + ", found one "
          + "with " + (state.fixedRate() ? "a fixed learning rate" : "a schedule"));
    }
    if (!constantRate) {
      double rate = schedule.rateAt(state.iterations());
      if (Double.doubleToLongBits(rate) != Double.doubleToLongBits(state.learningRate())) {
        throw new IllegalArgumentException(where + "the saved run's schedule gives the rate "
            + state.learningRate() + " at step " + state.iterations() + ", this optimizer's "
            + schedule + " gives " + rate + "; resume with the schedule the run was saved with");
      }
    } else {
      Hyperparameters.learningRate(name, state.learningRate());
    }
    float[][][] saved = state.slots();
    int kinds = state.iterations() == 0 ? 0 : slotKinds;
    if (saved.length != kinds) {
      throw new IllegalArgumentException(where + "expected " + kinds + " kinds of per-weight "
          + "state after " + state.iterations() + " steps, found " + saved.length
          + "; resume with the optimizer settings (e.g. momentum) the run was saved with");
    }
    for (float[][] kind : saved) {
      if (kind.length != params.length) {
        throw new IllegalArgumentException(where + "expected state for " + params.length
            + " parameters, found " + kind.length);
      }
      for (int p = 0; p < params.length; p++) {
        if (kind[p] == null || kind[p].length != params[p].size()) {
          throw new IllegalArgumentException(where + "parameter " + params[p].name + " expected "
              + params[p].size() + " state values, found "
              + (kind[p] == null ? "none" : Integer.toString(kind[p].length)));
        }
      }
    }
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
