package dev.topiary.processor.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names the generated class gives its members, derived from the layer names, so that
 * validation can reject a layer name that would make two members clash (a layer {@code input}
 * beside the kept network input, a layer {@code hiddenKernel} beside {@code hidden}'s kernel).
 * The writer's names are checked against this list by {@code MemberNamesTest}.
 */
public final class MemberNames {
  /** Fields named after a layer: {@code hidden} + {@code Kernel}. */
  public static final List<String> FIELD_SUFFIXES = List.of(
      "Out", "Grad", "Kernel", "Bias", "Pruning", "Cols", "ColsGrad", "Argmax", "Scratch", "Sparse",
      "Logits", "Inference", "Training", "Mask", "Rule", "Gamma", "Beta", "Norm",
      "DepthwiseKernel", "PointwiseKernel", "DepthwiseKernelPruning", "PointwiseKernelPruning",
      "Mid", "MidGrad");

  /** Constants named after a layer's constant prefix: {@code HIDDEN} + {@code _UNITS}. */
  public static final List<String> CONSTANT_SUFFIXES = List.of(
      "IN_H", "IN_W", "IN_C", "IN_SIZE", "KERNEL_H", "KERNEL_W", "STRIDE_H", "STRIDE_W",
      "PAD_TOP", "PAD_LEFT", "OUT_H", "OUT_W", "OUT_SIZE", "FILTERS", "PATCH", "POSITIONS",
      "CHANNELS", "POOL_H", "POOL_W", "UNITS", "L1", "SCHEDULE", "VALUES", "ALPHA", "ACTIVITY_L1",
      "GEOMETRY", "RATE", "MOMENTUM", "EPSILON", "MULTIPLIER", "OUT_C", "TAPS", "MID_C",
      "STEPS");

  /**
   * Names of the generated class's own: its constants and fields, and the constructor's
   * parameter and local variable (a field of that name would be shadowed where the constructor
   * registers the layers).
   */
  public static final Set<String> CLASS_MEMBERS = Set.of(
      "MODEL_NAME", "ARCHITECTURE", "INPUT_SIZE", "OUTPUT_SIZE", "input", "inputOffset",
      "inputBatch", "seed", "random");

  private MemberNames() {}

  /** A layer's constant prefix: {@code hiddenLayer} becomes {@code HIDDEN_LAYER}. */
  public static String constant(String layer) {
    return layer.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  /** Every name the generated class uses for {@code layer}: its own, fields and constants. */
  public static Set<String> of(String layer) {
    Set<String> names = new LinkedHashSet<>();
    names.add(layer);
    FIELD_SUFFIXES.forEach(s -> names.add(layer + s));
    String prefix = constant(layer);
    CONSTANT_SUFFIXES.forEach(s -> names.add(prefix + "_" + s));
    return names;
  }
}
