package dev.topiary.runtime.prune;

import dev.topiary.runtime.OptimizerState;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.TrainingRule;
import dev.topiary.Structure;

/**
 * The pruning state of one {@code @Prune} layer: its schedule and structure, and its mask
 * (implied by the kernel's zeros in model files). The trainer calls {@link #beforeStep} before
 * every training step, as tfmot's pruning wrapper updates (at scheduled steps) and applies the
 * mask before each forward pass. Steps count from 1 over the network object's life, across
 * {@code fit} calls, like tfmot's {@code optimizer.iterations} within one run.
 */
public final class KernelPruning implements TrainingRule {
  private final String layer;
  private final Parameter kernel;
  private final Parameter bias;
  private final int rows;
  private final int cols;
  private final PolynomialDecay schedule;
  private final Structure structure;
  private final int n;
  private final int m;
  private final float[] mask;
  private final float[] biasMask;
  private double sparsityFloor;
  private long step;

  /**
   * @param kernel the layer's kernel, {@code rows x cols} (inputs x output channels)
   * @param bias the layer's bias, or null; pruned only with {@link Structure#CHANNELS}
   * @param n with {@link Structure#N_OF_M}, weights kept per group of {@code m}
   */
  public KernelPruning(String layer, Parameter kernel, Parameter bias, int rows, int cols,
      PolynomialDecay schedule, Structure structure, int n, int m) {
    this.layer = layer;
    this.kernel = kernel;
    this.bias = bias;
    this.rows = rows;
    this.cols = cols;
    this.schedule = schedule;
    this.structure = structure;
    this.n = n;
    this.m = m;
    this.mask = ones(kernel.size());
    this.biasMask = structure == Structure.CHANNELS && bias != null ? ones(bias.size()) : null;
  }

  private static float[] ones(int n) {
    float[] v = new float[n];
    java.util.Arrays.fill(v, 1f);
    return v;
  }

  /** The layer's name. */
  public String layer() {
    return layer;
  }

  /** The schedule. */
  public PolynomialDecay schedule() {
    return schedule;
  }

  /** The structure. */
  public Structure structure() {
    return structure;
  }

  /** The kernel this pruning masks. */
  public Parameter kernel() {
    return kernel;
  }

  /**
   * Restores the mask from a loaded kernel: model files do not store masks, because a trained,
   * pruned kernel holds exact zeros where its mask is 0. Under CHANNELS a bias is masked with its
   * channel's all-zero kernel column.
   */
  @Override
  public void weightsLoaded() {
    float[] w = kernel.value;
    long zeros = 0;
    for (float v : w) {
      zeros += v == 0f ? 1 : 0;
    }
    // A loaded network trained again starts its schedule anew; its masks never get less sparse.
    sparsityFloor = structure == Structure.UNSTRUCTURED ? (double) zeros / w.length : 0;
    for (int i = 0; i < w.length; i++) {
      mask[i] = w[i] == 0f ? 0f : 1f;
    }
    if (biasMask != null) {
      int removed = 0;
      for (int c = 0; c < cols; c++) {
        boolean zero = true;
        for (int r = 0; r < rows && zero; r++) {
          zero = w[r * cols + c] == 0f;
        }
        biasMask[c] = zero ? 0f : 1f;
        removed += zero ? 1 : 0;
      }
      sparsityFloor = (double) removed / cols;
    }
  }

  /**
   * The next step (counted from 1) is about to run: recomputes the mask if the schedule updates at
   * that step, then zeroes the masked weights.
   */
  @Override
  public void beforeStep() {
    step++;
    if (schedule.updatesAt(step)) {
      updateMask(schedule.sparsityAt(step));
    }
    apply();
  }

  /**
   * Recomputes the mask from the kernel's current magnitudes for {@code sparsity} (at least the
   * sparsity restored from a model file).
   */
  public void updateMask(double scheduled) {
    double sparsity = Math.max(scheduled, sparsityFloor);
    switch (structure) {
      case UNSTRUCTURED:
        Masks.unstructured(kernel.value, sparsity, mask);
        break;
      case CHANNELS:
        Masks.channels(kernel.value, rows, cols, sparsity, mask, biasMask);
        break;
      case N_OF_M:
        Masks.nOfM(kernel.value, rows, cols, n, m, mask);
        break;
      default:
        throw new IllegalStateException("unknown structure " + structure);
    }
  }

