package dev.topiary.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.inference.LayerDesc.Kind;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  static final String SEED = "input 28x28x1; conv Conv2D 32 k3x3 s1x1 VALID RELU bias -> 26x26x32;"
      + " pool MaxPooling2D p2x2 s2x2 VALID -> 13x13x32; flatten Flatten -> 5408;"
      + " hidden Dense 64 RELU bias -> 64; output Dense 10 SOFTMAX bias -> 10";

  @Test
  void readsTheSeedCnnsDescriptionAndWritesItBack() {
    Architecture a = Architecture.parse(SEED);
    assertArrayEquals(new int[] {28, 28, 1}, a.inputShape);
    assertEquals(5, a.layers.size());
    LayerDesc conv = a.layers.get(0);
    assertEquals(Kind.CONV2D, conv.kind);
    assertEquals(32, conv.size);
    assertEquals(288, conv.kernelSize());
    assertArrayEquals(new int[] {28, 28, 1}, conv.inShape);
    assertEquals(5408 * 64, a.layers.get(3).kernelSize());
    assertEquals("SOFTMAX", a.layers.get(4).activation);
    assertEquals(SEED, a.describe());
  }

  @Test
  void keepsLeakySlopesPaddingAndMissingBiases() {
    String s = "input 8x8x3; c Conv2D 4 k3x3 s2x2 SAME LEAKY_RELU no-bias -> 4x4x4; "
        + "p MaxPooling2D p3x3 s1x1 SAME -> 4x4x4; f Flatten -> 64; l LeakyReLU a0.05 -> 64; "
        + "s Sparsemax -> 64";
    Architecture a = Architecture.parse(s);
    assertEquals(0.05f, a.layers.get(3).alpha);
    assertTrue(a.layers.get(0).same);
    assertEquals(false, a.layers.get(0).bias);
    assertEquals(s, a.describe());
  }

  @Test
  void saysWhatItExpectedWhereItCannotRead() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Architecture.parse("input 28x28x1; conv Conv3D 32 -> 26x26x32"));
    assertTrue(e.getMessage().contains("found 'conv Conv3D 32 -> 26x26x32'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Architecture.parse("input 28x28x1; d Dense 64 TANH bias -> 64"));
    assertTrue(e.getMessage().contains("expected an activation"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Architecture.parse("inputs 28"));
    assertTrue(e.getMessage().contains("expected 'input HxWxC'"), e.getMessage());
  }
}
