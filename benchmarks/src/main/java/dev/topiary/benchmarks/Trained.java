package dev.topiary.benchmarks;

import dev.topiary.runtime.train.Trainer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A seed CNN trained briefly on MNIST, so that its activations have realistic zeros. */
final class Trained {
  /**
   * Where the trained weights are kept between JMH forks (each fork would otherwise train again,
   * which cost several seconds per fork). Delete it after changing the trainer or the model;
   * a file of another model is not loaded.
   */
  static final File CACHE =
      new File(System.getProperty("java.io.tmpdir"), "topiary-benchmarks-seed-cnn-200.topiary");

  private Trained() {}

  /**
   * A new seed CNN (seed 42) after 200 Adam steps of batch 32 on the first 6,400 images, read
   * from {@link #CACHE} when an earlier JVM wrote it there.
   */
  static synchronized TopiarySeedCnn seedCnn() {
    if (CACHE.isFile()) {
      try {
        return TopiarySeedCnn.load(CACHE);
      } catch (IOException | RuntimeException e) {
        System.err.println("retraining: " + CACHE + " not readable (" + e.getMessage() + ")");
      }
    }
    TopiarySeedCnn net = new TopiarySeedCnn(42);
    Trainer.of(net).adam(1e-3).batchSize(32).progress(false)
        .fit(MnistData.train().slice(0, 6400));
    try {
      net.save(CACHE);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + CACHE, e);
    }
    return net;
  }
}