  /** Zeroes the masked weights (and masked biases under CHANNELS). */
  public void apply() {
    Masks.apply(kernel.value, mask);
    if (biasMask != null) {
      Masks.apply(bias.value, biasMask);
    }
  }

  /** The number of steps this pruning has seen, over the network object's life. */
  public long steps() {
    return step;
  }

  /**
   * The sparsity below which no mask update goes: that of the kernel a model file gave (0 when
   * none was loaded). Part of a training checkpoint.
   */
  public double sparsityFloor() {
    return sparsityFloor;
  }

  /**
   * Takes the state a training checkpoint saved ({@link #steps()}, {@link #sparsityFloor()} and
   * the masks), so that the next {@link #beforeStep} continues the saved run's schedule. Checks
   * everything before it changes anything.
   *
   * @param biasMask the bias mask, or null when biases are not pruned (as {@link #biasMask()})
   * @throws IllegalArgumentException if a value is out of range or a mask does not fit the layer
   */
  public void restore(long steps, double floor, float[] kernelMask, float[] biasMask) {
    String where = "KernelPruning.restore (layer " + layer + "): ";
    if (steps < 0 || !(floor >= 0 && floor <= 1)) {
      throw new IllegalArgumentException(where + "expected steps >= 0 and a sparsity floor in "
          + "[0, 1], found " + steps + " and " + floor);
    }
    checkMask(where + "kernel mask", kernelMask, mask.length);
    if ((biasMask == null) != (this.biasMask == null)) {
      throw new IllegalArgumentException(where + "expected " + (this.biasMask == null
          ? "no bias mask" : "a bias mask") + ", found " + (biasMask == null ? "none" : "one"));
    }
    if (biasMask != null) {
      checkMask(where + "bias mask", biasMask, this.biasMask.length);
    }
    System.arraycopy(kernelMask, 0, mask, 0, mask.length);
    if (biasMask != null) {
      System.arraycopy(biasMask, 0, this.biasMask, 0, biasMask.length);
    }
    this.step = steps;
    this.sparsityFloor = floor;
  }

  private static void checkMask(String what, float[] values, int length) {
    if (values == null || values.length != length) {
      throw new IllegalArgumentException(what + ": expected " + length + " values, found "
          + (values == null ? "none" : Integer.toString(values.length)));
    }
    for (int i = 0; i < values.length; i++) {
      if (Float.floatToRawIntBits(values[i]) != 0 && values[i] != 1f) {
        throw new IllegalArgumentException(what + ": expected only 0 and 1, found " + values[i]
            + " at " + i);
      }
    }
  }

  /** The strict variant: zeroes the gradients of masked weights. */
  @Override
  public void maskGradients() {
    Masks.apply(kernel.grad, mask);
    if (biasMask != null) {
      Masks.apply(bias.grad, biasMask);
    }
  }

  /**
   * The strict variant: the pruned weights' optimizer state (moments, momentum) becomes 0 and the
   * masked weights are zeroed again.
   */
  @Override
  public void afterUpdate(OptimizerState optimizer, boolean strict) {
    if (strict) {
      optimizer.maskState(kernel, mask);
      if (biasMask != null) {
        optimizer.maskState(bias, biasMask);
      }
      apply();
    }
  }

  /** At the end of training every masked weight is zero (tfmot's strip_pruning). */
  @Override
  public void finishTraining() {
    apply();
  }

  /** The kernel mask's values (1 kept, 0 pruned); for the strict variant's optimizer state. */
  public float[] kernelMask() {
    return mask;
  }

  /** The bias mask's values, or null when biases are not pruned. */
  public float[] biasMask() {
    return biasMask;
  }

  /** The bias this pruning masks under CHANNELS, or null. */
  public Parameter bias() {
    return biasMask == null ? null : bias;
  }
}
