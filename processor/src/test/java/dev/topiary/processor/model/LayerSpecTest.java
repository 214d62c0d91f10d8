package dev.topiary.processor.model;

import static com.google.common.truth.Truth.assertThat;

import dev.topiary.Activation;
import dev.topiary.Padding;
import dev.topiary.architecture.LayerKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-kind specs compute their shapes and sizes from their own values, and
 * {@link ConvPoolFusion} decides which conv+pool pairs run fused, for inference and for training.
 */
class LayerSpecTest {
  private static final Shape IMAGE = Shape.of(28, 28, 1);

  private static LayerMethod method(String name) {
    return new LayerMethod(name, "@Test", null, null, Map.of(), "dev.topiary.runtime.Layer", 0,
        true, List.of());
  }

  private static Conv2DSpec conv(Activation activation, Double activityL1, int[] strides,
      Padding padding) {
    return new Conv2DSpec(method("conv"), IMAGE, activityL1, activation, true, null, null, 32,
        new Window(new int[] {3, 3}, strides, padding));
  }

  private static Conv2DSpec conv(Activation activation, Double activityL1) {
    return conv(activation, activityL1, new int[] {1, 1}, Padding.VALID);
  }

  private static MaxPoolingSpec pool(Shape input) {
    return new MaxPoolingSpec(method("pool"), input, null,
        new Window(new int[] {2, 2}, new int[] {2, 2}, Padding.VALID));
  }

  @Test
  void conv2dSizesFollowFromItsValues() {
    Conv2DSpec c = conv(Activation.RELU, null);
    int out = (28 - 3) / 1 + 1; // VALID
    assertThat(c.output()).isEqualTo(Shape.of(out, out, 32));
    assertThat(c.patchSize()).isEqualTo(3 * 3 * 1);
    assertThat(c.kernelSize()).isEqualTo(3 * 3 * 1 * 32);
    assertThat(c.biasSize()).isEqualTo(32);
    assertThat(c.parameterCount()).isEqualTo(3 * 3 * 32 + 32);
    assertThat(c.patchesSize()).isEqualTo((long) out * out * 9);
    assertThat(c.macsPerExample()).isEqualTo((long) out * out * 9 * 32);
  }

  @Test
  void samePaddingPutsTheSmallerHalfFirst() {
    Conv2DSpec c = conv(Activation.LINEAR, null, new int[] {2, 2}, Padding.SAME);
    assertThat(c.output()).isEqualTo(Shape.of(14, 14, 32)); // ceil(28 / 2)
    // (14 - 1) * 2 + 3 - 28 = 1 row of padding in all: none above, one below.
    assertThat(c.window().padTop(IMAGE)).isEqualTo(0);
    assertThat(c.window().padLeft(IMAGE)).isEqualTo(0);
    Shape odd = Shape.of(5, 5, 1);
    Window w = new Window(new int[] {4, 4}, new int[] {1, 1}, Padding.SAME);
    assertThat(w.padTop(odd)).isEqualTo(1); // (5 - 1) * 1 + 4 - 5 = 3: one above, two below
  }

  @Test
  void anUnknownInputOrInvalidValuesGiveAnUnknownOutput() {
    assertThat(pool(Shape.UNKNOWN).output()).isEqualTo(Shape.UNKNOWN);
    assertThat(new DenseSpec(method("d"), IMAGE, null, Activation.LINEAR, true, null, null, 10)
        .output()).isEqualTo(Shape.UNKNOWN); // Dense wants a vector
    assertThat(new DenseSpec(method("d"), Shape.of(4), null, Activation.LINEAR, false, null,
        null, 0).output()).isEqualTo(Shape.UNKNOWN);
    assertThat(new Conv2DSpec(method("c"), IMAGE, null, Activation.LINEAR, true, null, null, 4,
        new Window(new int[] {3}, new int[] {1, 1}, Padding.VALID)).output())
        .isEqualTo(Shape.UNKNOWN);
  }

  @Test
  void activationLayersKeepTheirShapeAndSayTheirActivation() {
    ActivationLayerSpec relu = new ActivationLayerSpec(LayerKind.RELU, method("r"), IMAGE, null);
    assertThat(relu.output()).isEqualTo(IMAGE);
    assertThat(relu.activation()).isEqualTo(Activation.RELU);
    assertThat(relu.alpha()).isEqualTo(LayerSpec.KERAS_LEAKY_ALPHA);
    LeakyReLUSpec leaky = new LeakyReLUSpec(method("l"), IMAGE, null, 0.1);
    assertThat(leaky.activation()).isEqualTo(Activation.LEAKY_RELU);
    assertThat(leaky.alpha()).isEqualTo(0.1);
    assertThat(new FlattenSpec(method("f"), IMAGE, null).output()).isEqualTo(Shape.of(784));
  }

  @Test
  void reluOrLinearConvBeforePoolingFusesForInference() {
    for (Activation a : Activation.values()) {
      Conv2DSpec c = conv(a, null);
      boolean expected = a == Activation.RELU || a == Activation.LINEAR;
      assertThat(ConvPoolFusion.forInference(c, pool(c.output()))).isEqualTo(expected);
    }
  }

  @Test
  void onlyReluWithoutActivityPenaltyAlsoTrainsFused() {
    Conv2DSpec relu = conv(Activation.RELU, null);
    assertThat(ConvPoolFusion.forTraining(relu, pool(relu.output()))).isTrue();
    assertThat(ConvPoolFusion.forTraining(conv(Activation.LINEAR, null), pool(relu.output())))
        .isFalse();
    Conv2DSpec penalized = conv(Activation.RELU, 1e-4);
    assertThat(ConvPoolFusion.forInference(penalized, pool(relu.output()))).isTrue();
    assertThat(ConvPoolFusion.forTraining(penalized, pool(relu.output()))).isFalse();
  }

  @Test
  void nothingFusesWithoutAConvFollowedByAPooling() {
    Conv2DSpec c = conv(Activation.RELU, null);
    assertThat(ConvPoolFusion.forInference(c, null)).isFalse();
    assertThat(ConvPoolFusion.forInference(c,
        new ActivationLayerSpec(LayerKind.RELU, method("r"), c.output(), null))).isFalse();
    MaxPoolingSpec p = pool(IMAGE);
    assertThat(ConvPoolFusion.forInference(p, pool(p.output()))).isFalse();
  }
}
