package dev.topiary.samples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny {@code --name value} option parser with defaults and help text; the samples' commands and
 * the Spark module's ({@code topiary-spark}) use it.
 */
public final class CommandLine {
  /** A malformed command line; the message says what was expected and found. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  /** An option: its name without dashes, default value and description. */
  public static final class Option {
    final String name;
    final String defaultValue;
    final String help;

    public Option(String name, String defaultValue, String help) {
      this.name = name;
      this.defaultValue = defaultValue;
      this.help = help;
    }
  }

  private final Map<String, String> values;

  private CommandLine(Map<String, String> values) {
    this.values = values;
  }

  public static CommandLine parse(String[] args, Option... options) throws UsageException {
    Map<String, String> values = new LinkedHashMap<>();
    for (Option o : options) {
      values.put(o.name, o.defaultValue);
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'; expected --option value");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!values.containsKey(name)) {
        throw new UsageException("unknown option --" + name + "; expected one of "
            + values.keySet());
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException("option --" + name + " needs a value");
        }
        value = args[++i];
      }
      values.put(name, value);
    }
    return new CommandLine(values);
  }

  public String get(String name) {
    return values.get(name);
  }

  public int intValue(String name) throws UsageException {
    try {
      return Integer.parseInt(values.get(name).replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " expects a whole number, found '"
          + values.get(name) + "'");
    }
  }

  public long longValue(String name) throws UsageException {
    try {
      return Long.parseLong(values.get(name));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " expects a whole number, found '"
          + values.get(name) + "'");
    }
  }

  public double doubleValue(String name) throws UsageException {
    try {
      return Double.parseDouble(values.get(name));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " expects a number, found '" + values.get(name) + "'");
    }
  }

  /** The value, which must not be empty. */
  public String required(String name) throws UsageException {
    String v = values.get(name);
    if (v.isEmpty()) {
      throw new UsageException("option --" + name + " is required");
    }
    return v;
  }

  /** A comma-separated list, trimmed, without empty items. */
  public List<String> list(String name) {
    List<String> items = new ArrayList<>();
    for (String s : values.get(name).split(",")) {
      if (!s.trim().isEmpty()) {
        items.add(s.trim());
      }
    }
    return items;
  }

  /** {@link #list} as numbers. */
  public List<Double> doubles(String name) throws UsageException {
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

  /** {@link #list} as whole numbers. */
  public List<Long> longs(String name) throws UsageException {
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

  /** One line per option: name, help, default. */
  public static String describe(Option... options) {
    StringBuilder s = new StringBuilder();
    for (Option o : options) {
      s.append(String.format("  --%-12s %s (default: %s)%n", o.name, o.help,
          o.defaultValue.isEmpty() ? "none" : o.defaultValue));
    }
    return s.toString();
  }
}
