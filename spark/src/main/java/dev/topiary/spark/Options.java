package dev.topiary.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options with defaults; a malformed line is a {@link UsageException}. */
final class Options {
  /** A malformed command line; the message says what was expected and what was found. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private final Map<String, String> values;

  private Options(Map<String, String> values) {
    this.values = values;
  }

  /** {@code spec} alternates names and defaults: {@code "master", "local[2]", ...}. */
  static Options parse(String[] args, String... spec) throws UsageException {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < spec.length; i += 2) {
      values.put(spec[i], spec[i + 1]);
    }
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new UsageException("unexpected argument '" + args[i] + "'; expected --option value");
      }
      String name = args[i].substring(2);
      if (!values.containsKey(name)) {
        throw new UsageException("unknown option --" + name + "; expected one of "
            + values.keySet());
      }
      if (i + 1 >= args.length) {
        throw new UsageException("option --" + name + " needs a value");
      }
      values.put(name, args[++i]);
    }
    return new Options(values);
  }

  String get(String name) {
    return values.get(name);
  }

  /** The value, which must not be empty. */
  String required(String name) throws UsageException {
    String v = values.get(name);
    if (v.isEmpty()) {
      throw new UsageException("option --" + name + " is required");
    }
    return v;
  }

  int intValue(String name) throws UsageException {
    try {
      return Integer.parseInt(values.get(name).replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " expects a whole number, found '"
          + values.get(name) + "'");
    }
  }

  /** A comma-separated list, trimmed, without empty items. */
  List<String> list(String name) {
    List<String> items = new ArrayList<>();
    for (String s : values.get(name).split(",")) {
      if (!s.trim().isEmpty()) {
        items.add(s.trim());
      }
    }
    return items;
  }

  List<Double> doubles(String name) throws UsageException {
    List<Double> out = new ArrayList<>();
    for (String s : list(name)) {
      try {
        out.add(Double.parseDouble(s));
      } catch (NumberFormatException e) {
        throw new UsageException("--" + name + " expects numbers separated by commas, found '"
            + s + "'");
      }
    }
    return out;
  }

  List<Long> longs(String name) throws UsageException {
    List<Long> out = new ArrayList<>();
    for (String s : list(name)) {
      try {
        out.add(Long.parseLong(s));
      } catch (NumberFormatException e) {
        throw new UsageException("--" + name + " expects whole numbers separated by commas, "
            + "found '" + s + "'");
      }
    }
    return out;
  }
}
