package dev.topiary.runtime.internal;

import dev.topiary.runtime.OptimizerState;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.TrainingRule;

/**
 * The statistics of one {@code @BatchNormalization} layer: the last training pass's batch mean,
 * variance and {@code 1 / sqrt(variance + epsilon)}, and the moving mean and variance that
 * inference uses and model files store (not trained: tensors {@code layer/moving_mean}, starting
 * at 0, and {@code layer/moving_variance}, starting at 1, as Keras).
 *
 * <p>As a training rule it moves the moving statistics towards the step's batch statistics after
 * the optimizer's update, as Keras does in its training call:
 * {@code moving = moving * momentum + batch * (1 - momentum)}, the variance the biased one the
 * layer normalised with (Keras 3). A forward pass outside a training step (a gradient check, an
 * activation report) leaves them alone. Generated code only.
 */
public final class BatchNormStatistics implements TrainingRule {
  /** The moving mean, {@code c} values. */
  public final Parameter movingMean;
  /** The moving variance, {@code c} values. */
  public final Parameter movingVariance;
  /** The last training pass's batch mean. */
  public final float[] mean;
  /** The last training pass's biased batch variance. */
  public final float[] variance;
  /** The last training pass's {@code 1 / sqrt(variance + epsilon)}. */
  public final float[] invStd;
  /** Scratch of the kernels: {@code 2 * c} doubles (sums). */
  public final double[] sums;
  /** Scratch of the inference pass: the moving statistics as a scale and a shift per channel. */
  public final float[] scale;
  /** See {@link #scale}. */
  public final float[] shift;
  private final float momentum;
  private boolean measured;

  /** @param layer the layer's name, the prefix of its tensors' names */
  public BatchNormStatistics(String layer, int channels, float momentum) {
    this.movingMean = Parameter.state(layer + "/moving_mean", channels, 0f);
    this.movingVariance = Parameter.state(layer + "/moving_variance", channels, 1f);
    this.mean = new float[channels];
    this.variance = new float[channels];
    this.invStd = new float[channels];
    this.sums = new double[2 * channels];
    this.scale = new float[channels];
    this.shift = new float[channels];
    this.momentum = momentum;
  }

  /** A training pass wrote new batch statistics. */
  public void measured() {
    measured = true;
  }

  @Override
  public void afterUpdate(OptimizerState optimizer, boolean strict) {
    if (!measured) {
      return;
    }
    float rest = 1f - momentum;
    for (int ch = 0; ch < mean.length; ch++) {
      movingMean.value[ch] = movingMean.value[ch] * momentum + mean[ch] * rest;
      movingVariance.value[ch] = movingVariance.value[ch] * momentum + variance[ch] * rest;
    }
    measured = false;
  }
}
