package dev.topiary.processor;

import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.Loss;
import dev.topiary.runtime.internal.GeneratedNetwork;
import dev.topiary.runtime.Parameter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every generated backward pass against finite differences of the generated forward pass: for
 * small random models compiled from source, each parameter's gradient from {@code backward()}
 * must match {@code (L(w + h) - L(w - h)) / 2h}, where L is the mean cross-entropy (or sparsemax
 * loss) of the batch plus the L1 and activity L1 penalties, computed in double from the network's
 * float outputs. {@link SparseActivationGradientTest} runs the same check through {@link Case}.
 *
 * <p>ReLU and max pooling make L piecewise smooth; where {@code [w - h, w + h]} holds a kink (a
 * unit switching on or off, a pooling window changing its winner), finite differences are
 * wrong, not the gradient. The check therefore watches the branches the forward pass takes and
 * uses a smaller step, or a one-sided difference, there (CS231n's gradient-check notes, "kinks").
 * Over 200 seeds per model, each tensor's error stayed below 2e-3; about one seed in a hundred
 * of the deepest model lands on a dead ReLU chain or a near-tie at every step, which the failure
 * message names: change that model's seed, not the tolerance.
 */
class GradientCheckTest {
  /**
   * The largest relative error per parameter tensor, {@code ||g - g_fd|| / (||g|| + ||g_fd||)}.
   * Measured errors stay below 2e-3 (float rounding of the loss over the step); a wrong rule is
   * off by far more: a missing L1 term, bias or input gradient gives 1e-1 to 1.
   */
  static final double TOLERANCE = 1e-2;

  /**
   * The finite-difference steps, largest first: float rounding of the loss (~3e-8 at a loss of
   * ~2) over 2h stays ~1e-6 at the first; the smaller ones serve only entries near a kink.
   */
  static final float[] STEPS = {1e-2f, 3e-3f, 1e-3f, 3e-4f, 1e-4f};

  /** The fraction of a tensor's entries that may go unchecked because a kink sits on both sides. */
  static final double MAX_UNCHECKED = 0.1;

  /** The largest relative error between the loss {@code backward()} returns and the double one. */
  static final double LOSS_TOLERANCE = 1e-5;

  private static final double L1 = 0.05;

  private static ModelCompiler.Loaded models;
  private static ModelCompiler.Loaded hiddenSoftmax;
  private static ModelCompiler.Loaded targetModels;
  private static ModelCompiler.Loaded mseOnSoftmax;

  @BeforeAll
  static void compileModels() {
    models = ModelCompiler.compile(
        model("ConvValid", "@Model(input = {6, 6, 2})", String.join("\n",
            "@Conv2D(filters = 3, kernel = {3, 3}, activation = RELU) @L1(" + L1 + ")",
            "Conv2DLayer conv();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("ConvOnConv", "@Model(input = {7, 7, 2})", String.join("\n",
            "@Conv2D(filters = 3, kernel = {3, 3}, strides = {2, 2}, padding = SAME,",
            "    activation = RELU)",
            "Conv2DLayer conv1();",
            "@Conv2D(filters = 2, kernel = {2, 3}, useBias = false) Conv2DLayer conv2();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("ConvPoolConv", "@Model(input = {6, 6, 2})", String.join("\n",
            "@Conv2D(filters = 2, kernel = {3, 3}, padding = SAME, activation = RELU)",
            "Conv2DLayer conv1();",
            "@MaxPooling2D({2, 2}) Layer pool();",
            "@Conv2D(filters = 3, kernel = {2, 2}) @L1(" + L1 + ") Conv2DLayer conv2();",
            "@Flatten Layer flatten();",
            "@Dense(units = 5, activation = RELU) @L1(" + L1 + ") DenseLayer hidden();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("OverlappingPools", "@Model(input = {7, 7, 1})", String.join("\n",
            "@Conv2D(filters = 2, kernel = {2, 2}) Conv2DLayer conv1();",
            "@MaxPooling2D(value = {3, 3}, strides = {1, 1}) Layer pool1();",
            "@MaxPooling2D(value = {2, 2}, strides = {1, 1}, padding = SAME) Layer pool2();",
            "@Conv2D(filters = 2, kernel = {3, 3}, strides = {2, 2}, padding = SAME)",
            "Conv2DLayer conv2();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("PoolFirst", "@Model(input = {6, 6, 2})", String.join("\n",
            "@MaxPooling2D(value = {3, 3}, strides = {2, 2}, padding = SAME) Layer pool();",
            "@Conv2D(filters = 2, kernel = {2, 2}) Conv2DLayer conv();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("Mlp", "@Model(input = {5})", String.join("\n",
            "@Dense(units = 6, activation = RELU) @L1(" + L1 + ") DenseLayer hidden();",
            "@Dense(units = 3, activation = SOFTMAX, useBias = false) DenseLayer output();")),
        model("FlattenFirst", "@Model(input = {3, 3, 2})", String.join("\n",
            "@Flatten Layer flatten();",
            "@Dense(units = 4) DenseLayer hidden();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("Depthwise", "@Model(input = {6, 5, 2})", String.join("\n",
            "@Conv2D(filters = 3, kernel = {2, 2}, activation = RELU) Conv2DLayer conv();",
            "@DepthwiseConv2D(kernel = {3, 2}, depthMultiplier = 2, strides = {2, 1},",
            "    padding = SAME, activation = RELU) @L1(" + L1 + ") Layer dw();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("DepthwiseFirst", "@Model(input = {5, 5, 3})", String.join("\n",
            "@DepthwiseConv2D(kernel = {3, 3}, useBias = false) Layer dw();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("Separable", "@Model(input = {6, 6, 2})", String.join("\n",
            "@Conv2D(filters = 2, kernel = {2, 2}, activation = RELU) Conv2DLayer conv();",
            "@SeparableConv2D(filters = 3, kernel = {3, 3}, depthMultiplier = 2, strides = {2, 2},",
            "    padding = SAME, activation = RELU) @L1(" + L1 + ") Layer sep();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("Sequence", "@Model(input = {11, 3})", String.join("\n",
            "@Conv1D(filters = 4, kernel = 3, strides = 2, padding = SAME, activation = RELU)",
            "@L1(" + L1 + ") Layer conv1();",
            "@MaxPooling1D(value = 2, strides = 1) Layer pool();",
            "@Conv1D(filters = 3, kernel = 2) Layer conv2();",
            "@AveragePooling1D(value = 2, padding = SAME) Layer avg();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("ActivityOnNewLayers", "@Model(input = {5, 5, 2})", String.join("\n",
            "@SeparableConv2D(filters = 3, kernel = {2, 2}, activation = RELU)",
            "@ActivityL1(0.01) Layer sep();",
            "@DepthwiseConv2D(kernel = {2, 2}) @ActivityL1(0.02) Layer dw();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("SequenceGlobal", "@Model(input = {7, 2})", String.join("\n",
            "@Conv1D(filters = 5, kernel = 3, useBias = false) Layer conv();",
            "@GlobalAveragePooling1D Layer gap();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")));
    targetModels = ModelCompiler.compile(
        model("TanhMse", "@Model(input = {5}, loss = Loss.MEAN_SQUARED_ERROR)", String.join("\n",
            "@Dense(units = 6, activation = TANH) @L1(" + L1 + ") DenseLayer hidden();",
            "@Dense(units = 2) DenseLayer output();")),
        model("SigmoidBce", "@Model(input = {4, 4, 2}, loss = Loss.BINARY_CROSSENTROPY)",
            String.join("\n",
            "@Conv2D(filters = 2, kernel = {2, 2}, activation = SIGMOID) Conv2DLayer conv();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SIGMOID) DenseLayer output();")),
        model("OneUnitBce", "@Model(input = {5}, loss = Loss.BINARY_CROSSENTROPY)",
            String.join("\n",
            "@Dense(units = 4, activation = RELU) DenseLayer hidden();",
            "@Dense(units = 1, activation = SIGMOID) DenseLayer output();")),
        model("SigmoidMse", "@Model(input = {5, 5, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
            String.join("\n",
            "@Conv2D(filters = 2, kernel = {3, 3}, activation = TANH) Conv2DLayer conv();",
            "@Flatten Layer flatten();",
            "@Dense(units = 2, activation = SIGMOID) DenseLayer output();")));
    mseOnSoftmax = ModelCompiler.compileWarning("MeanSquaredErrorOnProbabilities",
        model("MseOnSoftmax", "@Model(input = {4}, loss = Loss.MEAN_SQUARED_ERROR)",
            String.join("\n",
            "@Dense(units = 5, activation = TANH) DenseLayer hidden();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")));
    hiddenSoftmax = ModelCompiler.compileWarning("HiddenSoftmax",
        model("HiddenSoftmax", "@Model(input = {4, 4, 2})", String.join("\n",
            "@Conv2D(filters = 3, kernel = {2, 2}, activation = SOFTMAX) Conv2DLayer conv();",
            "@Flatten Layer flatten();",
            "@Dense(units = 4, activation = SOFTMAX) DenseLayer hidden();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")));
  }

  @Test
  void tanhHiddenAndMeanSquaredErrorOnALinearOutput() {
    check(new Case(targetModels, "TanhMse", 3).targets(Loss.MEAN_SQUARED_ERROR)
        .l1("hidden/kernel", L1));
  }

  @Test
  void sigmoidConvAndBinaryCrossEntropyOnMultiLabelSigmoid() {
    check(new Case(targetModels, "SigmoidBce", 3).targets(Loss.BINARY_CROSSENTROPY)
        .scale("output/kernel", 3f)); // spread the logits so some sigmoids saturate
  }

  @Test
  void binaryCrossEntropyOnOneSigmoidUnit() {
    check(new Case(targetModels, "OneUnitBce", 4).targets(Loss.BINARY_CROSSENTROPY));
  }

  @Test
  void meanSquaredErrorThroughASigmoidOutputAndATanhConv() {
    check(new Case(targetModels, "SigmoidMse", 3).targets(Loss.MEAN_SQUARED_ERROR));
  }

  @Test
  void meanSquaredErrorThroughASoftmaxOutputRunsTheSoftmaxBackward() {
    check(new Case(mseOnSoftmax, "MseOnSoftmax", 3).targets(Loss.MEAN_SQUARED_ERROR));
  }

  @Test
  void convValidWithL1() {
    check(models, "ConvValid", 3, Map.of("conv/kernel", L1));
  }

  @Test
  void convSameStride2IntoConvWithoutBias() {
    // conv2's input gradient runs through col2im into conv1, whose padding is asymmetric.
    check(models, "ConvOnConv", 2, Map.of());
  }

  @Test
  void convSamePoolConvDenseWithL1() {
    check(models, "ConvPoolConv", 3, Map.of("conv2/kernel", L1, "hidden/kernel", L1));
  }

  @Test
  void overlappingAndSamePaddedPooling() {
    check(models, "OverlappingPools", 2, Map.of());
  }

  @Test
  void poolingAsFirstLayer() {
    check(models, "PoolFirst", 3, Map.of());
  }

  @Test
  void denseOnlyOnRank1InputWithL1AndNoOutputBias() {
    check(models, "Mlp", 3, Map.of("hidden/kernel", L1));
  }

  @Test
  void denseAfterFlattenOfRank3Input() {
    check(models, "FlattenFirst", 2, Map.of());
  }

  @Test
  void depthwiseWithMultiplierStridesSamePaddingAndL1AfterAConv() {
    check(models, "Depthwise", 3, Map.of("dw/kernel", L1));
  }

  @Test
  void depthwiseAsFirstLayerWithoutBias() {
    check(models, "DepthwiseFirst", 2, Map.of());
  }

  @Test
  void separableWithMultiplierStridesAndL1OnBothKernels() {
    check(models, "Separable", 3, Map.of("sep/depthwise_kernel", L1,
        "sep/pointwise_kernel", L1));
  }

  @Test
  void conv1dWithMaxAndAveragePoolingAndFlatten() {
    check(models, "Sequence", 3, Map.of("conv1/kernel", L1));
  }

  @Test
  void activityL1OnSeparableAndDepthwiseOutputs() {
    check(new Case(models, "ActivityOnNewLayers", 3).activityL1(0, 0.01).activityL1(1, 0.02));
  }

  @Test
  void conv1dIntoGlobalAveragePooling() {
    check(models, "SequenceGlobal", 2, Map.of());
  }

  @Test
  void hiddenSoftmaxOnConvAndDense() {
    check(hiddenSoftmax, "HiddenSoftmax", 3, Map.of());
  }

  /**
   * One gradient check: a compiled model, the batch, and what its {@code backward()}
   * differentiates besides the data loss (L1 penalties of kernels, activity L1 of layer outputs),
   * which the check recomputes in double.
   */
  static final class Case {
    final ModelCompiler.Loaded compiled;
    final String model;
    final int batch;
    final Map<String, Double> l1 = new HashMap<>();
    final Map<Integer, Double> activityL1 = new HashMap<>();
    final Map<String, Float> scales = new HashMap<>();
    boolean sparsemaxLoss;
    Loss targetLoss;
    float[] targets;
    int targetOff;

    Case(ModelCompiler.Loaded compiled, String model, int batch) {
      this.compiled = compiled;
      this.model = model;
      this.batch = batch;
    }

    /** The kernel {@code parameter} carries {@code @L1(lambda)}. */
    Case l1(String parameter, double lambda) {
      l1.put(parameter, lambda);
      return this;
    }

    /** Layer {@code layer} (its index) carries {@code @ActivityL1(lambda)}. */
    Case activityL1(int layer, double lambda) {
      activityL1.put(layer, lambda);
      return this;
    }

    /** The model's loss is {@code Loss.SPARSEMAX}, read from its output layer's logits. */
    Case sparsemaxLoss() {
      sparsemaxLoss = true;
      return this;
    }

    /**
     * The model trains on float targets with {@code loss}: the check draws targets (in [0, 1]
     * for binary cross-entropy, half of them exactly 0 or 1) and recomputes the loss in double
     * from the outputs, independently of the kernels' logit form.
     */
    Case targets(Loss loss) {
      targetLoss = loss;
      return this;
    }

    /** Multiplies {@code parameter}'s initial values by {@code factor} (e.g. to spread logits). */
    Case scale(String parameter, float factor) {
      scales.put(parameter, factor);
      return this;
    }
  }

  /** A checked network, after a forward pass of the batch it was checked on, at its weights. */
  static final class Checked {
    final GeneratedNetwork net;
    final float[] x;
    final int xOff;
    final int batch;

    Checked(GeneratedNetwork net, float[] x, int xOff, int batch) {
      this.net = net;
      this.x = x;
      this.xOff = xOff;
      this.batch = batch;
    }
  }

  private static void check(ModelCompiler.Loaded compiled, String model, int batch,
      Map<String, Double> l1) {
    Case c = new Case(compiled, model, batch);
    l1.forEach(c::l1);
    check(c);
  }

  /**
   * Checks every parameter of a fresh {@code Topiary<model>} on a random batch. The input and
   * labels sit at offsets in arrays padded with NaN and invalid labels, so reading outside them
   * shows.
   */
  static Checked check(Case c) {
    String model = c.model;
    int batch = c.batch;
    Map<String, Double> l1 = c.l1;
    GeneratedNetwork net = c.compiled.newNetwork(model, 17);
    SplittableRandom rng = new SplittableRandom(model.hashCode());
    for (Parameter p : net.parameters()) {
      float factor = c.scales.getOrDefault(p.name, 1f);
      for (int i = 0; i < p.size(); i++) {
        p.value[i] *= factor;
        if (p.name.endsWith("/bias")) {
          p.value[i] = (float) (rng.nextDouble() * 0.2 - 0.1); // biases start at 0; move them
        } else if (l1.containsKey(p.name) && Math.abs(p.value[i]) < 3 * STEPS[0]) {
          p.value[i] = Math.copySign(3 * STEPS[0] + Math.abs(p.value[i]), p.value[i]); // off |w|'s kink
        }
      }
    }
    for (String name : c.scales.keySet()) {
      assertTrue(net.parameters().stream().anyMatch(p -> p.name.equals(name)),
          model + " has no parameter " + name);
    }
    int xOff = 3;
    float[] x = new float[xOff + batch * net.inputSize() + 2];
    Arrays.fill(x, Float.NaN);
    for (int i = 0; i < batch * net.inputSize(); i++) {
      x[xOff + i] = (float) (rng.nextDouble() * 2 - 1);
    }
    int labelOff = 2;
    int[] labels = new int[labelOff + batch];
    Arrays.fill(labels, -1);
    for (int r = 0; r < batch; r++) {
      labels[labelOff + r] = rng.nextInt(net.outputSize());
    }

    if (c.targetLoss != null) {
      c.targetOff = 5;
      c.targets = new float[c.targetOff + batch * net.outputSize() + 3];
      Arrays.fill(c.targets, Float.NaN);
      for (int i = 0; i < batch * net.outputSize(); i++) {
        double u = rng.nextDouble();
        c.targets[c.targetOff + i] = (float) (c.targetLoss == Loss.MEAN_SQUARED_ERROR ? 2 * u - 1
            : i % 2 == 0 ? Math.round(u) : u);
      }
    }

    net.forward(x, xOff, batch);
    float reported = c.targetLoss == null ? net.backward(labels, labelOff, batch)
        : net.backward(c.targets, c.targetOff, batch);
    double loss = loss(net, x, xOff, labels, labelOff, batch, c);
    assertTrue(Math.abs(reported - loss) <= LOSS_TOLERANCE * loss,
        model + ": backward() returned loss " + reported + ", expected " + loss);
    for (String name : l1.keySet()) {
      assertTrue(net.parameters().stream().anyMatch(p -> p.name.equals(name)),
          model + " has no parameter " + name);
    }

    for (Parameter p : net.parameters()) {
      double[] analytic = new double[p.size()];
      double[] numeric = new double[p.size()];
      int unchecked = 0;
      for (int i = 0; i < p.size(); i++) {
        double fd = finiteDifference(net, p, i, x, xOff, labels, labelOff, batch, c);
        if (Double.isNaN(fd)) {
          unchecked++; // every step crosses a kink: no finite difference is exact here
        } else {
          analytic[i] = p.grad[i];
          numeric[i] = fd;
        }
      }
      String where = model + " " + p.name;
      double error = relativeError(analytic, numeric);
      assertTrue(unchecked <= MAX_UNCHECKED * p.size(), where + ": " + unchecked + " of "
          + p.size() + " entries sit on a kink at every step");
      assertTrue(norm(numeric) > 1e-4, where + ": finite differences are all ~0, so the check "
          + "would prove nothing: " + Arrays.toString(numeric));
      assertTrue(error < TOLERANCE, where + ": relative error " + error + "\nanalytic "
          + Arrays.toString(analytic) + "\nnumeric  " + Arrays.toString(numeric));
    }
    net.forward(x, xOff, batch);
    return new Checked(net, x, xOff, batch);
  }

  /**
   * {@code dL/dw} for entry {@code i} of {@code p}, from points where the forward pass takes the
   * same branches as at {@code w} (so the loss is smooth between them): central differences at
   * {@code w +- h}, or else second-order one-sided differences at {@code w, w + h, w + 2h} on a
   * side without a kink, which give the derivative the backward pass computes with the branches
   * taken at {@code w}. Tries each step, largest first; NaN if every one crosses a kink.
   */
  private static double finiteDifference(GeneratedNetwork net, Parameter p, int i, float[] x,
      int xOff, int[] labels, int labelOff, int batch, Case c) {
    float w = p.value[i];
    double loss = loss(net, x, xOff, labels, labelOff, batch, c);
    List<int[]> branches = Branches.of(net);
    try {
      for (float step : STEPS) {
        double plus = lossAt(net, p, i, w + step, branches, x, xOff, labels, labelOff, batch, c);
        double minus = lossAt(net, p, i, w - step, branches, x, xOff, labels, labelOff, batch, c);
        if (!Double.isNaN(plus) && !Double.isNaN(minus)) {
          return (plus - minus) / ((double) (w + step) - (w - step));
        }
        for (float side : new float[] {step, -step}) {
          double nearLoss = side > 0 ? plus : minus;
          if (Double.isNaN(nearLoss)) {
            continue;
          }
          float far = w + 2 * side;
          double farLoss = lossAt(net, p, i, far, branches, x, xOff, labels, labelOff, batch, c);
          if (!Double.isNaN(farLoss)) {
            return oneSided(loss, (double) (w + side) - w, nearLoss, (double) far - w, farLoss);
          }
        }
      }
      return Double.NaN;
    } finally {
      p.value[i] = w;
    }
  }

  /**
   * The derivative at 0 of the parabola through {@code (0, f0), (a, fa), (b, fb)}: error
   * {@code O(h^2)} like central differences, from one side only.
   */
  private static double oneSided(double f0, double a, double fa, double b, double fb) {
    return -(a + b) / (a * b) * f0 + b / (a * (b - a)) * fa - a / (b * (b - a)) * fb;
  }

  /** The loss with entry {@code i} of {@code p} set to {@code value}, or NaN if the branches differ. */
  private static double lossAt(GeneratedNetwork net, Parameter p, int i, float value,
      List<int[]> branches, float[] x, int xOff, int[] labels, int labelOff, int batch,
      Case c) {
    p.value[i] = value;
    double loss = loss(net, x, xOff, labels, labelOff, batch, c);
    return Branches.same(branches, Branches.of(net)) ? loss : Double.NaN;
  }

  /**
   * The mean data loss of a forward pass (cross-entropy, or the sparsemax loss of the output
   * layer's logits) plus {@code sum lambda * |w|} and {@code sum lambda * |a| / batch}, in double.
   */
  private static double loss(GeneratedNetwork net, float[] x, int xOff, int[] labels,
      int labelOff, int batch, Case c) {
    float[] p = net.forward(x, xOff, batch);
    int k = net.outputSize();
    double loss = 0;
    if (c.targetLoss != null) {
      loss = targetLoss(p, batch, k, c);
    } else if (c.sparsemaxLoss) {
      float[] z = logits(net);
      for (int r = 0; r < batch; r++) {
        loss += sparsemaxLoss(z, r * k, k, labels[labelOff + r]) / batch;
      }
    } else {
      for (int r = 0; r < batch; r++) {
        loss -= Math.log(p[r * k + labels[labelOff + r]]) / batch;
      }
    }
    for (Map.Entry<Integer, Double> e : c.activityL1.entrySet()) {
      float[] a = net.activations(e.getKey());
      int size = Arrays.stream(net.layers().get(e.getKey()).outputShape())
          .reduce(1, (u, v) -> u * v);
      double sum = 0;
      for (int i = 0; i < batch * size; i++) {
        sum += Math.abs(a[i]);
      }
      loss += e.getValue().floatValue() * sum / batch; // the network holds lambda as a float
    }
    for (Parameter param : net.parameters()) {
      Double lambda = c.l1.get(param.name);
      if (lambda != null) {
        double sum = 0;
        for (float w : param.value) {
          sum += Math.abs(w);
        }
        loss += lambda.floatValue() * sum; // the network holds lambda as a float
      }
    }
    return loss;
  }

  /**
   * The mean over rows and outputs of {@code (p - t)^2}, or of {@code -t log p - (1 - t)
   * log(1 - p)} from the sigmoid's outputs {@code p} (not its logits), in double.
   */
  private static double targetLoss(float[] p, int batch, int k, Case c) {
    double loss = 0;
    for (int i = 0; i < batch * k; i++) {
      double t = c.targets[c.targetOff + i];
      double a = p[i];
      loss += c.targetLoss == Loss.MEAN_SQUARED_ERROR ? (a - t) * (a - t)
          : -t * Math.log(a) - (1 - t) * Math.log(1 - a);
    }
    return loss / (batch * k);
  }

  /**
   * The output layer's logits: a standalone {@code @Sparsemax} reads the previous layer's output;
   * a layer with weights and {@code activation = SPARSEMAX} keeps them in {@code <name>Logits}.
   */
  private static float[] logits(GeneratedNetwork net) {
    int last = net.layers().size() - 1;
    if (net.layers().get(last).type().equals("Sparsemax")) {
      return net.activations(last - 1);
    }
    String field = net.layers().get(last).name() + "Logits";
    try {
      Field f = net.getClass().getDeclaredField(field);
      f.setAccessible(true);
      return (float[]) f.get(net);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(net.modelName() + " keeps no logits in " + field, e);
    }
  }

  /**
   * The sparsemax loss of one row (Martins &amp; Astudillo 2016, eq. 19) in double:
   * {@code -z_y + 1/2 sum_{j in S} (z_j^2 - tau^2) + 1/2}, with {@code tau} from the sorted
   * logits: the largest {@code m} with {@code 1 + m z_(m) > sum_{j <= m} z_(j)} is {@code |S|}.
   */
  static double sparsemaxLoss(float[] z, int off, int k, int y) {
    double[] sorted = new double[k];
    for (int j = 0; j < k; j++) {
      sorted[j] = -z[off + j];
    }
    Arrays.sort(sorted); // the negated logits ascending: the logits descending
    double sum = 0;
    double tau = 0;
    for (int m = 1; m <= k && 1 - m * sorted[m - 1] > sum - sorted[m - 1]; m++) {
      sum -= sorted[m - 1];
      tau = (sum - 1) / m;
    }
    double loss = 0.5 - z[off + y];
    for (int j = 0; j < k; j++) {
      if (z[off + j] > tau) {
        loss += 0.5 * ((double) z[off + j] * z[off + j] - tau * tau);
      }
    }
    return loss;
  }

  /**
   * The branches a forward pass took, read from the generated network's buffers: the sign of
   * every value of its float buffers (a ReLU on or off; a sign change elsewhere is harmless and
   * only makes the check use a smaller step) and every max-pooling winner of its int buffers.
   * Central differences are exact only where these stay the same (the "kinks" of CS231n's
   * gradient-check notes).
   */
  private static final class Branches {
    static List<int[]> of(GeneratedNetwork net) {
      List<int[]> branches = new ArrayList<>();
      try {
        for (Field f : net.getClass().getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers())) {
            continue;
          }
          f.setAccessible(true);
          if (f.getType() == float[].class) {
            float[] v = (float[]) f.get(net);
            int[] signs = new int[v.length];
            for (int j = 0; j < v.length; j++) {
              signs[j] = v[j] > 0 ? 1 : 0;
            }
            branches.add(signs);
          } else if (f.getType() == int[].class) {
            branches.add(((int[]) f.get(net)).clone());
          }
        }
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
      assertTrue(!branches.isEmpty(), net + " has no activation buffers");
      return branches;
    }

    static boolean same(List<int[]> a, List<int[]> b) {
      for (int j = 0; j < a.size(); j++) {
        if (!Arrays.equals(a.get(j), b.get(j))) {
          return false;
        }
      }
      return true;
    }
  }

  private static double relativeError(double[] a, double[] b) {
    double[] diff = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      diff[i] = a[i] - b[i];
    }
    return norm(diff) / (norm(a) + norm(b));
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d * d;
    }
    return Math.sqrt(s);
  }
}
