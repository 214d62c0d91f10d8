package dev.topiary.processor;

import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.runtime.internal.GeneratedNetwork;
import dev.topiary.runtime.Parameter;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Loss.SPARSEMAX model's {@code evaluate} reports the sparsemax loss (Martins and Astudillo,
 * 2016, eq. 17: {@code -z_y + 1/2 sum_{j in S} (z_j^2 - tau^2) + 1/2}), computed here by plain loops
 * from the logits {@code z = x W + b}; the network's inference export reports the same.
 */
class SparsemaxEvaluateTest {
  private static final int IN = 5;
  private static final int CLASSES = 4;

  private static ModelCompiler.Loaded models;

  @BeforeAll
  static void compileModels() {
    models = ModelCompiler.compile(
        model("SparsemaxDense", "@Model(input = {5}, loss = Loss.SPARSEMAX)",
            "@Dense(units = 4, activation = SPARSEMAX) DenseLayer output();"),
        model("SparsemaxLayer", "@Model(input = {5}, loss = Loss.SPARSEMAX)", String.join("\n",
            "@Dense(units = 4) DenseLayer scores();",
            "@Sparsemax Layer output();")));
  }

  /** The sparsemax loss of one row of logits, in double, by the paper's sort-based definition. */
  static double sparsemaxLoss(double[] z, int label) {
    double[] sorted = z.clone();
    Arrays.sort(sorted);
    double cumulative = 0;
    double tau = 0;
    for (int k = 1; k <= z.length; k++) {
      double zk = sorted[z.length - k];
      cumulative += zk;
      if (1 + k * zk > cumulative) {
        tau = (cumulative - 1) / k;
      }
    }
    double loss = 0.5 - z[label];
    for (double zj : z) {
      if (zj > tau) {
        loss += 0.5 * (zj * zj - tau * tau);
      }
    }
    return loss;
  }

  @ParameterizedTest
  @ValueSource(strings = {"SparsemaxDense", "SparsemaxLayer"})
  void evaluateReportsTheSparsemaxLoss(String name) {
    GeneratedNetwork net = models.newNetwork(name, 1);
    SplittableRandom r = new SplittableRandom(2);
    Parameter kernel = net.parameters().get(0);
    Parameter bias = net.parameters().get(1);
    for (float[] v : new float[][] {kernel.value, bias.value}) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (r.nextDouble() * 4 - 2); // spread logits: partial supports
      }
    }
    int n = 300; // more than one evaluation chunk of 256
    float[] x = new float[n * IN];
    int[] labels = new int[n];
    double expected = 0;
    for (int e = 0; e < n; e++) {
      double[] z = new double[CLASSES];
      for (int i = 0; i < IN; i++) {
        x[e * IN + i] = (float) (r.nextDouble() * 2 - 1);
      }
      for (int j = 0; j < CLASSES; j++) {
        z[j] = bias.value[j];
        for (int i = 0; i < IN; i++) {
          z[j] += x[e * IN + i] * (double) kernel.value[i * CLASSES + j];
        }
      }
      labels[e] = r.nextInt(CLASSES);
      expected += sparsemaxLoss(z, labels[e]);
    }
    expected /= n;
    Dataset data = Dataset.of(x, labels, IN);
    Evaluation e = net.evaluate(data);
    assertEquals(expected, e.loss(), 1e-5 * Math.max(1, expected), name + " network");
    Evaluation exported = InferenceModel.of(net).evaluate(data);
    assertEquals(expected, exported.loss(), 1e-5 * Math.max(1, expected), name + " export");
    assertEquals(e.correct(), exported.correct());
  }
}
