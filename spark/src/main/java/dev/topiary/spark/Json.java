package dev.topiary.spark;

import java.util.Locale;

/** The little JSON the reports need: string literals and numbers. */
final class Json {
  private Json() {}

  static String string(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** A number or string value; doubles with 6 decimals, as the main job's report.json. */
  static String value(Object v) {
    if (v instanceof Double || v instanceof Float) {
      return String.format(Locale.ROOT, "%.6f", ((Number) v).doubleValue());
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    return string(String.valueOf(v));
  }
}
