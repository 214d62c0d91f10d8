package dev.topiary.runtime.optim;

import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.kernels.WorkerPool;

/**
 * Adam (Kingma and Ba, 2015) in the form of Keras's {@code keras.optimizers.Adam}: bias correction
 * folded into the step size and epsilon added to {@code sqrt(v)}, not to the corrected
 * {@code sqrt(v_hat)}.
 *
 * <p>At step {@code t} (1-based), for each weight {@code w} with gradient {@code g}:
 * <pre>
 * m    = beta1 * m + (1 - beta1) * g
 * v    = beta2 * v + (1 - beta2) * g * g
 * lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 * w   -= lr_t * m / (sqrt(v) + epsilon)
 * </pre>
 * The moments {@code m} and {@code v} are two arrays per parameter, allocated at the first step.
 * The update is elementwise, so on a {@link WorkerPool} bound to the calling thread it is split
 * into fixed slices of the parameters, with the same result as on one thread.
 */
public class Adam extends SlotOptimizer {
  /** Keras's default learning rate, 0.001. */
  public static final double DEFAULT_LEARNING_RATE = 1e-3;
  /** Keras's default decay of the first moment, 0.9. */
  public static final double DEFAULT_BETA1 = 0.9;
  /** Keras's default decay of the second moment, 0.999. */
  public static final double DEFAULT_BETA2 = 0.999;
  /** Keras's default epsilon, 1e-7 (the paper's is 1e-8). */
  public static final double DEFAULT_EPSILON = 1e-7;

  private static final int FIRST_MOMENT = 0;
  private static final int SECOND_MOMENT = 1;

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final float beta1f;
  private final float beta2f;
  private final float epsilonf;
  private float lastStepSize;
  /** AdamW's decoupled weight decay; 0 for Adam. */
  private final double weightDecay;
  private final Slices slices = new Slices();

  /** Adam with Keras's defaults: learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
  public Adam() {
    this(DEFAULT_LEARNING_RATE);
  }

  /**
   * Adam with Keras's default betas and epsilon.
   *
   * @param learningRate a finite number &gt; 0
   * @throws IllegalArgumentException if {@code learningRate} is not a finite number &gt; 0
   */
  public Adam(double learningRate) {
    this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
  }

