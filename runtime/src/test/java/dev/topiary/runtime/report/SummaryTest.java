package dev.topiary.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Layer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SummaryTest {
  /** A layer that only describes itself, enough for a summary. */
  private static final class FakeLayer implements Layer {
    private final String name;
    private final String type;
    private final int[] outputShape;
    private final long parameterCount;

    FakeLayer(String name, String type, long parameterCount, int... outputShape) {
      this.name = name;
      this.type = type;
      this.outputShape = outputShape;
      this.parameterCount = parameterCount;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public int[] outputShape() {
      return outputShape.clone();
    }

    @Override
    public long parameterCount() {
      return parameterCount;
    }
  }

  /** The seed CNN of the samples: Keras's MNIST convnet with a 64-unit hidden layer. */
  private static List<Layer> seedCnn() {
    return Arrays.<Layer>asList(
        new FakeLayer("conv", "Conv2D", 320, 26, 26, 32),
        new FakeLayer("pool", "MaxPooling2D", 0, 13, 13, 32),
        new FakeLayer("flatten", "Flatten", 0, 5408),
        new FakeLayer("hidden", "Dense", 346_176, 64),
        new FakeLayer("output", "Dense", 650, 10));
  }

  @Test
  void twoLayerModelIsLaidOutLikeKeras() {
    List<Layer> layers = Arrays.<Layer>asList(
        new FakeLayer("hidden", "Dense", 50_240, 64),
        new FakeLayer("output", "Dense", 650, 10));

    assertEquals(""
        + "Model: \"Tiny\"\n"
        + "_________________________________________________________________\n"
        + " Layer (type)                Output Shape              Param #\n"
        + "=================================================================\n"
        + " hidden (Dense)              (None, 64)                50,240\n"
        + "\n"
        + " output (Dense)              (None, 10)                650\n"
        + "\n"
        + "=================================================================\n"
        + "Total params: 50,890 (198.79 KB)\n"
        + "Trainable params: 50,890 (198.79 KB)\n"
        + "Non-trainable params: 0 (0.00 B)\n"
        + "_________________________________________________________________",
        Summary.of("Tiny", layers));
  }

  @Test
  void seedCnnTotals347146ParametersOf132Megabytes() {
    String summary = Summary.of("SeedCnn", seedCnn());

    assertTrue(summary.contains("\n conv (Conv2D)               (None, 26, 26, 32)        320\n"),
        summary);
    assertTrue(summary.contains("\n flatten (Flatten)           (None, 5408)              0\n"),
        summary);
    assertTrue(
        summary.contains("\n hidden (Dense)              (None, 64)                346,176\n"),
        summary);
    assertTrue(summary.contains("\nTotal params: 347,146 (1.32 MB)\n"), summary);
    assertTrue(summary.contains("\nTrainable params: 347,146 (1.32 MB)\n"), summary);
  }

  @Test
  void linesFitTheWidthWithoutTrailingBlanks() {
    for (String line : Summary.of("SeedCnn", seedCnn()).split("\n", -1)) {
      assertTrue(line.length() <= Summary.LINE_LENGTH, line);
      assertTrue(line.isEmpty() || line.charAt(line.length() - 1) != ' ', "[" + line + "]");
    }
  }

  @Test
  void longCellsContinueOnTheNextLineAsKerasWrapsThem() {
    // Column 1 holds 26 characters, column 2 holds 23, the count column 10.
    List<Layer> layers = Collections.<Layer>singletonList(
        new FakeLayer("max_pooling2d", "MaxPooling2D", 12_345_678_901L, 13, 13, 32));

    String summary = Summary.of("Wide", layers);

    assertTrue(summary.contains("\n"
        + " max_pooling2d (MaxPooling2  (None, 13, 13, 32)        12,345,678\n"
        + " D)                                                    ,901\n"
        + "\n"), summary);
  }

  @Test
  void countsUseCommasWhateverTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals("347,146", Summary.count(347_146));
      assertEquals("1.32 MB", Summary.memorySize(347_146 * 4.0));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void memorySizesFollowKerasUnits() {
    assertEquals("0.00 B", Summary.memorySize(0));
    assertEquals("1023.00 B", Summary.memorySize(1023));
    assertEquals("1.00 KB", Summary.memorySize(1024));
    assertEquals("2.54 KB", Summary.memorySize(2600));
    assertEquals("1.00 GB", Summary.memorySize(1024.0 * 1024 * 1024));
    assertEquals("2048.00 PB", Summary.memorySize(2048 * Math.pow(1024, 5)));
  }

  @Test
  void shapesAreBatchFirstPythonTuples() {
    assertEquals("(None, 26, 26, 32)", Summary.shape(new int[] {26, 26, 32}));
    assertEquals("(None, 10)", Summary.shape(new int[] {10}));
    assertEquals("(None,)", Summary.shape(new int[0]));
    assertEquals("?", Summary.shape(null));
  }

  @Test
  void emptyModelHasOnlyTheFrameAndZeroTotals() {
    String summary = Summary.of("Empty", Collections.<Layer>emptyList());
    assertEquals(9, summary.split("\n", -1).length, summary);
    assertTrue(summary.contains("\nTotal params: 0 (0.00 B)\n"), summary);
  }
}
