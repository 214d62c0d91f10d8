package dev.topiary.benchmarks;

import dev.topiary.runtime.Trainer;

/** A seed CNN trained briefly on MNIST, so that its activations have realistic zeros. */
final class Trained {
  private Trained() {}

  /** A new seed CNN (seed 42) after 200 Adam steps of batch 32 on the first 6,400 images. */
  static TopiarySeedCnn seedCnn() {
    TopiarySeedCnn net = new TopiarySeedCnn(42);
    Trainer.of(net).adam(1e-3).batchSize(32).progress(false)
        .fit(MnistData.train().slice(0, 6400));
    return net;
  }
}