  /**
   * Adam with every hyperparameter given.
   *
   * @param learningRate a finite number &gt; 0
   * @param beta1 the decay of the first moment, in [0, 1)
   * @param beta2 the decay of the second moment, in [0, 1)
   * @param epsilon a finite number &gt; 0 added to {@code sqrt(v)}
   * @throws IllegalArgumentException if an argument is out of its range
   */
  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    this(fixed("Adam", learningRate), beta1, beta2, epsilon);
    constantRate();
  }

  /** Adam with Keras's default betas and epsilon and a learning rate {@code schedule}. */
  public Adam(LearningRateSchedule schedule) {
    this(schedule, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
  }

  /**
   * Adam with a learning rate schedule and every other hyperparameter given.
   *
   * @throws IllegalArgumentException if an argument is out of its range or null
   */
  public Adam(LearningRateSchedule schedule, double beta1, double beta2, double epsilon) {
    this("Adam", schedule, beta1, beta2, epsilon, 0);
  }

  /** For {@link AdamW}: {@code weightDecay} already checked. */
  Adam(String name, LearningRateSchedule schedule, double beta1, double beta2, double epsilon,
      double weightDecay) {
    super(name, schedule, 2);
    this.weightDecay = weightDecay;
    this.beta1 = Hyperparameters.decay("Adam", "beta1", beta1);
    this.beta2 = Hyperparameters.decay("Adam", "beta2", beta2);
    this.epsilon = Hyperparameters.epsilon("Adam", epsilon);
    this.beta1f = (float) beta1;
    this.beta2f = (float) beta2;
    this.epsilonf = (float) epsilon;
  }

  /** The decay of the first moment. */
  public double beta1() {
    return beta1;
  }

  /** The decay of the second moment. */
  public double beta2() {
    return beta2;
  }

  /** The term added to {@code sqrt(v)} that keeps the step finite where gradients vanish. */
  public double epsilon() {
    return epsilon;
  }

  @Override
  void apply(Parameter[] params, int iteration) {
    // The bias correction once per step, in double: in the first steps 1 - beta2^t subtracts
    // nearly equal numbers, which would cost float about three of its seven digits.
    double correction =
        Math.sqrt(1 - Math.pow(beta2, iteration)) / (1 - Math.pow(beta1, iteration));
    if (weightDecay > 0) {
      decay(params, (float) (weightDecay * learningRateExact()));
    }
    float stepSize = (float) (learningRateExact() * correction);
    lastStepSize = stepSize;
    float[][] m = slot(FIRST_MOMENT);
    float[][] v = slot(SECOND_MOMENT);
    int chunks = WorkerPool.threadsHere() == 1 ? 1 : slices.count(params);
    if (chunks <= 1) {
      for (int p = 0; p < params.length; p++) {
        update(params[p].value, params[p].grad, m[p], v[p], stepSize, 0, params[p].size());
      }
      return;
    }
    slices.set(params, m, v, stepSize);
    try {
      WorkerPool.run(slices, chunks);
    } finally {
      slices.clear();
    }
  }

  /** Keras's decoupled weight decay, before the update: {@code w -= w * weightDecay * lr}. */
  private static void decay(Parameter[] params, float factor) {
    for (Parameter p : params) {
      float[] w = p.value;
      for (int i = 0; i < w.length; i++) {
        w[i] -= w[i] * factor;
      }
    }
  }

  private void update(float[] w, float[] g, float[] m, float[] v, float stepSize, int from,
      int to) {
    float b1 = beta1f;
    float b2 = beta2f;
    float oneMinusB1 = 1 - b1;
    float oneMinusB2 = 1 - b2;
    float eps = epsilonf;
    for (int i = from; i < to; i++) {
      float gi = g[i];
      float mi = b1 * m[i] + oneMinusB1 * gi;
      float vi = b2 * v[i] + oneMinusB2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      w[i] -= stepSize * mi / ((float) Math.sqrt(vi) + eps);
    }
  }

  @Override
  void softThreshold(int index, float[] w, float lambda) {
    if (iterations() == 0) {
      return;
    }
    float[] v = slot(SECOND_MOMENT)[index];
    float scaled = lastStepSize * lambda;
    for (int i = 0; i < w.length; i++) {
      w[i] = shrink(w[i], scaled / ((float) Math.sqrt(v[i]) + epsilonf));
    }
  }

  /** The update cut into slices of at most {@link #SLICE} weights of one parameter each. */
  private final class Slices implements WorkerPool.Chunks {
    /** Weights per slice: large enough that a slice outweighs handing it to a thread. */
    static final int SLICE = 1 << 15;

    private Parameter[] params;
    private float[][] m;
    private float[][] v;
    private float stepSize;
    private Parameter[] counted;
    private int count;
    /** Slice {@code s}: parameter {@code sliceParam[s]}, from {@code sliceFrom[s]}. */
    private int[] sliceParam = new int[0];
    private int[] sliceFrom = new int[0];

    /** The number of slices of {@code params}; computed once per parameter list. */
    int count(Parameter[] params) {
      if (params != counted) {
        int total = 0;
        for (Parameter p : params) {
          total += (p.size() + SLICE - 1) / SLICE;
        }
        sliceParam = new int[total];
        sliceFrom = new int[total];
        int s = 0;
        for (int p = 0; p < params.length; p++) {
          for (int from = 0; from < params[p].size(); from += SLICE) {
            sliceParam[s] = p;
            sliceFrom[s++] = from;
          }
        }
        count = Math.min(total, WorkerPool.MAX_CHUNKS);
        counted = params;
      }
      return count == sliceParam.length ? count : 1;
    }

    void set(Parameter[] params, float[][] m, float[][] v, float stepSize) {
      this.params = params;
      this.m = m;
      this.v = v;
      this.stepSize = stepSize;
    }

    void clear() {
      params = null;
      m = v = null;
    }

    @Override
    public void run(int slice) {
      int p = sliceParam[slice];
      int from = sliceFrom[slice];
      int to = Math.min(params[p].size(), from + SLICE);
      update(params[p].value, params[p].grad, m[p], v[p], stepSize, from, to);
    }
  }
}
