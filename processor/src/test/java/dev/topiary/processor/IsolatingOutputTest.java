package dev.topiary.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Gradle's isolating processors must decide each generated file from its originating element
 * alone: a model processed by itself gives the same source as when processed with others.
 */
class IsolatingOutputTest {
  private static final String[] MODELS = {"Smallest", "SeedCnn", "Regularized"};

  @Test
  void eachModelAloneGivesTheFileItGetsWithAllTheOthers() throws IOException {
    ModelCompiler.Loaded together = ModelCompiler.compile(GoldenSourceTest.source(MODELS[0]),
        GoldenSourceTest.source(MODELS[1]), GoldenSourceTest.source(MODELS[2]));
    for (String name : MODELS) {
      ModelCompiler.Loaded alone = ModelCompiler.compile(GoldenSourceTest.source(name));
      assertEquals(source(alone, name), source(together, name), "Topiary" + name);
    }
  }

  private static String source(ModelCompiler.Loaded loaded, String name) throws IOException {
    return loaded.compilation().generatedSourceFile(ModelCompiler.PACKAGE + ".Topiary" + name)
        .orElseThrow(() -> new AssertionError("Topiary" + name + " was not generated"))
        .getCharContent(true).toString();
  }
}
