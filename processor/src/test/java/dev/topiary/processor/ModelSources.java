package dev.topiary.processor;

import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** Source files of models for the processor's tests: package {@code test}, the DSL imported. */
public final class ModelSources {
  /** The usual last layer: valid for the default loss. */
  public static final String OUTPUT =
      "@Dense(units = 10, activation = SOFTMAX) DenseLayer output();";

  private static final String HEADER = """
      package test;

      import static dev.topiary.Activation.*;
      import dev.topiary.*;
      import dev.topiary.runtime.*;

      """;

  private ModelSources() {}

  /** {@code test/<name>.java}: the imports, then {@code body}. */
  public static JavaFileObject file(String name, String body) {
    return JavaFileObjects.forSourceString("test." + name, HEADER + body);
  }

  /**
   * A model interface {@code name} with {@code @Model(input = {<input>})} and one layer method per
   * line, e.g. {@code model("Small", "4", OUTPUT)}.
   */
  public static JavaFileObject model(String name, String input, String... lines) {
    StringBuilder s = new StringBuilder("@Model(input = {").append(input).append("})\n")
        .append("public interface ").append(name).append(" extends Network {\n");
    for (String line : lines) {
      s.append("  ").append(line).append('\n');
    }
    return file(name, s.append("}\n").toString());
  }
}
