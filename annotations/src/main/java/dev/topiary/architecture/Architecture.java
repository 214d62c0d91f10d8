package dev.topiary.architecture;

import dev.topiary.Activation;
import dev.topiary.Loss;
import dev.topiary.Padding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A sequential network's input shape and layers, and the one-line architecture text that
 * generated networks carry, model files store and the inference export rebuilds networks from,
 * e.g. {@code input 28x28x1; conv Conv2D 32 k3x3 s1x1 VALID RELU bias -> 26x26x32; pool
 * MaxPooling2D p2x2 s2x2 VALID -> 13x13x32; flatten Flatten -> 5408; hidden Dense 64 RELU bias
 * -> 64; act LeakyReLU a0.3 -> 64}. A model trained on float targets ends with its loss, e.g.
 * {@code ...; out Dense 1 LINEAR bias -> 1; loss MEAN_SQUARED_ERROR}; a classifier's loss is
 * implied by its output (SOFTMAX: cross-entropy, SPARSEMAX: the sparsemax loss), so its text
 * names none. The other kinds write {@code dw DepthwiseConv2D m1 k3x3 s1x1
 * SAME RELU bias}, {@code sep SeparableConv2D 32 m1 k3x3 s1x1 SAME RELU bias} (filters, depth
 * multiplier, kernel, strides, padding), {@code c Conv1D 16 k5 s1 VALID RELU bias},
 * {@code p MaxPooling1D p2 s2 VALID}, {@code a AveragePooling1D p2 s2 VALID} and
 * {@code g GlobalAveragePooling1D}.
 *
 * <p>The processor writes it ({@link #text}); the runtime reads it ({@link #parse}), which
 * recomputes every shape from the layer's options and refuses any text whose stated shapes
 * disagree, so a file can never describe a layer other than the one that runs.
 */
public final class Architecture {
  private final int[] inputShape;
  private final List<LayerDescription> layers;
  /** The loss the text states, or null where the output implies it. */
  private final Loss loss;

  /** An architecture whose loss its output implies (a classifier); see {@link #loss()}. */
  public Architecture(int[] inputShape, List<LayerDescription> layers) {
    this(inputShape, layers, null);
  }

  /**
   * @param loss the loss the text states (models trained on float targets), or null where the
   *     output implies it

   * @throws IllegalArgumentException if {@code layers} is empty, a layer's input is not the
   *     previous layer's output (or the input shape), or two layers share a name
   */
  public Architecture(int[] inputShape, List<LayerDescription> layers, Loss loss) {
    LayerDescription.size("input", inputShape);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("expected at least one layer, found none");
    }
    int[] in = inputShape;
    Set<String> names = new HashSet<>();
    for (LayerDescription l : layers) {
      if (!java.util.Arrays.equals(in, l.inShape())) {
        throw new IllegalArgumentException(l.name() + ": expected an input of "
            + LayerDescription.text(in) + ", found " + LayerDescription.text(l.inShape()));
      }
      if (!names.add(l.name())) {
        throw new IllegalArgumentException("expected one layer named " + l.name()
            + ", found two");
      }
      in = l.outShape();
    }
    this.inputShape = inputShape.clone();
    this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
    this.loss = loss;
  }

  /**
   * The model's training loss: the one the text states, else the one its output implies
   * ({@link Loss#SPARSEMAX} after a SPARSEMAX, {@link Loss#SPARSE_CATEGORICAL_CROSSENTROPY}
   * otherwise).
   */
  public Loss loss() {
    if (loss != null) {
      return loss;
    }
    return layers.get(layers.size() - 1).activation() == Activation.SPARSEMAX ? Loss.SPARSEMAX
        : Loss.SPARSE_CATEGORICAL_CROSSENTROPY;
  }

  /** The loss the text states, or null where the output implies it. */
  public Loss statedLoss() {
    return loss;
  }

  /** The shape of one input example. */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** The layers in order. */
  public List<LayerDescription> layers() {
    return layers;
  }

  /** The text {@link #parse} reads back. */
  public String text() {
    StringBuilder s = new StringBuilder("input ").append(LayerDescription.text(inputShape));
    for (LayerDescription l : layers) {
      s.append("; ").append(l.name()).append(' ').append(l.kind().annotation());
      switch (l.kind()) {
        case CONV2D:
          s.append(' ').append(l.outputChannels()).append(" k").append(pair(l.window(0),
              l.window(1))).append(" s").append(pair(l.stride(0), l.stride(1))).append(' ')
              .append(l.padding());
          break;
        case MAX_POOLING2D:
        case AVERAGE_POOLING2D:
          s.append(" p").append(pair(l.window(0), l.window(1))).append(" s")
              .append(pair(l.stride(0), l.stride(1))).append(' ').append(l.padding());
          break;
        case DENSE:
          s.append(' ').append(l.outputChannels());
          break;
        case DROPOUT:
          s.append(" r").append(l.rate());
          break;
        case BATCH_NORMALIZATION:
          s.append(" m").append(l.momentum()).append(" e").append(l.epsilon())
              .append(l.center() ? " center" : " no-center")
              .append(l.scale() ? " scale" : " no-scale");
          break;
        case DEPTHWISE_CONV2D:
        case SEPARABLE_CONV2D:
          if (l.kind() == LayerKind.SEPARABLE_CONV2D) {
            s.append(' ').append(l.outputChannels());
          }
          s.append(" m").append(l.depthMultiplier()).append(" k")
              .append(pair(l.window(0), l.window(1))).append(" s")
              .append(pair(l.stride(0), l.stride(1))).append(' ').append(l.padding());
          break;
        case CONV1D:
          s.append(' ').append(l.outputChannels()).append(" k").append(l.window(0)).append(" s")
              .append(l.stride(0)).append(' ').append(l.padding());
          break;
        case MAX_POOLING1D:
        case AVERAGE_POOLING1D:
          s.append(" p").append(l.window(0)).append(" s").append(l.stride(0)).append(' ')
              .append(l.padding());
          break;
        case LEAKY_RELU:
          // The slope changes what the layer computes, so files and exports must carry it.
          s.append(" a").append(l.alpha());
          break;
        default:
          break;
      }
      if (l.kind().weighted()) {
        s.append(' ').append(l.activation()).append(l.bias() ? " bias" : " no-bias");
      }
      s.append(" -> ").append(LayerDescription.text(l.outShape()));
    }
    if (loss != null) {
      s.append("; loss ").append(loss.name());
    }
    return s.toString();
  }

  /**
   * Reads an architecture text, recomputing each layer's output shape from its options.
   *
   * @throws IllegalArgumentException naming the part that does not parse or whose stated shape
   *     disagrees, and what was expected
   */
  public static Architecture parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("expected an architecture text, found null");
    }
    String[] parts = text.split("; ", -1);
    if (!parts[0].startsWith("input ")) {
      throw bad(text, parts[0], "'input HxWxC'");
    }
    int[] input = shape(text, parts[0].substring("input ".length()));
    List<LayerDescription> layers = new ArrayList<>();
    int[] in = input;
    int end = parts.length;
    Loss loss = null;
    if (end > 1 && parts[end - 1].startsWith("loss ") && parts[end - 1].indexOf(' ', 5) < 0) {
      loss = loss(text, parts[--end].substring("loss ".length()));
    }
    for (int i = 1; i < end; i++) {
      LayerDescription layer = layer(text, parts[i], in);
      layers.add(layer);
      in = layer.outShape();
    }
    if (layers.isEmpty()) {
      throw bad(text, text, "at least one layer after the input");
    }
    try {
      return new Architecture(input, layers, loss);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot read architecture [" + text + "]: "
          + e.getMessage(), e);
    }
  }

  private static LayerDescription layer(String text, String part, int[] in) {
    String[] t = part.split(" ", -1);
    int arrow = indexOf(t, "->");
    if (t.length < 4 || arrow != t.length - 2 || LayerKind.forAnnotation(t[1]) == null
        || t[0].isEmpty()) {
      throw bad(text, part, "'name Kind [options] -> shape' with Kind one of " + kinds());
    }
    LayerKind kind = LayerKind.forAnnotation(t[1]);
    int[] stated = shape(text, t[arrow + 1]);
    Options o = new Options(text, part, t, arrow);
    LayerDescription d;
    try {
      switch (kind) {
        case CONV2D:
          int filters = o.integer();
          int[] k = o.pair("k");
          int[] s = o.pair("s");
          Padding p = o.padding();
          d = LayerDescription.conv2d(t[0], in, filters, k, s, p, o.activation(), o.bias());
          break;
        case MAX_POOLING2D:
          d = LayerDescription.maxPooling2d(t[0], in, o.pair("p"), o.pair("s"), o.padding());
          break;
        case FLATTEN:
          d = LayerDescription.flatten(t[0], in);
          break;
        case BATCH_NORMALIZATION:
          float momentum = o.prefixed("m", "the momentum as 'm<momentum>', e.g. m0.99");
          float epsilon = o.prefixed("e", "epsilon as 'e<epsilon>', e.g. e0.001");
          boolean center = o.flag("center");
          d = LayerDescription.batchNormalization(t[0], in, momentum, epsilon, center,
              o.flag("scale"));
          break;
        case AVERAGE_POOLING2D:
          d = LayerDescription.averagePooling2d(t[0], in, o.pair("p"), o.pair("s"), o.padding());
          break;
        case GLOBAL_AVERAGE_POOLING2D:
        case GLOBAL_MAX_POOLING2D:
          d = LayerDescription.globalPooling2d(t[0], kind, in);
          break;
        case DENSE:
          int units = o.integer();
          d = LayerDescription.dense(t[0], in, units, o.activation(), o.bias());
          break;
        case DEPTHWISE_CONV2D:
          int dm = o.single("m");
          int[] dk = o.pair("k");
          int[] ds = o.pair("s");
          d = LayerDescription.depthwiseConv2d(t[0], in, dk, ds, o.padding(), dm, o.activation(),
              o.bias());
          break;
        case SEPARABLE_CONV2D:
          int sf = o.integer();
          int sm = o.single("m");
          int[] sk = o.pair("k");
          int[] ss = o.pair("s");
          d = LayerDescription.separableConv2d(t[0], in, sf, sk, ss, o.padding(), sm,
              o.activation(), o.bias());
          break;
        case CONV1D:
          int cf = o.integer();
          int ck = o.single("k");
          int cs = o.single("s");
          d = LayerDescription.conv1d(t[0], in, cf, ck, cs, o.padding(), o.activation(), o.bias());
          break;
        case MAX_POOLING1D:
        case AVERAGE_POOLING1D:
          int pp = o.single("p");
          int ps = o.single("s");
          d = LayerDescription.pooling1d(t[0], kind, in, pp, ps, o.padding());
          break;
        case GLOBAL_AVERAGE_POOLING1D:
          d = LayerDescription.globalAveragePooling1d(t[0], in);
          break;
        case LEAKY_RELU:
          d = LayerDescription.activationLayer(t[0], kind, in, o.slope());
          break;
        case DROPOUT:
          d = LayerDescription.dropout(t[0], in, o.prefixed("r", "the rate as 'r<rate>', e.g. r0.2"));
          break;
        default:
          d = LayerDescription.activationLayer(t[0], kind, in, LayerDescription.DEFAULT_ALPHA);
          break;
      }
    } catch (IllegalArgumentException e) {
      throw bad(text, part, e.getMessage().substring(e.getMessage().indexOf("expected ")
          + "expected ".length()));
    }
    o.end(kind);
    if (!java.util.Arrays.equals(stated, d.outShape())) {
      throw bad(text, part, "the output shape " + LayerDescription.text(d.outShape())
          + " that the layer's options and input " + LayerDescription.text(in) + " give");
    }
    return d;
  }

  private static Loss loss(String text, String name) {
    for (Loss l : Loss.values()) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    throw bad(text, "loss " + name, "a loss, one of " + java.util.Arrays.toString(Loss.values()));
  }

  /** The options between a layer's kind and its arrow, read in order. */
  private static final class Options {
    private final String text;
    private final String part;
    private final String[] t;
    private final int end;
    private int next = 2;

    Options(String text, String part, String[] t, int end) {
      this.text = text;
      this.part = part;
      this.t = t;
      this.end = end;
    }

    private String word(String expected) {
      if (next >= end) {
        throw bad(text, part, expected);
      }
      return t[next++];
    }

    int integer() {
      String w = word("a positive whole number");
      try {
        return Integer.parseInt(w);
      } catch (NumberFormatException e) {
        throw bad(text, part, "a positive whole number, found '" + w + "'");
      }
    }

    int[] pair(String prefix) {
      String w = word("'" + prefix + "HxW'");
      if (!w.startsWith(prefix)) {
        throw bad(text, part, "'" + prefix + "HxW', found '" + w + "'");
      }
      int[] p = shape(text, w.substring(prefix.length()));
      if (p.length != 2) {
        throw bad(text, part, "'" + prefix + "HxW', found '" + w + "'");
      }
      return p;
    }

    int single(String prefix) {
      String w = word("'" + prefix + "N'");
      try {
        if (w.startsWith(prefix)) {
          return Integer.parseInt(w.substring(prefix.length()));
        }
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
      throw bad(text, part, "'" + prefix + "N' with N a whole number, found '" + w + "'");
    }

    Padding padding() {
      String w = word("SAME or VALID");
      if (!w.equals("SAME") && !w.equals("VALID")) {
        throw bad(text, part, "SAME or VALID, found '" + w + "'");
      }
      return Padding.valueOf(w);
    }

    Activation activation() {
      String w = word("an activation " + java.util.Arrays.toString(Activation.values()));
      for (Activation a : Activation.values()) {
        if (a.name().equals(w)) {
          return a;
        }
      }
      throw bad(text, part, "an activation " + java.util.Arrays.toString(Activation.values())
          + ", found '" + w + "'");
    }

    boolean bias() {
      String w = word("'bias' or 'no-bias'");
      if (!w.equals("bias") && !w.equals("no-bias")) {
        throw bad(text, part, "'bias' or 'no-bias', found '" + w + "'");
      }
      return w.equals("bias");
    }

    float slope() {
      String w = word("the slope as 'a<alpha>', e.g. a0.3");
      try {
        if (w.startsWith("a")) {
          return Float.parseFloat(w.substring(1));
        }
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
      throw bad(text, part, "the slope as 'a<alpha>', e.g. a0.3, found '" + w + "'");
    }

    /** {@code word} or {@code no-word}: true for the former. */
    boolean flag(String word) {
      String w = word("'" + word + "' or 'no-" + word + "'");
      if (!w.equals(word) && !w.equals("no-" + word)) {
        throw bad(text, part, "'" + word + "' or 'no-" + word + "', found '" + w + "'");
      }
      return w.equals(word);
    }

    /** A float written after {@code prefix}, e.g. {@code r0.2}. */
    float prefixed(String prefix, String expected) {
      String w = word(expected);
      try {
        if (w.startsWith(prefix)) {
          return Float.parseFloat(w.substring(prefix.length()));
        }
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
      throw bad(text, part, expected + ", found '" + w + "'");
    }

    void end(LayerKind kind) {
      if (next != end) {
        throw bad(text, part, "no options after those of a " + kind.annotation() + " layer");
      }
    }
  }

  private static String kinds() {
    StringBuilder s = new StringBuilder();
    for (LayerKind k : LayerKind.values()) {
      s.append(s.length() == 0 ? "" : ", ").append(k.annotation());
    }
    return s.toString();
  }

  private static int[] shape(String text, String s) {
    String[] d = s.split("x", -1);
    int[] shape = new int[d.length];
    try {
      for (int i = 0; i < d.length; i++) {
        shape[i] = Integer.parseInt(d[i]);
        if (shape[i] <= 0) {
          throw new NumberFormatException();
        }
      }
      LayerDescription.size("shape", shape);
    } catch (IllegalArgumentException e) {
      throw bad(text, s, "a shape of positive sizes with at most " + Integer.MAX_VALUE
          + " values, such as 28x28x1");
    }
    return shape;
  }

  /** Every kind's word: {@code Conv2D, MaxPooling2D, ...}. */
  private static String pair(int a, int b) {
    return a + "x" + b;
  }

  private static int indexOf(String[] t, String s) {
    for (int i = 0; i < t.length; i++) {
      if (t[i].equals(s)) {
        return i;
      }
    }
    return -1;
  }

  private static IllegalArgumentException bad(String text, String part, String expected) {
    return new IllegalArgumentException("cannot read architecture [" + text + "]: expected "
        + expected + ", found '" + part + "'");
  }
}
