package dev.topiary.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.data.Dataset;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Loads the real MNIST with {@link Mnist#load()}: the first run fetches it with npm into the
 * project's {@code data/mnist} (git-ignored); later runs read it from there.
 */
class MnistRealDataTest {
  @Test
  void loadsSixtyThousandTrainingAndTenThousandTestDigits() throws IOException {
    Mnist mnist = Mnist.load();
    assertEquals(60_000, mnist.train().size());
    assertEquals(10_000, mnist.test().size());
    assertEquals(784, mnist.train().exampleSize());
    // Well-known first labels of the original files.
    assertEquals(5, mnist.train().label(0));
    assertEquals(7, mnist.test().label(0));
    checkLabelsAndPixels(mnist.train());
    checkLabelsAndPixels(mnist.test());
  }

  private static void checkLabelsAndPixels(Dataset data) {
    int[] counts = new int[10];
    for (int i = 0; i < data.size(); i++) {
      int label = data.label(i);
      assertTrue(label >= 0 && label <= 9, "label " + label + " of example " + i);
      counts[label]++;
    }
    for (int digit = 0; digit < 10; digit++) {
      double share = counts[digit] / (double) data.size();
      // Each digit is 9% to 11.3% of MNIST.
      assertTrue(share > 0.085 && share < 0.12, "share of digit " + digit + ": " + share);
    }
    float[] x = data.features();
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    double sum = 0;
    for (int i = data.featureOffset(); i < data.featureOffset() + data.size() * 784; i++) {
      min = Math.min(min, x[i]);
      max = Math.max(max, x[i]);
      sum += x[i];
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
    // The mean MNIST pixel is about 0.13 (33.3 / 255).
    double mean = sum / (data.size() * 784.0);
    assertTrue(mean > 0.12 && mean < 0.14, "mean pixel " + mean);
  }
}
