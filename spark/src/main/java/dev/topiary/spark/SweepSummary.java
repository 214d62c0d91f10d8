package dev.topiary.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sweep's rows grouped by variant and target: mean, min and max over the seeds. */
final class SweepSummary {
  /** One variant at one target, over its seeds. */
  static final class Cell {
    final String variant;
    final double target;
    final List<SweepRow> rows = new ArrayList<>();

    Cell(String variant, double target) {
      this.variant = variant;
      this.target = target;
    }

    double mean(String key) {
      double sum = 0;
      for (SweepRow r : rows) {
        sum += r.number(key);
      }
      return sum / rows.size();
    }

    double min(String key) {
      double m = Double.POSITIVE_INFINITY;
      for (SweepRow r : rows) {
        m = Math.min(m, r.number(key));
      }
      return m;
    }

    double max(String key) {
      double m = Double.NEGATIVE_INFINITY;
      for (SweepRow r : rows) {
        m = Math.max(m, r.number(key));
      }
      return m;
    }

    /** "shared" if any of the cell's rows was timed on shared cores. */
    String timing() {
      for (SweepRow r : rows) {
        if (r.timing.equals("shared")) {
          return "shared";
        }
      }
      return "exclusive";
    }
  }

  private SweepSummary() {}

  /** Cells by variant (in the rows' order), each variant's cells by target (in the rows' order). */
  static Map<String, List<Cell>> byVariant(List<SweepRow> rows) {
    Map<String, Map<Double, Cell>> cells = new LinkedHashMap<>();
    for (SweepRow r : rows) {
      cells.computeIfAbsent(r.variant, v -> new LinkedHashMap<>())
          .computeIfAbsent(r.target, t -> new Cell(r.variant, t)).rows.add(r);
    }
    Map<String, List<Cell>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Map<Double, Cell>> e : cells.entrySet()) {
      List<Cell> list = new ArrayList<>(e.getValue().values());
      list.sort((a, b) -> Double.compare(a.target, b.target));
      out.put(e.getKey(), list);
    }
    return out;
  }
}
