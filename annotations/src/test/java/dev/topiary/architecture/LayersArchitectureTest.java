package dev.topiary.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The architecture text of Dropout, the average and global poolings and BatchNormalization. */
class LayersArchitectureTest {
  @Test
  void dropoutKeepsItsRateThroughTheText() {
    String s = "input 6; h Dense 8 RELU bias -> 8; d Dropout r0.25 -> 8; o Dense 2 SOFTMAX bias -> 2";
    Architecture a = Architecture.parse(s);
    assertEquals(0.25f, a.layers().get(1).rate());
    assertEquals(s, a.text());
    assertEquals(0.25f, a.layers().get(1).withChannels(5, 5).rate(), "compaction keeps the rate");
  }

  @Test
  void refusesADropoutRateOutsideItsRange() {
    for (String rate : new String[] {"r1.0", "r-0.1", "rNaN", "0.2", "rx"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Architecture.parse("input 4; d Dropout " + rate + " -> 4"));
      assertTrue(e.getMessage().contains("rate"), e.getMessage());
    }
  }

  @Test
  void averageAndGlobalPoolingsWriteTheirOptionsAndShapes() {
    String s = "input 7x7x2; a AveragePooling2D p3x3 s2x2 SAME -> 4x4x2; "
        + "g GlobalAveragePooling2D -> 2; o Dense 3 SOFTMAX bias -> 3";
    Architecture a = Architecture.parse(s);
    assertEquals(s, a.text());
    assertEquals(LayerKind.AVERAGE_POOLING2D, a.layers().get(0).kind());
    assertEquals(1, a.layers().get(0).padBefore(0));
    String max = "input 5x5x4; m GlobalMaxPooling2D -> 4";
    assertEquals(max, Architecture.parse(max).text());
    assertThrows(IllegalArgumentException.class,
        () -> Architecture.parse("input 5x5x4; m GlobalMaxPooling2D -> 5x5x4"));
    assertThrows(IllegalArgumentException.class,
        () -> Architecture.parse("input 8; m GlobalAveragePooling2D -> 8"));
  }

  @Test
  void batchNormalizationWritesItsOptionsAndStoresFourTensors() {
    String s = "input 6x6x2; c Conv2D 4 k3x3 s1x1 SAME LINEAR no-bias -> 6x6x4; "
        + "bn BatchNormalization m0.9 e1.0E-5 no-center scale -> 6x6x4";
    Architecture a = Architecture.parse(s);
    assertEquals(s, a.text());
    LayerDescription bn = a.layers().get(1);
    assertEquals(0.9f, bn.momentum());
    assertEquals(1e-5f, bn.epsilon());
    assertEquals(java.util.List.of("bn/gamma", "bn/moving_mean", "bn/moving_variance"),
        new java.util.ArrayList<>(bn.tensors().keySet()));
    assertEquals(4, (int) bn.tensors().get("bn/moving_variance"));
    assertEquals(java.util.List.of("c/kernel"), new java.util.ArrayList<>(
        a.layers().get(0).tensors().keySet()));
    for (String bad : new String[] {"m1.0 e0.001 center scale", "m0.99 e0.0 center scale",
        "m0.99 e0.001 centre scale", "m0.99 e0.001 center"}) {
      assertThrows(IllegalArgumentException.class,
          () -> Architecture.parse("input 4; bn BatchNormalization " + bad + " -> 4"), bad);
    }
  }
}
