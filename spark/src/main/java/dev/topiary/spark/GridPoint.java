package dev.topiary.spark;

import java.io.Serializable;
import java.util.Locale;

/** One point of the sweep's grid: a variant, a target sparsity and a seed; one Spark task. */
final class GridPoint implements Serializable {
  private static final long serialVersionUID = 1L;

  final String variant;
  final double target;
  final long seed;

  GridPoint(String variant, double target, long seed) {
    this.variant = variant;
    this.target = target;
    this.seed = seed;
  }

  /** e.g. {@code pruned:0.8:2}, as {@code --fail-once} names a point. */
  String key() {
    return String.format(Locale.ROOT, "%s:%s:%d", variant, target, seed);
  }

  /** Whether {@code key} (variant:target:seed) names this point; the target compared as a number. */
  boolean matches(String key) {
    String[] parts = key.split(":");
    if (parts.length != 3) {
      return false;
    }
    try {
      return parts[0].equals(variant) && Double.parseDouble(parts[1]) == target
          && Long.parseLong(parts[2]) == seed;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return key();
  }
}
