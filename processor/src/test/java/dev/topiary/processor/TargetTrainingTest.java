package dev.topiary.processor;

import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.Loss;
import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.runtime.internal.GeneratedNetwork;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.train.History;
import dev.topiary.runtime.train.Trainer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated networks trained on float targets: a regression with mean squared error and a binary
 * (and a multi-label) task with binary cross-entropy train, evaluate as a plain loop over
 * {@code predict} computes, save and load, export; data that does not fit is refused before the
 * first step with a message saying what was expected.
 */
class TargetTrainingTest {
  private static ModelCompiler.Loaded models;

  @TempDir Path dir;

  @BeforeAll
  static void compileModels() {
    models = ModelCompiler.compile(
        model("Regression", "@Model(input = {1}, loss = Loss.MEAN_SQUARED_ERROR)",
            String.join("\n",
            "@Dense(units = 16, activation = TANH) DenseLayer hidden();",
            "@Dense(units = 1) DenseLayer output();")),
        model("Binary", "@Model(input = {2}, loss = Loss.BINARY_CROSSENTROPY)",
            String.join("\n",
            "@Dense(units = 8, activation = TANH) DenseLayer hidden();",
            "@Dense(units = 1, activation = SIGMOID) DenseLayer output();")),
        model("MultiLabel", "@Model(input = {2}, loss = Loss.BINARY_CROSSENTROPY)",
            String.join("\n",
            "@Dense(units = 3, activation = SIGMOID) DenseLayer output();")),
        model("SigmoidHidden", "@Model(input = {2}, loss = Loss.MEAN_SQUARED_ERROR)",
            String.join("\n",
            "@Dense(units = 4, activation = SIGMOID) DenseLayer hidden();",
            "@Dense(units = 1) DenseLayer output();")),
        model("Classes", "@Model(input = {2})",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();"));
  }

  /** y = sin(x) on [-3, 3]. */
  private static Dataset sine(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextDouble() * 6 - 3);
      y[i] = (float) Math.sin(x[i]);
    }
    return Dataset.ofTargets(x, y, 1, 1);
  }

  /** Points in the square; the target is 1 above the line x0 + x1 = 0.2. */
  private static Dataset halfPlane(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[2 * n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = (float) (r.nextDouble() * 2 - 1);
      x[2 * i + 1] = (float) (r.nextDouble() * 2 - 1);
      y[i] = x[2 * i] + x[2 * i + 1] > 0.2f ? 1f : 0f;
    }
    return Dataset.ofTargets(x, y, 2, 1);
  }

  @Test
  void regressionFitsASineWellBelowTheMeanPredictor() throws IOException {
    GeneratedNetwork net = models.newNetwork("Regression", 5);
    assertEquals(Loss.MEAN_SQUARED_ERROR, net.loss());
    assertTrue(net.architecture().endsWith("; loss MEAN_SQUARED_ERROR"), net.architecture());
    Dataset train = sine(512, 1);
    Dataset test = sine(256, 2);
    double baseline = variance(test);
    History h = Trainer.of(net).adam(1e-2).batchSize(32).epochs(40).threads(1).progress(false)
        .validation(test).fit(train);
    assertTrue(Double.isNaN(h.epochs().get(0).accuracy()), "regression has no accuracy");
    Evaluation e = net.evaluate(test);
    assertTrue(e.loss() < 0.05 * baseline, "MSE " + e.loss() + " vs the mean predictor's "
        + baseline);
    assertTrue(Float.isNaN(e.accuracy()));
    // loss and mean absolute error as a plain loop over predict computes them
    double mse = 0;
    double mae = 0;
    for (int i = 0; i < test.size(); i++) {
      double d = net.predict(test.example(i))[0] - test.targets()[i];
      mse += d * d / test.size();
      mae += Math.abs(d) / test.size();
    }
    assertEquals(mse, e.loss(), 1e-6);
    assertEquals(mae, e.meanAbsoluteError(), 1e-6);
    assertEquals(e.loss(), h.epochs().get(39).validation().loss(), 1e-12);

    File file = dir.resolve("regression.topiary").toFile();
    net.save(file);
    GeneratedNetwork loaded = load("Regression", file);
    assertArrayEquals(net.predict(test.example(3)), loaded.predict(test.example(3)));
    InferenceModel export = InferenceModel.of(net);
    assertEquals(e.loss(), export.evaluate(test).loss(), 1e-6);
    assertEquals(e.meanAbsoluteError(), export.evaluate(test).meanAbsoluteError(), 1e-6);
  }

  @Test
  void binaryTaskReachesHighBinaryAccuracyAndEvaluatesFromTheLogits() {
    GeneratedNetwork net = models.newNetwork("Binary", 5);
    Dataset train = halfPlane(512, 3);
    Dataset test = halfPlane(256, 4);
    History h = Trainer.of(net).adam(1e-2).batchSize(32).epochs(20).threads(1).progress(false)
        .fit(train);
    assertTrue(h.epochs().get(19).accuracy() > 0.9, "training accuracy " + h);
    Evaluation e = net.evaluate(test);
    assertTrue(e.accuracy() > 0.93f, e.toString());
    double bce = 0;
    int right = 0;
    for (int i = 0; i < test.size(); i++) {
      double p = net.predict(test.example(i))[0];
      double t = test.targets()[i];
      bce += (-t * Math.log(p) - (1 - t) * Math.log(1 - p)) / test.size();
      right += (p > 0.5 ? 1 : 0) == t ? 1 : 0;
    }
    assertEquals(bce, e.loss(), 1e-5);
    assertEquals(right, e.correct());
    assertEquals((float) right / test.size(), e.accuracy(), 1e-6);
    Evaluation exported = InferenceModel.of(net).evaluate(test);
    assertEquals(e.loss(), exported.loss(), 1e-6);
    assertEquals(e.accuracy(), exported.accuracy(), 1e-6);
  }

