package dev.topiary.processor;

import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.internal.GeneratedNetwork;
import dev.topiary.runtime.train.Trainer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The new layers under the trainer: a model of Conv2D, BatchNormalization, ReLU, average and
 * global pooling and Dropout learns a separable task, its moving statistics follow the data, and
 * two runs from one seed are the same run (dropout masks included).
 */
class SmallBlocksTrainingTest {
  private static final ModelCompiler.Loaded MODELS = ModelCompiler.compile(
      model("Blocks", "@Model(input = {6, 6, 1})", String.join("\n",
          "@Conv2D(filters = 4, kernel = {3, 3}, padding = SAME, useBias = false)",
          "Conv2DLayer conv();",
          "@BatchNormalization(momentum = 0.9) Layer bn();",
          "@ReLU Layer relu();",
          "@AveragePooling2D({2, 2}) Layer pool();",
          "@GlobalMaxPooling2D Layer gmp();",
          "@Dropout(0.25) Layer drop();",
          "@Dense(units = 2, activation = SOFTMAX) DenseLayer output();")));

  /** Class 1 images are bright in their top half, class 0 in their bottom half, with noise. */
  private static Dataset data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * 36];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(2);
      for (int p = 0; p < 36; p++) {
        boolean top = p < 18;
        x[i * 36 + p] = (float) (r.nextDouble() * 0.5 + ((top == (y[i] == 1)) ? 1.5 : 0));
      }
    }
    return Dataset.of(x, y, 36);
  }

  private static GeneratedNetwork trained(long seed) {
    GeneratedNetwork net = MODELS.newNetwork("Blocks", seed);
    Trainer.of(net).adam(1e-2).batchSize(16).epochs(4).shuffleSeed(3).fit(data(512, 1));
    return net;
  }

  @Test
  void learnsWithMovingStatisticsThatFollowTheData() {
    GeneratedNetwork net = trained(5);
    float accuracy = net.evaluate(data(256, 2)).accuracy();
    assertTrue(accuracy > 0.9, "accuracy " + accuracy);
    Parameter variance = net.nonTrainableWeights().get(1);
    for (float v : variance.value) {
      assertTrue(v != 1f && v > 0f, "moving variance moved from 1: " + v);
    }
    // the moving statistics against the BatchNormalization input's over the training data, at
    // the final weights: after 128 steps of momentum 0.9 they agree to a fraction of a deviation
    Dataset train = data(512, 1);
    net.forward(train.features(), 0, 512);
    float[] in = net.activations(0);
    Parameter mean = net.nonTrainableWeights().get(0);
    for (int c = 0; c < 4; c++) {
      double m = 0;
      double v = 0;
      int n = 512 * 36;
      for (int i = 0; i < n; i++) {
        m += in[i * 4 + c];
      }
      m /= n;
      for (int i = 0; i < n; i++) {
        v += (in[i * 4 + c] - m) * (in[i * 4 + c] - m);
      }
      v /= n;
      assertEquals(m, mean.value[c], 0.25 * Math.sqrt(v), "moving mean of channel " + c);
      assertTrue(variance.value[c] > 0.6 * v && variance.value[c] < 1.6 * v,
          "moving variance " + variance.value[c] + " of channel " + c + ", the data's " + v);
    }
  }

  @Test
  void oneSeedGivesOneRun() {
    GeneratedNetwork a = trained(7);
    GeneratedNetwork b = trained(7);
    for (int i = 0; i < a.parameters().size(); i++) {
      assertArrayEquals(a.parameters().get(i).value, b.parameters().get(i).value,
          a.parameters().get(i).name);
    }
    assertArrayEquals(a.nonTrainableWeights().get(0).value, b.nonTrainableWeights().get(0).value);
    assertEquals(a.trainingRules().size(), 2, "BatchNormStatistics and DropoutMask");
  }
}
