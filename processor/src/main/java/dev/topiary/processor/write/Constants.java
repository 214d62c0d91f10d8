package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.Arrays;
import javax.lang.model.element.Modifier;

/** Adds the named shape constants that make every loop bound in generated code a constant. */
final class Constants {
  private Constants() {}

  /** {@code 28, 28, 1}: the values of an {@code int[]} initializer. */
  static CodeBlock values(int[] values) {
    return CodeBlock.join(Arrays.stream(values).mapToObj(v -> CodeBlock.of("$L", v)).toList(),
        ", ");
  }

  /** {@code static final int NAME = value;} */
  static void add(TypeSpec.Builder type, String name, long value) {
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " = " + value + " exceeds a Java array's size");
    }
    type.addField(FieldSpec.builder(int.class, name, Modifier.STATIC, Modifier.FINAL)
        .initializer("$L", value).build());
  }
}
