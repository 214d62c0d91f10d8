package dev.topiary.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one sweep task returns: the row report.json of the main job holds (same keys), plus the
 * grid point, how the variant reached its target, and where and how it was measured.
 */
final class SweepRow implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The main job's report.json row, keys in its order. */
  final LinkedHashMap<String, Object> values;
  final String variant;
  final double target;
  final long seed;
  /**
   * "schedule" or "channel schedule" (its @Prune schedules retargeted), or "one-shot" (pruned
   * once after training).
   */
  final String pruning;
  /** "shared" when the executor ran other tasks on the same cores meanwhile, else "exclusive". */
  final String timing;
  final String executor;
  final String host;
  /** The task's attempt that produced the row: 0 unless Spark retried it. */
  final int attempt;
  final double taskSeconds;

  SweepRow(Map<String, Object> values, GridPoint point, String pruning, String timing,
      String executor, String host, int attempt, double taskSeconds) {
    this.values = new LinkedHashMap<>(values);
    this.variant = point.variant;
    this.target = point.target;
    this.seed = point.seed;
    this.pruning = pruning;
    this.timing = timing;
    this.executor = executor;
    this.host = host;
    this.attempt = attempt;
    this.taskSeconds = taskSeconds;
  }

  double number(String key) {
    Object v = values.get(key);
    if (!(v instanceof Number)) {
      throw new IllegalStateException("expected a number for '" + key + "' in the row of "
          + variant + ", found " + v);
    }
    return ((Number) v).doubleValue();
  }
}
