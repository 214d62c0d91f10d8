package dev.topiary.runtime.inference;

import dev.topiary.runtime.inference.LayerDesc.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A sequential network's layers read from, and written as, the architecture description that
 * generated networks carry and model files check, e.g. {@code input 28x28x1; conv Conv2D 32 k3x3
 * s1x1 VALID RELU bias -> 26x26x32; pool MaxPooling2D p2x2 s2x2 VALID -> 13x13x32; flatten Flatten
 * -> 5408; hidden Dense 64 RELU bias -> 64; act LeakyReLU a0.3 -> 64}.
 */
final class Architecture {
  private static final List<String> ACTIVATIONS =
      Arrays.asList("LINEAR", "RELU", "LEAKY_RELU", "SOFTMAX", "SPARSEMAX");

  final int[] inputShape;
  final List<LayerDesc> layers;

  Architecture(int[] inputShape, List<LayerDesc> layers) {
    this.inputShape = inputShape.clone();
    this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
  }

  /**
   * Parses a description.
   *
   * @throws IllegalArgumentException naming the part that does not parse and what was expected
   */
  static Architecture parse(String text) {
    String[] parts = text.split("; ");
    if (!parts[0].startsWith("input ")) {
      throw bad(text, parts[0], "'input HxWxC'");
    }
    int[] input = shape(text, parts[0].substring("input ".length()));
    List<LayerDesc> layers = new ArrayList<>();
    int[] in = input;
    for (int i = 1; i < parts.length; i++) {
      LayerDesc layer = layer(text, parts[i], in);
      layers.add(layer);
      in = layer.outShape;
    }
    if (layers.isEmpty()) {
      throw bad(text, text, "at least one layer after the input");
    }
    return new Architecture(input, layers);
  }

  private static LayerDesc layer(String text, String part, int[] in) {
    String[] t = part.split(" ");
    int arrow = indexOf(t, "->");
    if (t.length < 4 || arrow != t.length - 2 || Kind.of(t[1]) == null) {
      throw bad(text, part, "'name Kind [options] -> shape' with Kind one of Conv2D, "
          + "MaxPooling2D, Flatten, Dense, ReLU, LeakyReLU, Softmax, Sparsemax");
    }
    Kind kind = Kind.of(t[1]);
    int[] out = shape(text, t[arrow + 1]);
    int size = 0;
    int[] window = null;
    int[] strides = null;
    boolean same = false;
    String activation = null;
    boolean bias = false;
    float alpha = LayerDesc.DEFAULT_ALPHA;
    int next = 2;
    try {
      switch (kind) {
        case CONV2D:
          size = Integer.parseInt(t[next++]);
          window = pair(text, t[next++], "k");
          strides = pair(text, t[next++], "s");
          same = padding(text, t[next++]);
          break;
        case MAX_POOLING2D:
          window = pair(text, t[next++], "p");
          strides = pair(text, t[next++], "s");
          same = padding(text, t[next++]);
          break;
        case DENSE:
          size = Integer.parseInt(t[next++]);
          break;
        case LEAKY_RELU:
          if (!t[next].startsWith("a")) {
            throw bad(text, part, "the slope as 'a<alpha>', e.g. a0.3");
          }
          alpha = Float.parseFloat(t[next++].substring(1));
          break;
        default:
          break;
      }
      if (kind.weighted()) {
        activation = t[next++];
        if (!ACTIVATIONS.contains(activation)) {
          throw bad(text, part, "an activation (LINEAR, RELU, LEAKY_RELU, SOFTMAX, SPARSEMAX)");
        }
        String b = t[next++];
        if (!b.equals("bias") && !b.equals("no-bias")) {
          throw bad(text, part, "'bias' or 'no-bias'");
        }
        bias = b.equals("bias");
      }
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw bad(text, part, "the options of a " + kind.annotation + " layer");
    }
    if (next != arrow) {
      throw bad(text, part, "no options after those of a " + kind.annotation + " layer");
    }
    return new LayerDesc(t[0], kind, size, window, strides, same, activation, bias, alpha, in, out);
  }

  /** The description {@link #parse} reads back. */
  String describe() {
    StringBuilder s = new StringBuilder("input ").append(LayerDesc.shapeText(inputShape));
    for (LayerDesc l : layers) {
      s.append("; ").append(l.name).append(' ').append(l.kind.annotation);
      switch (l.kind) {
        case CONV2D:
          s.append(' ').append(l.size).append(" k").append(pairText(l.window)).append(" s")
              .append(pairText(l.strides)).append(l.same ? " SAME" : " VALID");
          break;
        case MAX_POOLING2D:
          s.append(" p").append(pairText(l.window)).append(" s").append(pairText(l.strides))
              .append(l.same ? " SAME" : " VALID");
          break;
        case DENSE:
          s.append(' ').append(l.size);
          break;
        case LEAKY_RELU:
          s.append(" a").append(l.alpha);
          break;
        default:
          break;
      }
      if (l.kind.weighted()) {
        s.append(' ').append(l.activation).append(l.bias ? " bias" : " no-bias");
      }
      s.append(" -> ").append(LayerDesc.shapeText(l.outShape));
    }
    return s.toString();
  }

  private static int[] shape(String text, String s) {
    String[] d = s.split("x");
    int[] shape = new int[d.length];
    try {
      for (int i = 0; i < d.length; i++) {
        shape[i] = Integer.parseInt(d[i]);
        if (shape[i] <= 0) {
          throw new NumberFormatException();
        }
      }
    } catch (NumberFormatException e) {
      throw bad(text, s, "a shape of positive sizes such as 28x28x1");
    }
    return shape;
  }

  private static int[] pair(String text, String s, String prefix) {
    if (!s.startsWith(prefix)) {
      throw bad(text, s, "'" + prefix + "HxW'");
    }
    int[] p = shape(text, s.substring(prefix.length()));
    if (p.length != 2) {
      throw bad(text, s, "'" + prefix + "HxW'");
    }
    return p;
  }

  private static boolean padding(String text, String s) {
    if (!s.equals("SAME") && !s.equals("VALID")) {
      throw bad(text, s, "SAME or VALID");
    }
    return s.equals("SAME");
  }

  private static String pairText(int[] p) {
    return p[0] + "x" + p[1];
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
