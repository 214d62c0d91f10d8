package dev.topiary.runtime.report;

import dev.topiary.runtime.Layer;
import dev.topiary.runtime.WeightedLayer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * A model's table of layers, output shapes and parameter counts, laid out like Keras's
 * {@code model.summary()} for a sequential model, so the two can be compared side by side:
 * <pre>
 * Model: "SeedCnn"
 * _________________________________________________________________
 *  Layer (type)                Output Shape              Param #
 * =================================================================
 *  conv (Conv2D)               (None, 26, 26, 32)        320
 *
 *  pool (MaxPooling2D)         (None, 13, 13, 32)        0
 * ...
 * =================================================================
 * Total params: 347,146 (1.32 MB)
 * Trainable params: 347,146 (1.32 MB)
 * Non-trainable params: 0 (0.00 B)
 * _________________________________________________________________
 * </pre>
 * The columns and the wrapping of long cells follow tf-keras 2.x's {@code print_summary} (65
 * characters, columns ending at 29, 55 and 65); counts with thousands separators and sizes as in
 * Keras 3. Unlike Keras, lines carry no trailing blanks, so the text survives editors and diffs.
 */
public final class Summary {
  /** The width of the rules and of the table, Keras's default {@code line_length} of 65. */
  static final int LINE_LENGTH = 65;
  /** Where each column ends: Keras's {@code positions} 0.45, 0.85 and 1.0 of the line. */
  private static final int[] COLUMN_ENDS = {29, 55, 65};
  /** With a sparsity column (some kernel has exact zeros, e.g. after pruning): 13 more columns. */
  private static final int[] SPARSE_COLUMN_ENDS = {29, 55, 65, 78};
  /** Parameters are float32, as Keras counts weight memory by dtype. */
  private static final int BYTES_PER_PARAMETER = 4;
  private static final String[] SIZE_UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

  private Summary() {}

  /**
   * The summary of a sequential model.
   *
   * @param modelName the name shown in the title, e.g. {@code "SeedCnn"}
   * @param layers the layers in order; each row counts a layer's trainable and non-trainable
   *     values, as Keras does
   * @return the table, lines separated by {@code '\n'}, without a final line break
   */
  public static String of(String modelName, List<? extends Layer> layers) {
    if (modelName == null || layers == null) {
      throw new NullPointerException("Summary.of: modelName and layers must not be null");
    }
    boolean sparse = anySparse(layers);
    int[] ends = sparse ? SPARSE_COLUMN_ENDS : COLUMN_ENDS;
    int width = ends[ends.length - 1];
    StringBuilder text = new StringBuilder(256 + 200 * layers.size());
    text.append("Model: \"").append(modelName).append("\"\n");
    rule(text, '_', width);
    row(text, ends, sparse ? new String[] {"Layer (type)", "Output Shape", "Param #", "Sparsity"}
        : new String[] {"Layer (type)", "Output Shape", "Param #"});
    rule(text, '=', width);
    long total = 0;
    long nonTrainable = 0;
    for (Layer layer : layers) {
      long count = layer.parameterCount() + layer.nonTrainableParameterCount();
      nonTrainable += layer.nonTrainableParameterCount();
      String name = layer.name() + " (" + layer.type() + ")";
      if (sparse) {
        row(text, ends, name, shape(layer.outputShape()), count(count), sparsity(layer));
      } else {
        row(text, ends, name, shape(layer.outputShape()), count(count));
      }
      text.append('\n');
      total += count;
    }
    rule(text, '=', width);
    text.append("Total params: ").append(countAndSize(total)).append('\n');
    text.append("Trainable params: ").append(countAndSize(total - nonTrainable)).append('\n');
    text.append("Non-trainable params: ").append(countAndSize(nonTrainable)).append('\n');
    for (int i = 0; i < width; i++) {
      text.append('_');
    }
    return text.toString();
  }

  private static boolean anySparse(List<? extends Layer> layers) {
    for (Layer layer : layers) {
      if (layer instanceof WeightedLayer && ((WeightedLayer) layer).nonZeroWeights()
          < ((WeightedLayer) layer).kernelSize()) {
        return true;
      }
    }
    return false;
  }

  private static String sparsity(Layer layer) {
    return layer instanceof WeightedLayer
        ? String.format(Locale.ROOT, "%.2f%%", 100 * ((WeightedLayer) layer).sparsity()) : "";
  }

  /** A count with commas between thousands, whatever the default locale: {@code 347,146}. */
  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /**
   * A byte count as Keras's {@code readable_memory_size} writes it: divided by 1024 until below
   * 1024, two decimals, {@code "1.32 MB"}. Rounded half-even from the exact binary value, as
   * Python's {@code format} rounds.
   */
  static String memorySize(double bytes) {
    double size = bytes;
    int unit = 0;
    // Keras would divide once more past PB and still say PB; stopping at PB keeps the number true.
    while (size >= 1024 && unit < SIZE_UNITS.length - 1) {
      size /= 1024;
      unit++;
    }
    return new BigDecimal(size).setScale(2, RoundingMode.HALF_EVEN).toPlainString()
        + " " + SIZE_UNITS[unit];
  }

  /** The batch-first shape Keras shows: {@code (None, 26, 26, 32)}; {@code ?} when unknown. */
  static String shape(int[] dimensions) {
    if (dimensions == null) {
      return "?";
    }
    StringBuilder text = new StringBuilder("(None");
    for (int d : dimensions) {
      text.append(", ").append(d);
    }
    // A one-element tuple, as Python writes it.
    return text.append(dimensions.length == 0 ? ",)" : ")").toString();
  }

  private static String countAndSize(long parameters) {
    return count(parameters) + " (" + memorySize((double) parameters * BYTES_PER_PARAMETER) + ")";
  }

  private static void rule(StringBuilder text, char c, int width) {
    for (int i = 0; i < width; i++) {
      text.append(c);
    }
    text.append('\n');
  }

  /**
   * One table row as tf-keras's {@code print_row}: each cell cut to its column's width less two
   * blanks of gutter (and one more for the leading blank, except in the last column), the rest
   * continued on following lines until every cell is printed. Keras also prefers to cut after
   * {@code "),"} and the like, which names, shapes and counts never contain.
   */
  private static void row(StringBuilder text, int[] columnEnds, String... cells) {
    String[] left = cells.clone();
    int last = columnEnds.length - 1;
    while (anyLeft(left)) {
      int lineStart = text.length();
      for (int col = 0; col <= last; col++) {
        int start = col == 0 ? 0 : columnEnds[col - 1];
        int cutoff = columnEnds[col] - start - (col == last ? 0 : 3);
        String fit = left[col].length() > cutoff ? left[col].substring(0, cutoff) : left[col];
        left[col] = left[col].substring(fit.length());
        if (col == 0) {
          text.append(' ');
        }
        text.append(fit);
        while (text.length() - lineStart < columnEnds[col]) {
          text.append(' ');
        }
      }
      while (text.length() > lineStart && text.charAt(text.length() - 1) == ' ') {
        text.setLength(text.length() - 1);
      }
      text.append('\n');
    }
  }

  private static boolean anyLeft(String[] cells) {
    for (String cell : cells) {
      if (!cell.isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
