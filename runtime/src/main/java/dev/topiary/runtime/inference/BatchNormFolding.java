package dev.topiary.runtime.inference;

import dev.topiary.Activation;
import dev.topiary.architecture.Architecture;
import dev.topiary.architecture.LayerDescription;
import dev.topiary.architecture.LayerKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds each BatchNormalization layer that directly follows a Conv2D, DepthwiseConv2D or Dense
 * without activation into that layer's kernel and bias (each kernel's last index is the output
 * channel: a DepthwiseConv2D's {@code [kh][kw][cin][multiplier]} is channel {@code c * multiplier
 * + m}), as inference converters do: with
 * {@code s = gamma / sqrt(movingVariance + epsilon)} per channel, {@code w' = w * s} and
 * {@code b' = (b - movingMean) * s + beta}; the layer gains a bias if it had none. A ReLU layer
 * right after the folded normalization (Keras's Conv2D, BatchNormalization, ReLU) becomes the
 * layer's activation, so that a max pooling after it can run fused. Other BatchNormalization
 * layers stay and run as their own op.
 */
final class BatchNormFolding {
  final Architecture architecture;
  final Map<String, float[]> tensors;

  private BatchNormFolding(Architecture architecture, Map<String, float[]> tensors) {
    this.architecture = architecture;
    this.tensors = tensors;
  }

  /** Folds {@code arch}'s foldable normalizations; {@code tensors} is not modified. */
  static BatchNormFolding of(Architecture arch, Map<String, float[]> tensors) {
    List<LayerDescription> layers = arch.layers();
    List<LayerDescription> out = new ArrayList<>();
    Map<String, float[]> folded = new HashMap<>(tensors);
    for (int i = 0; i < layers.size(); i++) {
      LayerDescription l = layers.get(i);
      LayerDescription next = i + 1 < layers.size() ? layers.get(i + 1) : null;
      if (!foldable(l, next)) {
        out.add(l);
        continue;
      }
      fold(l, next, tensors, folded);
      i++;
      Activation activation = Activation.LINEAR;
      LayerDescription after = i + 1 < layers.size() ? layers.get(i + 1) : null;
      if (after != null && after.kind() == LayerKind.RELU) {
        activation = Activation.RELU;
        i++;
      }
      out.add(withBias(l, activation));
    }
    return new BatchNormFolding(new Architecture(arch.inputShape(), out, arch.statedLoss()),
        folded);
  }

  /**
   * Whether {@code bn} is a BatchNormalization right after a Conv2D, DepthwiseConv2D or Dense
   * without activation.
   */
  static boolean foldable(LayerDescription l, LayerDescription bn) {
    return bn != null && bn.kind() == LayerKind.BATCH_NORMALIZATION
        && (l.kind() == LayerKind.CONV2D || l.kind() == LayerKind.DEPTHWISE_CONV2D
        || l.kind() == LayerKind.DENSE)
        && l.activation() == Activation.LINEAR;
  }

  private static void fold(LayerDescription l, LayerDescription bn, Map<String, float[]> tensors,
      Map<String, float[]> folded) {
    String name = bn.name();
    int c = l.outputChannels();
    float[] gamma = bn.scale() ? tensors.get(name + "/gamma") : null;
    float[] beta = bn.center() ? tensors.get(name + "/beta") : null;
    float[] mean = tensors.get(name + "/moving_mean");
    float[] variance = tensors.get(name + "/moving_variance");
    float[] kernel = tensors.get(l.name() + "/kernel").clone();
    float[] bias = l.bias() ? tensors.get(l.name() + "/bias").clone() : new float[c];
    float[] s = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double inv = 1 / Math.sqrt((double) variance[ch] + bn.epsilon());
      s[ch] = (float) (gamma == null ? inv : gamma[ch] * inv);
      bias[ch] = (float) (((double) bias[ch] - mean[ch]) * s[ch] + (beta == null ? 0 : beta[ch]));
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] *= s[i % c]; // [..][c]: the output channel is the last index
    }
    folded.put(l.name() + "/kernel", kernel);
    folded.put(l.name() + "/bias", bias);
    for (String t : bn.tensors().keySet()) {
      folded.remove(t);
    }
  }

  private static LayerDescription withBias(LayerDescription l, Activation activation) {
    if (l.kind() == LayerKind.CONV2D) {
      return LayerDescription.conv2d(l.name(), l.inShape(), l.outputChannels(),
          new int[] {l.window(0), l.window(1)}, new int[] {l.stride(0), l.stride(1)},
          l.padding(), activation, true);
    }
    if (l.kind() == LayerKind.DEPTHWISE_CONV2D) {
      return LayerDescription.depthwiseConv2d(l.name(), l.inShape(),
          new int[] {l.window(0), l.window(1)}, new int[] {l.stride(0), l.stride(1)},
          l.padding(), l.depthMultiplier(), activation, true);
    }
    return LayerDescription.dense(l.name(), l.inShape(), l.outputChannels(), activation, true);
  }
}
