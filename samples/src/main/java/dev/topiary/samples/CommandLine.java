package dev.topiary.samples;

import java.util.LinkedHashMap;
import java.util.Map;

/** A tiny {@code --name value} option parser with defaults and help text. */
final class CommandLine {
  /** A malformed command line; the message says what was expected and found. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** An option: its name without dashes, default value and description. */
  static final class Option {
    final String name;
    final String defaultValue;
    final String help;

    Option(String name, String defaultValue, String help) {
      this.name = name;
      this.defaultValue = defaultValue;
      this.help = help;
    }
  }

  private final Map<String, String> values;

  private CommandLine(Map<String, String> values) {
    this.values = values;
  }

  static CommandLine parse(String[] args, Option... options) throws UsageException {
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

  String get(String name) {
    return values.get(name);
  }

  int intValue(String name) throws UsageException {
    try {
      return Integer.parseInt(values.get(name).replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " expects a whole number, found '"
          + values.get(name) + "'");
    }
  }

  long longValue(String name) throws UsageException {
    try {
      return Long.parseLong(values.get(name));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " expects a whole number, found '"
          + values.get(name) + "'");
    }
  }

  double doubleValue(String name) throws UsageException {
    try {
      return Double.parseDouble(values.get(name));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " expects a number, found '" + values.get(name) + "'");
    }
  }

  static String describe(Option... options) {
    StringBuilder s = new StringBuilder();
    for (Option o : options) {
      s.append(String.format("  --%-12s %s (default: %s)%n", o.name, o.help,
          o.defaultValue.isEmpty() ? "none" : o.defaultValue));
    }
    return s.toString();
  }
}
