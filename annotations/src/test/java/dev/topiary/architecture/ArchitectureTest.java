package dev.topiary.architecture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.Activation;
import dev.topiary.Loss;
import dev.topiary.Padding;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  static final String SEED = "input 28x28x1; conv Conv2D 32 k3x3 s1x1 VALID RELU bias -> 26x26x32;"
      + " pool MaxPooling2D p2x2 s2x2 VALID -> 13x13x32; flatten Flatten -> 5408;"
      + " hidden Dense 64 RELU bias -> 64; output Dense 10 SOFTMAX bias -> 10";

  @Test
  void readsTheSeedCnnsDescriptionAndWritesItBack() {
    Architecture a = Architecture.parse(SEED);
    assertArrayEquals(new int[] {28, 28, 1}, a.inputShape());
    assertEquals(5, a.layers().size());
    LayerDescription conv = a.layers().get(0);
    assertEquals(LayerKind.CONV2D, conv.kind());
    assertEquals(32, conv.outputChannels());
    assertEquals(288, conv.kernelSize());
    assertArrayEquals(new int[] {28, 28, 1}, conv.inShape());
    assertEquals(5408 * 64, a.layers().get(3).kernelSize());
    assertEquals(Activation.SOFTMAX, a.layers().get(4).activation());
    assertEquals(SEED, a.text());
  }

  @Test
  void keepsLeakySlopesPaddingAndMissingBiases() {
    String s = "input 8x8x3; c Conv2D 4 k3x3 s2x2 SAME LEAKY_RELU no-bias -> 4x4x4; "
        + "p MaxPooling2D p3x3 s1x1 SAME -> 4x4x4; f Flatten -> 64; l LeakyReLU a0.05 -> 64; "
        + "s Sparsemax -> 64";
    Architecture a = Architecture.parse(s);
    assertEquals(0.05f, a.layers().get(3).alpha());
    assertTrue(a.layers().get(0).same());
    assertFalse(a.layers().get(0).bias());
    assertEquals(Activation.SPARSEMAX, a.layers().get(4).activation());
    assertEquals(s, a.text());
  }

  @Test
  void keepsSigmoidTanhAndAStatedLoss() {
    String s = "input 3; h Dense 8 TANH bias -> 8; c Conv2D 1 k1x1 s1x1 VALID SIGMOID bias -> 1x1x1";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Architecture.parse(s)); // a Conv2D on a vector: the shapes are checked as before
    assertTrue(e.getMessage().contains("H x W x C"), e.getMessage());
    String regression = "input 3; h Dense 8 TANH bias -> 8; out Dense 1 LINEAR bias -> 1; "
        + "loss MEAN_SQUARED_ERROR";
    Architecture a = Architecture.parse(regression);
    assertEquals(Activation.TANH, a.layers().get(0).activation());
    assertEquals(2, a.layers().size());
    assertEquals(Loss.MEAN_SQUARED_ERROR, a.loss());
    assertEquals(regression, a.text());
    String binary = "input 2x2x1; c Conv2D 2 k2x2 s1x1 VALID SIGMOID no-bias -> 1x1x2; "
        + "f Flatten -> 2; out Dense 1 SIGMOID bias -> 1; loss BINARY_CROSSENTROPY";
    Architecture b = Architecture.parse(binary);
    assertEquals(Activation.SIGMOID, b.layers().get(0).activation());
    assertEquals(Loss.BINARY_CROSSENTROPY, b.loss());
    assertEquals(binary, b.text());
    // a classifier's loss is implied by its output, and its text names none (files unchanged)
    assertEquals(Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Architecture.parse(SEED).loss());
    assertEquals(null, Architecture.parse(SEED).statedLoss());
    assertEquals(Loss.SPARSEMAX, Architecture.parse("input 4; s Sparsemax -> 4").loss());
    // a layer named loss is still a layer
    assertEquals(1, Architecture.parse("input 4; loss ReLU -> 4").layers().size());
    // tanh keeps zero (a pruned unit's output stays 0), the sigmoid does not (sigmoid(0) = 0.5)
    assertTrue(a.layers().get(0).activationKeepsZero());
    assertFalse(b.layers().get(2).activationKeepsZero());
  }

  @Test
  void saysWhatItExpectedWhereItCannotRead() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Architecture.parse("input 28x28x1; conv Conv3D 32 -> 26x26x32"));
    assertTrue(e.getMessage().contains("found 'conv Conv3D 32 -> 26x26x32'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Architecture.parse("input 784; d Dense 64 GELU bias -> 64"));
    assertTrue(e.getMessage().contains("expected an activation"), e.getMessage());
    assertTrue(e.getMessage().contains("SIGMOID, TANH"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Architecture.parse("input 4; d Dense 1 LINEAR bias -> 1; loss HUBER"));
    assertTrue(e.getMessage().contains("expected a loss, one of [SPARSE_CATEGORICAL_CROSSENTROPY"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Architecture.parse("inputs 28"));
    assertTrue(e.getMessage().contains("expected 'input HxWxC'"), e.getMessage());
  }

  /** Texts whose stated shapes the layers would not compute: each is refused, never believed. */
  @Test
  void refusesStatedShapesThatTheOptionsDoNotGive() {
    String[][] cases = {
        // a 1x1 conv with stride 2 on 3x3 computes 2x2, not 3x3
        {"input 3x3x1; c Conv2D 1 k1x1 s2x2 VALID LINEAR bias -> 3x3x1", "2x2x1"},
        // Flatten of 37 values stated as 37 with a 10-wide input
        {"input 4x10x1; f Flatten -> 37; d Dense 2 LINEAR bias -> 2", "40"},
        // a pooling window larger than its input
        {"input 3x3x1; p MaxPooling2D p4x4 s4x4 VALID -> 1x1x1", "window of at most 3x3"},
        // Dense on an image
        {"input 4x4x1; d Dense 2 LINEAR bias -> 2", "vector input"},
        // Dense units that disagree with the stated shape
        {"input 8; d Dense 2 LINEAR bias -> 3", "output shape 2"},
    };
    for (String[] c : cases) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Architecture.parse(c[0]), c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
    }
  }

  @Test
  void refusesSizesThatOverflowOrAreNotPositive() {
    for (String s : new String[] {"input 65536x65536x1; f Flatten -> 1",
        "input 0; r ReLU -> 0", "input -3; r ReLU -> -3",
        "input 46341x46341; r ReLU -> 46341x46341",
        "input 2147483647; d Dense 2147483647 LINEAR bias -> 2147483647"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Architecture.parse(s).layers().get(0).kernelSize(), s);
      assertTrue(e.getMessage().contains("expected"), s + ": " + e.getMessage());
    }
  }

  @Test
  void refusesTwoLayersOfOneNameAndTrailingOptions() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Architecture.parse("input 4; a ReLU -> 4; a ReLU -> 4"));
    assertTrue(e.getMessage().contains("one layer named a"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Architecture.parse("input 4; d Dense 4 RELU bias extra -> 4"));
    assertTrue(e.getMessage().contains("no options after"), e.getMessage());
  }

  @Test
  void samePaddingPutsTheSmallerHalfFirstAsTensorFlowDoes() {
    // TensorFlow: out = ceil(in / s); total = max((out - 1) * s + k - in, 0); before = total / 2
    assertEquals(3, Geometry.outputSize(5, 3, 2, Padding.SAME));
    assertEquals(1, Geometry.padBefore(5, 3, 2, Padding.SAME)); // total 2
    assertEquals(0, Geometry.padBefore(6, 3, 2, Padding.SAME)); // total 1
    assertEquals(1, Geometry.padBefore(28, 3, 1, Padding.SAME)); // total 2
    assertEquals(13, Geometry.outputSize(26, 2, 2, Padding.VALID));
    assertEquals(0, Geometry.padBefore(26, 2, 2, Padding.VALID));
  }

  @Test
  void onlyAReluOrLinearConvBeforeMaxPoolingRunsFused() {
    assertTrue(Fusion.convPool(LayerKind.CONV2D, Activation.RELU, LayerKind.MAX_POOLING2D));
    assertTrue(Fusion.convPool(LayerKind.CONV2D, Activation.LINEAR, LayerKind.MAX_POOLING2D));
    assertFalse(Fusion.convPool(LayerKind.CONV2D, Activation.LEAKY_RELU,
        LayerKind.MAX_POOLING2D));
    assertFalse(Fusion.convPool(LayerKind.CONV2D, Activation.RELU, LayerKind.FLATTEN));
    assertFalse(Fusion.convPool(LayerKind.CONV2D, Activation.RELU, null));
    assertFalse(Fusion.convPool(LayerKind.DENSE, Activation.RELU, LayerKind.MAX_POOLING2D));
  }

  @Test
  void readsAndWritesTheDepthwiseSeparableAndSequenceLayers() {
    String image = "input 9x9x3; dw DepthwiseConv2D m2 k3x3 s2x2 SAME RELU bias -> 5x5x6; "
        + "sep SeparableConv2D 4 m1 k3x3 s1x1 VALID LINEAR no-bias -> 3x3x4; f Flatten -> 36";
    Architecture a = Architecture.parse(image);
    LayerDescription dw = a.layers().get(0);
    assertEquals(2, dw.depthMultiplier());
    assertEquals(6, dw.outputChannels());
    assertEquals(3 * 3 * 3 * 2, dw.kernelSize());
    assertEquals(java.util.Map.of("dw/kernel", 54, "dw/bias", 6), dw.tensors());
    LayerDescription sep = a.layers().get(1);
    assertEquals(3 * 3 * 6, sep.depthwiseKernelSize());
    assertEquals(6 * 4, sep.pointwiseKernelSize());
    assertEquals(java.util.List.of("sep/depthwise_kernel", "sep/pointwise_kernel"),
        new java.util.ArrayList<>(sep.tensors().keySet()));
    assertEquals(image, a.text());
    String seq = "input 20x3; c Conv1D 8 k5 s2 SAME RELU bias -> 10x8; p MaxPooling1D p2 s2 VALID"
        + " -> 5x8; q AveragePooling1D p3 s1 SAME -> 5x8; g GlobalAveragePooling1D -> 8";
    Architecture b = Architecture.parse(seq);
    assertEquals(5 * 3 * 8, b.layers().get(0).kernelSize());
    assertEquals(seq, b.text());
    assertEquals("input 20x3; c Conv1D 8 k5 s1 VALID RELU bias -> 16x8; f Flatten -> 128",
        Architecture.parse("input 20x3; c Conv1D 8 k5 s1 VALID RELU bias -> 16x8; f Flatten -> 128")
            .text());
    assertThrows(IllegalArgumentException.class,
        () -> Architecture.parse("input 9x9x3; dw DepthwiseConv2D m0 k3x3 s1x1 SAME RELU bias -> 9x9x0"));
    assertThrows(IllegalArgumentException.class,
        () -> Architecture.parse("input 9x9x3; c Conv1D 8 k5 s1 VALID RELU bias -> 5x8"));
    assertThrows(IllegalArgumentException.class,
        () -> Architecture.parse("input 20x3; d DepthwiseConv2D m1 k3x3 s1x1 SAME RELU bias -> 20x3"));
  }
}
