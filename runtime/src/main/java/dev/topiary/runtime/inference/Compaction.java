package dev.topiary.runtime.inference;

import dev.topiary.architecture.Architecture;
import dev.topiary.architecture.LayerDescription;
import dev.topiary.architecture.LayerKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds channel-pruned layers as smaller dense layers, the way Torch-Pruning does: a Conv2D
 * filter or Dense unit whose kernel column and bias are all zero outputs zero for every input (its
 * activation keeps zero), so it is removed, and so are the matching inputs of the next weighted
 * layer (through max pooling, flattening and ReLU-like layers, which keep a zero channel zero).
 * The result computes exactly what the original does: only terms that are always zero are gone.
 *
 * <p>Units are kept when removing them could change an output: the last weighted layer's units
 * (the network's outputs), units followed by a Softmax or Sparsemax layer before the next weighted
 * layer, units of layers whose activation maps zero elsewhere, and units with a non-zero bias
 * (their constant output could be folded into the next layer's bias; not done). A layer keeps at
 * least one unit.
 */
final class Compaction {
  final Architecture architecture;
  /** Tensors by name ({@code layer/kernel}, {@code layer/bias}), in the compacted shapes. */
  final Map<String, float[]> tensors;
  /** Units (filters) removed per layer name; weighted layers only. */
  final Map<String, Integer> removed;

  private Compaction(Architecture architecture, Map<String, float[]> tensors,
      Map<String, Integer> removed) {
    this.architecture = architecture;
    this.tensors = tensors;
    this.removed = removed;
  }

  /** Compacts {@code arch} with weights {@code tensors} (not modified). */
  static Compaction of(Architecture arch, Map<String, float[]> tensors) {
    List<LayerDescription> out = new ArrayList<>();
    Map<String, float[]> newTensors = new HashMap<>();
    Map<String, Integer> removed = new HashMap<>();
    int[] keep = all(arch.inputShape()[arch.inputShape().length - 1]);
    for (int i = 0; i < arch.layers().size(); i++) {
      LayerDescription l = arch.layers().get(i);
      if (l.kind() == LayerKind.FLATTEN) {
        out.add(l.withChannels(keep.length, 0));
        keep = flatten(keep, l.inShape());
        continue;
      }
      if (!l.kind().weighted()) {
        out.add(l.withChannels(keep.length, keep.length));
        for (String t : l.tensors().keySet()) { // BatchNormalization's, one value per channel
          float[] values = tensors.get(t);
          float[] kept = new float[keep.length];
          for (int k = 0; k < keep.length; k++) {
            kept[k] = values[keep[k]];
          }
          newTensors.put(t, kept);
        }
        continue;
      }
      if (!compactable(l.kind())) { // kept whole; the layer before keeps all its units for it
        out.add(l);
        for (String t : l.tensors().keySet()) {
          newTensors.put(t, tensors.get(t));
        }
        removed.put(l.name(), 0);
        keep = all(l.outChannels());
        continue;
      }
      float[] kernel = tensors.get(l.name() + "/kernel");
      float[] bias = l.bias() ? tensors.get(l.name() + "/bias") : null;
      int taps = l.kind() == LayerKind.CONV2D ? l.window(0) * l.window(1)
          : l.kind() == LayerKind.CONV1D ? l.window(0) : 1;
      int rows = l.kind() == LayerKind.DENSE ? l.inSize() : l.inChannels();
      int units = l.outputChannels();
      int[] keepOut = removable(arch, i)
          ? liveUnits(kernel, bias, taps, rows, keep, units) : all(units);
      float[] k2 = new float[taps * keep.length * keepOut.length];
      for (int t = 0, o = 0; t < taps; t++) {
        for (int r : keep) {
          int from = (t * rows + r) * units;
          for (int u : keepOut) {
            k2[o++] = kernel[from + u];
          }
        }
      }
      newTensors.put(l.name() + "/kernel", k2);
      if (bias != null) {
        float[] b2 = new float[keepOut.length];
        for (int u = 0; u < keepOut.length; u++) {
          b2[u] = bias[keepOut[u]];
        }
        newTensors.put(l.name() + "/bias", b2);
      }
      removed.put(l.name(), units - keepOut.length);
      out.add(l.withChannels(keep.length, keepOut.length));
      keep = keepOut;
    }
    return new Compaction(new Architecture(arch.inputShape(), out, arch.statedLoss()), newTensors,
        removed);
  }

  /** Whether layer {@code i}'s zero units may go: a weighted layer follows through zero-keeping layers. */
  private static boolean removable(Architecture arch, int i) {
    if (!arch.layers().get(i).activationKeepsZero()) {
      return false;
    }
    for (int j = i + 1; j < arch.layers().size(); j++) {
      LayerKind k = arch.layers().get(j).kind();
      if (k.weighted()) {
        return compactable(k);
      }
      if (k != LayerKind.MAX_POOLING2D && k != LayerKind.FLATTEN && k != LayerKind.RELU
          && k != LayerKind.LEAKY_RELU && k != LayerKind.DROPOUT
          && k != LayerKind.AVERAGE_POOLING2D && !k.globalPooling()
          && k != LayerKind.MAX_POOLING1D && k != LayerKind.AVERAGE_POOLING1D
          && k != LayerKind.GLOBAL_AVERAGE_POOLING1D) {
        return false;
      }
    }
    return false;
  }

  /**
   * Whether a weighted layer's units and inputs can be removed here: Conv2D, Conv1D and Dense.
   * DepthwiseConv2D and SeparableConv2D are kept whole (their input channels are their output
   * channels' too), and so are the units of the weighted layer before them.
   */
  private static boolean compactable(LayerKind k) {
    return k == LayerKind.CONV2D || k == LayerKind.CONV1D || k == LayerKind.DENSE;
  }

  /** The units whose kernel column (over the live input rows) or bias has a non-zero. */
  private static int[] liveUnits(float[] kernel, float[] bias, int taps, int rows, int[] keep,
      int units) {
    boolean[] live = new boolean[units];
    for (int u = 0; u < units; u++) {
      live[u] = bias != null && bias[u] != 0f;
    }
    for (int t = 0; t < taps; t++) {
      for (int r : keep) {
        int from = (t * rows + r) * units;
        for (int u = 0; u < units; u++) {
          live[u] |= kernel[from + u] != 0f;
        }
      }
    }
    int n = 0;
    for (boolean b : live) {
      n += b ? 1 : 0;
    }
    if (n == 0) {
      live[0] = true; // keep one unit: shapes stay non-empty
      n = 1;
    }
    int[] keepOut = new int[n];
    for (int u = 0, k = 0; u < units; u++) {
      if (live[u]) {
        keepOut[k++] = u;
      }
    }
    return keepOut;
  }

  /** The flat indices of an {@code HxWxC} tensor's kept channels, in NHWC order. */
  private static int[] flatten(int[] keep, int[] shape) {
    int c = shape[shape.length - 1];
    int positions = LayerDescription.size(shape) / c;
    int[] flat = new int[positions * keep.length];
    for (int p = 0, k = 0; p < positions; p++) {
      for (int ch : keep) {
        flat[k++] = p * c + ch;
      }
    }
    return flat;
  }

  private static int[] all(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }
}
