package dev.topiary.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.runtime.prune.GlobalPruning;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documented way to serve several threads: one export, a copy per thread. Four threads of
 * 1,000 predictions each give the single-threaded results bit for bit, dense and 80% pruned
 * (sparse kernels) alike.
 */
class ThreadedPredictTest {
  private static final int THREADS = 4;
  private static final int PREDICTIONS = 1_000;

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.8})
  void copiesPerThreadPredictLikeOneThread(double sparsity) throws Exception {
    SeedCnn net = new TopiarySeedCnn(42);
    if (sparsity > 0) {
      GlobalPruning.prune(net, sparsity);
    }
    InferenceModel shared = InferenceModel.of(net);
    SplittableRandom random = new SplittableRandom(7);
    float[][] images = new float[PREDICTIONS][shared.inputSize()];
    float[][] expected = new float[PREDICTIONS][];
    for (int i = 0; i < PREDICTIONS; i++) {
      for (int j = 0; j < images[i].length; j++) {
        images[i][j] = random.nextDouble() < 0.8 ? 0f : (float) random.nextDouble();
      }
      expected[i] = shared.predict(images[i]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<float[][]>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        InferenceModel mine = shared.copy();
        assertNotSame(shared, mine);
        int offset = t * 250; // each thread starts elsewhere, so calls interleave differently
        results.add(pool.submit(() -> {
          float[][] out = new float[PREDICTIONS][shared.outputSize()];
          for (int k = 0; k < PREDICTIONS; k++) {
            int i = (k + offset) % PREDICTIONS;
            mine.predict(images[i], out[i]);
          }
          return out;
        }));
      }
      for (Future<float[][]> f : results) {
        float[][] got = f.get(2, TimeUnit.MINUTES);
        for (int i = 0; i < PREDICTIONS; i++) {
          assertArrayEquals(expected[i], got[i], 0f, "image " + i + " at sparsity " + sparsity);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
