package dev.topiary.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.topiary.processor.validate.DiagnosticCode;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The guard: every diagnostic code has a test ({@link Covers}) asserting its message and place. */
class DiagnosticCodeCoverageTest {
  private static final List<Class<?>> TESTS = List.of(DiagnosticsTest.class,
      ProcessorBehaviourTest.class, LayerDiagnosticsTest.class);

  @Test
  void everyCodeHasATest() {
    Set<DiagnosticCode> covered = EnumSet.noneOf(DiagnosticCode.class);
    for (Class<?> test : TESTS) {
      for (Method m : test.getDeclaredMethods()) {
        Covers covers = m.getAnnotation(Covers.class);
        if (covers != null && m.isAnnotationPresent(Test.class)) {
          covered.add(covers.value());
        }
      }
    }
    assertWithMessage("diagnostic codes without a @Covers test in %s", TESTS)
        .that(EnumSet.complementOf(EnumSet.copyOf(covered))).isEmpty();
  }

  @Test
  void labelsAreDistinct() {
    assertWithMessage("labels").that(EnumSet.allOf(DiagnosticCode.class).stream()
        .map(DiagnosticCode::label).toList()).containsNoDuplicates();
  }
}
