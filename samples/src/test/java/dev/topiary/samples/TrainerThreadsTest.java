package dev.topiary.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.topiary.runtime.train.History;
import dev.topiary.runtime.train.Trainer;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.internal.GeneratedNetwork;
import dev.topiary.runtime.Parameter;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Training on several threads gives the same network as on one: each thread computes whole rows
 * or blocks of every product, and reductions add fixed blocks in a fixed order, so the tolerance
 * is zero (bit-identical weights), not float reassociation.
 */
class TrainerThreadsTest {
  @Test
  void oneTwoAndThreeThreadsTrainBitIdenticalWeights() throws IOException {
    Dataset data = Mnist.load().train().slice(0, 3200); // 100 steps of batch 32
    GeneratedNetwork one = train(data, 1);
    for (int threads : new int[] {2, 3}) {
      GeneratedNetwork other = train(data, threads);
      Parameter[] expected = one.parameters().toArray(new Parameter[0]);
      Parameter[] actual = other.parameters().toArray(new Parameter[0]);
      for (int p = 0; p < expected.length; p++) {
        for (int i = 0; i < expected[p].size(); i++) {
          assertEquals(Float.floatToRawIntBits(expected[p].value[i]),
              Float.floatToRawIntBits(actual[p].value[i]),
              expected[p].name + "[" + i + "] after 100 steps on " + threads + " threads");
        }
      }
    }
  }

  private static GeneratedNetwork train(Dataset data, int threads) {
    TopiarySeedCnn net = new TopiarySeedCnn(42);
    History h = Trainer.of(net).adam(1e-3).batchSize(32).progress(false).threads(threads)
        .fit(data);
    assertEquals(3200, h.last().images());
    return net;
  }
}
