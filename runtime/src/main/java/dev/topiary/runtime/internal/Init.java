package dev.topiary.runtime.internal;

import java.util.SplittableRandom;

/** Weight initialisers, drawing every random number from the network's seeded generator. */
public final class Init {
  private Init() {}

  /**
   * Keras {@code GlorotUniform} (Glorot &amp; Bengio 2010): {@code w ~ U(-limit, limit)} with
   * {@code limit = sqrt(6 / (fanIn + fanOut))}; for a conv kernel both fans include the receptive
   * field ({@code fanIn = kh*kw*cin}, {@code fanOut = kh*kw*cout}).
   */
  public static void glorotUniform(float[] w, int fanIn, int fanOut, SplittableRandom rng) {
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
    }
  }
}
