package dev.topiary.processor.write;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.processor.model.ModelSpec;
import javax.lang.model.element.Modifier;

/** The model's own constants: its name, its architecture text, its input and output sizes. */
final class ModelConstantsEmitter {
  private ModelConstantsEmitter() {}

  /**
   * <pre>static final String MODEL_NAME = "SeedCnn"; static final String ARCHITECTURE = "...";
   * static final int INPUT_SIZE = 784; static final int OUTPUT_SIZE = 10;</pre>
   */
  static void addConstants(TypeSpec.Builder type, ModelSpec model) {
    type.addField(FieldSpec.builder(String.class, "MODEL_NAME", Modifier.STATIC, Modifier.FINAL)
        .initializer("$S", model.interfaceName()).build());
    type.addField(FieldSpec.builder(String.class, "ARCHITECTURE", Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("What model files must match: layers, shapes and options.\n")
        .initializer("$S", ArchitectureText.of(model)).build());
    Constants.add(type, "INPUT_SIZE", model.inputShape().size());
    Constants.add(type, "OUTPUT_SIZE", model.outputLayer().output().size());
  }
}