  @Test
  void exportDropsDeadTanhUnitsButKeepsSigmoidOnes() {
    // tanh(0) = 0, so a unit with a zero kernel column and bias outputs 0 and can go; a sigmoid
    // unit would output 0.5 and must stay (the Binary model's hidden layer is TANH)
    GeneratedNetwork net = models.newNetwork("Binary", 5);
    float[] kernel = net.parameters().get(0).value; // hidden/kernel [2][8]
    float[] bias = net.parameters().get(1).value;
    for (int unit : new int[] {2, 5}) {
      kernel[unit] = 0;
      kernel[8 + unit] = 0;
      bias[unit] = 0;
    }
    net.weightsChanged();
    InferenceModel export = InferenceModel.of(net);
    assertEquals(2, export.unitsRemoved().get("hidden"), export.unitsRemoved().toString());
    float[] x = {0.3f, -0.7f};
    assertEquals(net.predict(x)[0], export.predict(x)[0], 1e-6);

    GeneratedNetwork sigmoid = models.newNetwork("SigmoidHidden", 5);
    java.util.Arrays.fill(sigmoid.parameters().get(0).value, 0f); // hidden/kernel; bias is 0
    sigmoid.weightsChanged();
    InferenceModel kept = InferenceModel.of(sigmoid);
    assertEquals(0, kept.unitsRemoved().getOrDefault("hidden", 0), "sigmoid(0) = 0.5 feeds on");
    assertEquals(sigmoid.predict(x)[0], kept.predict(x)[0], 1e-6);
  }

  @Test
  void multiLabelAccuracyCountsEveryOutput() {
    GeneratedNetwork net = models.newNetwork("MultiLabel", 5);
    float[] x = {1, 0, 0, 1, -1, -1};
    float[] t = {1, 0, 1, 0, 1, 1, 0, 0, 0};
    Dataset data = Dataset.ofTargets(x, t, 2, 3);
    Evaluation e = net.evaluate(data);
    long right = 0;
    for (int i = 0; i < 3; i++) {
      float[] p = net.predict(data.example(i));
      for (int j = 0; j < 3; j++) {
        right += (p[j] > 0.5f ? 1f : 0f) == t[3 * i + j] ? 1 : 0;
      }
    }
    assertEquals(right / 9.0, e.accuracy(), 1e-6);
  }

  @Test
  void refusesDataThatDoesNotFitTheLossBeforeTheFirstStep() {
    GeneratedNetwork regression = models.newNetwork("Regression", 5);
    float[] before = regression.parameters().get(0).value.clone();
    Trainer trainer = Trainer.of(regression).progress(false);
    String labels = assertThrows(IllegalArgumentException.class,
        () -> trainer.fit(Dataset.of(new float[] {1, 2}, new int[] {0, 1}, 1))).getMessage();
    assertEquals("Regression is trained with loss MEAN_SQUARED_ERROR on float targets; expected "
        + "a training set of 1 targets per example (Dataset.ofTargets), found one of class labels "
        + "(Dataset.of)", labels);
    String width = assertThrows(IllegalArgumentException.class,
        () -> trainer.fit(Dataset.ofTargets(new float[] {1, 2}, new float[] {0, 1, 2, 3}, 1, 2)))
        .getMessage();
    assertEquals("Regression has 1 output; expected 1 target per example in the training set, "
        + "found 2", width);
    String nan = assertThrows(IllegalArgumentException.class,
        () -> trainer.fit(Dataset.ofTargets(new float[] {1, 2, 3}, new float[] {0, Float.NaN, 1},
            1, 1))).getMessage();
    assertEquals("Regression: the training set's example 1 has target NaN at output 0; expected "
        + "a finite value", nan);
    assertArrayEquals(before, regression.parameters().get(0).value, "no step was taken");
    String validation = assertThrows(IllegalArgumentException.class,
        () -> trainer.validation(Dataset.of(new float[] {1}, new int[] {0}, 1))).getMessage();
    assertTrue(validation.contains("expected a validation set of 1 targets"), validation);

    GeneratedNetwork binary = models.newNetwork("Binary", 5);
    String range = assertThrows(IllegalArgumentException.class,
        () -> Trainer.of(binary).progress(false).fit(Dataset.ofTargets(new float[] {1, 2, 3, 4},
            new float[] {1, 2}, 2, 1))).getMessage();
    assertEquals("Binary: the training set's example 1 has target 2.0 at output 0; expected a "
        + "value in [0, 1] (binary cross-entropy)", range);

    GeneratedNetwork classes = models.newNetwork("Classes", 5);
    String targets = assertThrows(IllegalArgumentException.class,
        () -> classes.evaluate(Dataset.ofTargets(new float[] {1, 2}, new float[] {0, 1, 0}, 2,
            3))).getMessage();
    assertEquals("Classes is trained on class labels; expected a evaluation set of labels "
        + "(Dataset.of), found one of 3 float targets per example (Dataset.ofTargets)", targets);
    assertThrows(UnsupportedOperationException.class,
        () -> regression.backward(new int[] {0}, 0, 1));
  }

  private static GeneratedNetwork load(String model, File file) {
    try {
      return (GeneratedNetwork) models.load("Topiary" + model).getMethod("load", File.class)
          .invoke(null, file);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static double variance(Dataset d) {
    double mean = 0;
    for (int i = 0; i < d.size(); i++) {
      mean += d.targets()[i] / d.size();
    }
    double v = 0;
    for (int i = 0; i < d.size(); i++) {
      v += (d.targets()[i] - mean) * (d.targets()[i] - mean) / d.size();
    }
    return v;
  }
}
