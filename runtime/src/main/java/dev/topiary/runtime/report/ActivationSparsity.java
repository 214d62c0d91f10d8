package dev.topiary.runtime.report;

import dev.topiary.runtime.Layer;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.data.ExampleShape;
import java.util.List;
import java.util.Locale;

/**
 * Measured activation sparsity: per layer, the fraction of exact zeros in its output over a data
 * set (ReLU and Sparsemax make many; pooling and flatten keep their input's).
 */
public final class ActivationSparsity {
  private static final int BATCH = 256;

  private final List<Layer> layers;
  private final double[] zeroFraction;

  private ActivationSparsity(List<Layer> layers, double[] zeroFraction) {
    this.layers = layers;
    this.zeroFraction = zeroFraction;
  }

  /** Runs {@code data} through {@code network} and counts the zeros in every layer's output. */
  public static ActivationSparsity measure(Network network, Dataset data) {
    if (network == null) {
      throw new IllegalArgumentException("expected a network to measure, found null");
    }
    Network net = network;
    ExampleShape.check(net.modelName(), net.inputShape(), net.inputSize(), data);
    List<Layer> layers = net.layers();
    long[] zeros = new long[layers.size()];
    long[] sizes = new long[layers.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = size(layers.get(i).outputShape());
    }
    for (int start = 0; start < data.size(); start += BATCH) {
      int n = Math.min(BATCH, data.size() - start);
      net.forward(data.features(), data.featureOffset() + start * net.inputSize(), n);
      for (int l = 0; l < zeros.length; l++) {
        float[] a = net.activations(l);
        long count = n * sizes[l];
        for (int i = 0; i < count; i++) {
          zeros[l] += a[i] == 0f ? 1 : 0;
        }
      }
    }
    double[] fraction = new double[zeros.length];
    for (int l = 0; l < zeros.length; l++) {
      fraction[l] = data.size() == 0 ? 0 : (double) zeros[l] / (sizes[l] * data.size());
    }
    return new ActivationSparsity(layers, fraction);
  }

  private static long size(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** The fraction of exact zeros in layer {@code i}'s output, in [0, 1]. */
  public double zeroFraction(int layer) {
    return zeroFraction[layer];
  }

  /** The fraction of zeros over every layer's output values together, weighted by their sizes. */
  public double overall() {
    double zeros = 0;
    double total = 0;
    for (int l = 0; l < zeroFraction.length; l++) {
      double size = size(layers.get(l).outputShape());
      zeros += zeroFraction[l] * size;
      total += size;
    }
    return total == 0 ? 0 : zeros / total;
  }

  /** One line per layer: name and zero fraction. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (int l = 0; l < zeroFraction.length; l++) {
      s.append(String.format(Locale.ROOT, "%-12s %6.2f%% zeros%n", layers.get(l).name(),
          100 * zeroFraction[l]));
    }
    return s.toString();
  }
}
