package dev.topiary.processor;

import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.internal.GeneratedNetwork;
import dev.topiary.runtime.prune.GlobalPruning;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link GlobalPruning#prune(dev.topiary.runtime.Network, double)} on a network whose sparse
 * inference kernels are already built (issue 15, item 8): the next prediction runs the pruned
 * weights, as the same weights on the dense kernels do, not the kernels built before pruning.
 */
class GlobalPruningKernelsTest {
  private static ModelCompiler.Loaded models;

  @BeforeAll
  static void compileModels() {
    models = ModelCompiler.compile(model("Mlp", "@Model(input = {12})", String.join("\n",
        "@Dense(units = 16, activation = RELU) DenseLayer hidden();",
        "@Dense(units = 5, activation = SOFTMAX) DenseLayer output();")));
  }

  @ParameterizedTest
  @EnumSource(value = KernelMode.class, names = {"SPARSE", "AUTO"})
  void predictionsAfterPruningRunThePrunedWeights(KernelMode mode) {
    GeneratedNetwork net = models.newNetwork("Mlp", 3);
    float[] x = new float[4 * 12];
    SplittableRandom rng = new SplittableRandom(4);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble();
    }
    if (mode == KernelMode.AUTO) {
      GlobalPruning.prune(net, 0.8); // already pruned: AUTO builds sparse kernels
    }
    net.kernelMode(mode);
    float[] before = new float[4 * 5];
    net.predict(x, 4, before); // builds the sparse kernels from the current weights

    GlobalPruning.prune(net, mode == KernelMode.AUTO ? 0.88 : 0.6);
    float[] after = new float[4 * 5];
    net.predict(x, 4, after);

    GeneratedNetwork dense = models.newNetwork("Mlp", 99);
    for (int p = 0; p < net.parameters().size(); p++) {
      Parameter from = net.parameters().get(p);
      System.arraycopy(from.value, 0, dense.parameters().get(p).value, 0, from.size());
    }
    dense.weightsChanged();
    dense.kernelMode(KernelMode.DENSE);
    float[] expected = new float[4 * 5];
    dense.predict(x, 4, expected);

    double changed = 0;
    double spread = 0;
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], after[i], 1e-5, mode + " output " + i);
      changed = Math.max(changed, Math.abs(before[i] - expected[i]));
      spread = Math.max(spread, Math.abs(expected[i] - 0.2));
    }
    assertTrue(spread > 1e-3, "the pruned network must still compute something: " + spread);
    assertTrue(changed > 1e-4, "pruning further must change some output; changed " + changed);
  }
}
