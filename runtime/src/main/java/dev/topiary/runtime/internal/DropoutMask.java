package dev.topiary.runtime.internal;

import dev.topiary.runtime.TrainingRule;

/**
 * The masks of one {@code @Dropout} layer (inverted dropout, as Keras): while training, each value
 * is kept with probability {@code 1 - rate} and scaled by {@code 1 / (1 - rate)}, or zeroed.
 *
 * <p>A mask is a function of the network's seed, the layer's name and the training step, which
 * this rule counts ({@link #beforeStep}): every forward pass of one step draws the same mask (so
 * a finite-difference check sees one function), each step a new one, and two runs from one seed
 * draw the same masks. Generated code only.
 */
public final class DropoutMask implements TrainingRule {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private final long seed;
  private final float rate;
  private final float scale;
  private long step;

  /**
   * @param seed the network's seed
   * @param layer the layer's name, so that two dropout layers draw different masks
   * @param rate the fraction dropped, in {@code [0, 1)}
   */
  public DropoutMask(long seed, String layer, float rate) {
    if (!(rate >= 0f && rate < 1f)) {
      throw new IllegalArgumentException(layer + ": expected a dropout rate in [0, 1), found "
          + rate);
    }
    this.seed = seed * 0x9E3779B97F4A7C15L + layer.hashCode();
    this.rate = rate;
    this.scale = 1f / (1f - rate);
  }

  /** A new training step: the next forward pass draws a new mask. */
  @Override
  public void beforeStep() {
    step++;
  }

  /** The training steps counted so far. */
  public long step() {
    return step;
  }

  /**
   * Draws this step's mask for {@code n} values into {@code mask} ({@code 0} or
   * {@code 1 / (1 - rate)} each) and writes {@code y[i] = x[xOff + i] * mask[i]}.
   */
  public void forward(float[] x, int xOff, float[] y, float[] mask, int n) {
    long state = seed + step * 0xBF58476D1CE4E5B9L;
    for (int i = 0; i < n; i++) {
      state += GOLDEN_GAMMA;
      // 24 random bits (SplitMix64, allocation-free): a float uniform in [0, 1)
      float u = (int) (mix(state) >>> 40) * 0x1p-24f;
      float m = u < rate ? 0f : scale;
      mask[i] = m;
      y[i] = x[xOff + i] * m;
    }
  }

  /** SplitMix64's finalizer (Steele, Lea, Flood 2014), as {@code SplittableRandom} mixes. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The input gradient: {@code dx[i] = dy[i] * mask[i]}, the mask of the last forward pass. */
  public static void backward(float[] dy, float[] mask, float[] dx, int n) {
    for (int i = 0; i < n; i++) {
      dx[i] = dy[i] * mask[i];
    }
  }
}
