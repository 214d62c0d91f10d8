package dev.topiary.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.topiary.processor.ModelSources.OUTPUT;
import static dev.topiary.processor.ModelSources.model;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.topiary.processor.validate.DiagnosticCode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The diagnostics of Dropout, the average and global poolings and BatchNormalization, as
 * {@link DiagnosticsTest} does it: one model per mistake, compiled together once, each reported
 * once with its exact message, on the line of the value that is wrong.
 */
class LayerDiagnosticsTest {
  private static Compilation shared;

  @BeforeAll
  static void compileAll() throws IllegalAccessException {
    shared = Compiler.javac().withProcessors(new TopiaryProcessor()).withOptions("-Xlint:all")
        .compile(modelFiles());
  }

  private static List<JavaFileObject> modelFiles() throws IllegalAccessException {
    List<JavaFileObject> files = new ArrayList<>();
    for (Field f : LayerDiagnosticsTest.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == JavaFileObject.class) {
        files.add((JavaFileObject) f.get(null));
      }
    }
    return files;
  }

  @Test
  void oneDiagnosticPerFile() throws IllegalAccessException {
    for (JavaFileObject file : modelFiles()) {
      List<String> found = shared.diagnostics().stream()
          .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
          .filter(d -> d.getSource() != null && d.getSource().toUri().equals(file.toUri()))
          .map(d -> d.getMessage(null)).toList();
      assertWithMessage("diagnostics in %s", file.getName()).that(found).hasSize(1);
    }
  }

  // Dropout

  static final JavaFileObject DROPOUT_ONE = model("DropoutOne", "4",
      "@Dense(units = 8) DenseLayer hidden();",
      "@Dropout(1.0) Layer drop();", OUTPUT);
  static final JavaFileObject DROPOUT_NEGATIVE = model("DropoutNegative", "4",
      "@Dropout(value = -0.1) Layer drop();", OUTPUT);
  static final JavaFileObject DROPOUT_WITH_L1 = model("DropoutWithL1", "4",
      "@Dropout(0.5) @L1(0.01) Layer drop();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.INVALID_DROPOUT_RATE)
  void invalidDropoutRate() {
    assertThat(shared).hadErrorContaining("[Topiary/InvalidDropoutRate] drop: @Dropout(rate) is "
        + "the fraction of values dropped while training; expected a value in [0, 1), found 1.0; "
        + "use e.g. @Dropout(0.2)").inFile(DROPOUT_ONE).onLineContaining("@Dropout(1.0)");
    assertThat(shared).hadErrorContaining("drop: @Dropout(rate) is the fraction of values dropped "
        + "while training; expected a value in [0, 1), found -0.1").inFile(DROPOUT_NEGATIVE)
        .onLineContaining("-0.1");
  }

  @Test
  void dropoutHasNoKernelForL1() {
    assertThat(shared).hadErrorContaining("[Topiary/LayerWithoutWeights] drop: @L1 acts on a "
        + "kernel, but @Dropout has none").inFile(DROPOUT_WITH_L1).onLineContaining("@L1");
  }

  // Average and global pooling

  static final JavaFileObject AVERAGE_TOO_LARGE = model("AverageTooLarge", "3, 3, 1",
      "@AveragePooling2D({4, 2}) Layer pool();",
      "@Flatten Layer flatten();", OUTPUT);
  static final JavaFileObject AVERAGE_ZERO = model("AverageZero", "4, 4, 1",
      "@AveragePooling2D(value = {2, 2}, strides = {0, 1}) Layer pool();",
      "@Flatten Layer flatten();", OUTPUT);
  static final JavaFileObject AVERAGE_ONE_VALUE = model("AverageOneValue", "4, 4, 1",
      "@AveragePooling2D({2}) Layer pool();",
      "@Flatten Layer flatten();", OUTPUT);
  static final JavaFileObject GLOBAL_OF_VECTOR = model("GlobalOfVector", "4",
      "@Dense(units = 8) DenseLayer hidden();",
      "@GlobalAveragePooling2D Layer gap();", OUTPUT);
  static final JavaFileObject GLOBAL_MAX_AFTER_FLATTEN = model("GlobalMaxAfterFlatten",
      "4, 4, 2",
      "@Flatten Layer flatten();",
      "@GlobalMaxPooling2D Layer gmp();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.KERNEL_TOO_LARGE)
  void averagePoolLargerThanItsInput() {
    assertThat(shared).hadErrorContaining("[Topiary/KernelTooLarge] pool: pool size 4x2 does not "
        + "fit input 3x3x1 with padding = VALID; expected at most 3x3, found 4x2")
        .inFile(AVERAGE_TOO_LARGE).onLineContaining("{4, 2}");
  }

  @Test
  @Covers(DiagnosticCode.NOT_POSITIVE)
  void averagePoolStrideNotPositive() {
    assertThat(shared).hadErrorContaining("[Topiary/NotPositive] pool: strides must be positive; "
        + "expected values > 0, found {0, 1}").inFile(AVERAGE_ZERO).onLineContaining("{0, 1}");
  }

  @Test
  @Covers(DiagnosticCode.WRONG_ARITY)
  void averagePoolSizeOfOneValue() {
    assertThat(shared).hadErrorContaining("[Topiary/WrongArity] pool: pool size is {height, "
        + "width}; expected 2 values, found 1: {2}").inFile(AVERAGE_ONE_VALUE)
        .onLineContaining("{2}");
  }

  @Test
  @Covers(DiagnosticCode.NEEDS_IMAGE_INPUT)
  void globalPoolingOfAVector() {
    assertThat(shared).hadErrorContaining("[Topiary/NeedsImageInput] gap: "
        + "@GlobalAveragePooling2D works on images; expected an input of height x width x "
        + "channels, found a vector of 8").inFile(GLOBAL_OF_VECTOR)
        .onLineContaining("@GlobalAveragePooling2D");
    assertThat(shared).hadErrorContaining("[Topiary/NeedsImageInput] gmp: @GlobalMaxPooling2D "
        + "works on images; expected an input of height x width x channels, found a vector of "
        + "32").inFile(GLOBAL_MAX_AFTER_FLATTEN).onLineContaining("@GlobalMaxPooling2D");
  }

  // BatchNormalization

  static final JavaFileObject MOMENTUM_ONE = model("MomentumOne", "4",
      "@Dense(units = 8) DenseLayer hidden();",
      "@BatchNormalization(momentum = 1.0) Layer bn();", OUTPUT);
  static final JavaFileObject EPSILON_ZERO = model("EpsilonZero", "4",
      "@Dense(units = 8) DenseLayer hidden();",
      "@BatchNormalization(epsilon = 0) Layer bn();", OUTPUT);
  static final JavaFileObject EPSILON_BELOW_FLOAT = model("EpsilonBelowFloat", "4",
      "@Dense(units = 8) DenseLayer hidden();",
      "@BatchNormalization(epsilon = 1e-50) Layer bn();", OUTPUT);
  static final JavaFileObject BATCH_NORM_FIRST = model("BatchNormFirst", "4, 4, 1",
      "@BatchNormalization Layer bn();",
      "@Flatten Layer flatten();", OUTPUT);
  static final JavaFileObject BATCH_NORM_WITH_PRUNE = model("BatchNormWithPrune", "4",
      "@Dense(units = 8) DenseLayer hidden();",
      "@BatchNormalization @Prune(initial = 0.5, target = 0.8, endStep = 1000) Layer bn();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.INVALID_BATCH_NORM_MOMENTUM)
  void invalidMomentum() {
    assertThat(shared).hadErrorContaining("[Topiary/InvalidBatchNormMomentum] bn: "
        + "@BatchNormalization(momentum) weighs the moving statistics against each batch's; "
        + "expected a value in [0, 1), found 1.0; use e.g. momentum = 0.99, Keras's default")
        .inFile(MOMENTUM_ONE).onLineContaining("momentum = 1.0");
  }

  @Test
  @Covers(DiagnosticCode.INVALID_BATCH_NORM_EPSILON)
  void invalidEpsilon() {
    assertThat(shared).hadErrorContaining("[Topiary/InvalidBatchNormEpsilon] bn: "
        + "@BatchNormalization(epsilon) is added to the variance before its square root; expected "
        + "a finite value > 0 (as a float), found 0.0; use e.g. epsilon = 1e-3, Keras's default")
        .inFile(EPSILON_ZERO).onLineContaining("epsilon = 0");
    assertThat(shared).hadErrorContaining("bn: @BatchNormalization(epsilon) is added to the "
        + "variance before its square root; expected a finite value > 0 (as a float), found "
        + "1.0E-50").inFile(EPSILON_BELOW_FLOAT).onLineContaining("1e-50");
  }

  @Test
  @Covers(DiagnosticCode.BATCH_NORMALIZATION_FIRST)
  void batchNormalizationFirst() {
    assertThat(shared).hadWarningContaining("[Topiary/BatchNormalizationFirst] bn: "
        + "@BatchNormalization first normalises the raw input with each batch's statistics while "
        + "training; expected a layer before it (it usually follows a Conv2D or Dense, into which "
        + "the inference export folds it), found it first; normalise the input data once instead, "
        + "or move it after a Conv2D or Dense").inFile(BATCH_NORM_FIRST)
        .onLineContaining("@BatchNormalization");
  }

  @Test
  void batchNormalizationHasNoKernelToPrune() {
    assertThat(shared).hadErrorContaining("[Topiary/LayerWithoutWeights] bn: @Prune acts on a "
        + "kernel, but @BatchNormalization has none").inFile(BATCH_NORM_WITH_PRUNE)
        .onLineContaining("@Prune");
  }
}
