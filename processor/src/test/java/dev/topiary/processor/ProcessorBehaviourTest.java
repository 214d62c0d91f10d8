package dev.topiary.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.topiary.processor.ModelSources.OUTPUT;
import static dev.topiary.processor.ModelSources.file;
import static dev.topiary.processor.ModelSources.model;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.topiary.processor.model.ModelSpec;
import dev.topiary.processor.model.WrittenModels;
import dev.topiary.processor.validate.DiagnosticCode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor as a whole: all errors at once, other models unaffected, internal errors
 * contained, options, {@code @Generated}, Gradle registration, and silence for a valid model.
 */
class ProcessorBehaviourTest {
  private static final JavaFileObject SMALL = model("Small", "4", OUTPUT);

  /** The test seam: throws for models named Broken and Overflowing, as a bug would. */
  private static final Consumer<ModelSpec> BREAKS = spec -> {
    switch (spec.interfaceName()) {
      case "Broken" -> throw new IllegalStateException("boom");
      case "Overflowing" -> throw new StackOverflowError();
      default -> { }
    }
  };

  private static Compilation small;

  /** SMALL compiled once, for the tests that only read the result. */
  private static synchronized Compilation small() {
    if (small == null) {
      small = javac().compile(SMALL);
    }
    return small;
  }

  private static Compiler javac() {
    return Compiler.javac().withProcessors(new TopiaryProcessor());
  }

  @Test
  void allErrorsAtOnceEachOnce() {
    JavaFileObject several = model("Several", "28, 28, 1",
        "@Conv2D(filters = 8, kernel = {3, 3, 3}) Conv2DLayer conv();",
        "@MaxPooling2D({2, 2}) @L1 Layer pool();",
        "@Flatten Layer flatten(int index);",
        "@Dense(units = 64, activation = SOFTMAX) @L1(-1) DenseLayer hidden();",
        "@Dense(units = 10) Conv2DLayer output();");
    Compilation compilation = javac().compile(several);
    assertThat(compilation).hadErrorContaining("[Topiary/WrongArity] conv:").inFile(several)
        .onLineContaining("conv()");
    assertThat(compilation).hadErrorContaining("[Topiary/LayerWithoutWeights] pool:")
        .inFile(several).onLineContaining("pool()");
    assertThat(compilation).hadErrorContaining("[Topiary/LayerMethodParameters] flatten:")
        .inFile(several).onLineContaining("flatten(");
    assertThat(compilation).hadErrorContaining("[Topiary/InvalidL1] hidden:").inFile(several)
        .onLineContaining("hidden()");
    assertThat(compilation).hadWarningContaining("[Topiary/HiddenSoftmax] hidden:")
        .inFile(several).onLineContaining("hidden()");
    assertThat(compilation).hadErrorContaining("[Topiary/WrongReturnType] output:")
        .inFile(several).onLineContaining("output()");
    assertThat(compilation).hadErrorContaining("[Topiary/LossNeedsSoftmax] output:")
        .inFile(several).onLineContaining("output()");
    assertThat(compilation).hadErrorCount(6); // each once: nothing echoes the unknown shapes
    assertThat(compilation).hadWarningCount(1);
  }

  @Test
  void otherModelsStillGenerate(@TempDir Path out) throws IOException {
    JavaFileObject invalid = model("Invalid", "5, 5, 1",
        "@Conv2D(filters = 4, kernel = {7, 7}) Conv2DLayer conv();", "@Flatten Layer flatten();",
        OUTPUT);
    List<Diagnostic<? extends JavaFileObject>> diagnostics =
        processOnly(new TopiaryProcessor(), out, invalid, SMALL);
    assertThat(diagnostics).hasSize(1);
    assertThat(Files.exists(out.resolve("test/TopiarySmall.java"))).isTrue();
    assertThat(Files.exists(out.resolve("test/TopiaryInvalid.java"))).isFalse();
  }

  /**
   * Runs {@code processor} over {@code sources} with {@code -proc:only}, writing sources to
   * {@code out}: through javac's own API, as compile-testing hides generated files when a
   * compilation fails, and the question here is what is written, not how it compiles.
   */
  private static List<Diagnostic<? extends JavaFileObject>> processOnly(Processor processor,
      Path out, JavaFileObject... sources) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, UTF_8)) {
      files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(out));
      JavaCompiler.CompilationTask task = compiler.getTask(null, files, diagnostics,
          List.of("-proc:only"), null, List.of(sources));
      task.setProcessors(List.of(processor));
      task.call();
    }
    return diagnostics.getDiagnostics();
  }

  /**
   * Maven keeps target/classes on the class path, so a rebuild sees the Topiary class of the
   * previous build: that is not a type taking the generated name.
   */
  @Test
  void earlierOutputOnTheClassPathIsNoClash(@TempDir Path classes) throws IOException {
    assertThat(small()).succeeded();
    for (JavaFileObject f : small().generatedFiles()) {
      String uri = f.toUri().toString();
      if (f.getKind() == JavaFileObject.Kind.CLASS && uri.contains("/CLASS_OUTPUT/")) {
        Path target = classes.resolve(uri.substring(uri.indexOf("/CLASS_OUTPUT/") + 14));
        Files.createDirectories(target.getParent());
        try (InputStream in = f.openInputStream()) {
          Files.copy(in, target);
        }
      }
    }
    assertThat(Files.exists(classes.resolve("test/TopiarySmall.class"))).isTrue();
    List<File> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classPath.add(new File(entry));
    }
    classPath.add(classes.toFile());
    assertThat(javac().withClasspath(classPath).compile(SMALL)).succeededWithoutWarnings();
  }

  @Test
  @Covers(DiagnosticCode.INTERNAL_ERROR)
  void internalErrorIsOneErrorOnItsModel() {
    JavaFileObject broken = model("Broken", "4", OUTPUT);
    JavaFileObject overflowing = model("Overflowing", "4", OUTPUT);
    Compilation compilation = Compiler.javac().withProcessors(new TopiaryProcessor(BREAKS))
        .compile(broken, overflowing, SMALL);
    assertThat(compilation).hadErrorContaining("[Topiary/InternalError] test.Broken: internal "
        + "error in Topiary while processing this model: java.lang.IllegalStateException: boom; "
        + "please report it with this model and the trace below").inFile(broken)
        .onLineContaining("interface Broken");
    assertThat(compilation).hadErrorContaining("at dev.topiary.processor.TopiaryProcessor"
        + ".processModel(").inFile(broken).onLineContaining("interface Broken");
    assertThat(compilation).hadErrorContaining("test.Overflowing: internal error in Topiary "
        + "while processing this model: java.lang.StackOverflowError;").inFile(overflowing)
        .onLineContaining("interface Overflowing");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void otherModelsStillGenerateAfterAnInternalError(@TempDir Path out) throws IOException {
    assertThat(processOnly(new TopiaryProcessor(BREAKS), out, model("Broken", "4", OUTPUT),
        SMALL)).hasSize(1);
    assertThat(Files.exists(out.resolve("test/TopiarySmall.java"))).isTrue();
    assertThat(Files.exists(out.resolve("test/TopiaryBroken.java"))).isFalse();
  }

  @Test
  void verbosePrintsANoteWithTheSummary() {
    Compilation compilation = javac().withOptions("-Atopiary.verbose=true").compile(SMALL);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadNoteContaining("[Topiary] Small -> TopiarySmall: input 4")
        .inFile(SMALL).onLineContaining("interface Small");
    assertThat(compilation).hadNoteContainingMatch("\\n +output +Dense +10 +50 params\\n");
    assertThat(compilation).hadNoteContaining(
        "total 50 parameters, 80 FLOPs per example (forward), 200 bytes dense float32");
    assertThat(compilation).hadNoteCount(1);
  }

  @Test
  void quietWithoutVerbose() {
    assertThat(small()).hadNoteCount(0);
  }

  @Test
  void generatedSourceCarriesGenerated() throws IOException {
    String source = small().generatedSourceFile("test.TopiarySmall").orElseThrow()
        .getCharContent(true).toString();
    assertThat(source).contains("import javax.annotation.processing.Generated;");
    assertThat(source).contains("@Generated(\"dev.topiary.processor.TopiaryProcessor\")\n"
        + "public final class TopiarySmall");
  }

  @Test
  void registeredWithGradleAsIsolating() throws IOException {
    try (InputStream in = Objects.requireNonNull(getClass().getClassLoader()
        .getResourceAsStream("META-INF/gradle/incremental.annotation.processors"))) {
      assertThat(new String(in.readAllBytes(), UTF_8).strip())
          .isEqualTo("dev.topiary.processor.TopiaryProcessor,isolating");
    }
  }

  /** Isolating processors must name the one element each generated file comes from. */
  @Test
  void eachGeneratedFileHasItsModelAsTheOneOriginatingElement() {
    for (WrittenModels.Written w : WrittenModels.of(SMALL, model("Other", "2, 2, 1",
        "@Flatten Layer flatten();", OUTPUT))) {
      assertThat(w.file().typeSpec().originatingElements()).containsExactly(w.type());
    }
  }

  @Test
  void validModelCompilesWithoutWarningsUnderXlintAll() {
    JavaFileObject mnist = file("MnistCnn", """
        /** The classic Keras MNIST CNN, with L1 and a pruning schedule. */
        @Model(input = {28, 28, 1})
        public interface MnistCnn extends Network {
          @Conv2D(filters = 32, kernel = {3, 3}, activation = RELU)
          @L1(0.01)
          @Prune(initial = 0.5, target = 0.8, beginStep = 0, endStep = 10_000)
          Conv2DLayer conv();

          @MaxPooling2D({2, 2}) Layer pool();
          @Flatten Layer flatten();
          @Dense(units = 64, activation = RELU) @L1(0.01) DenseLayer hidden();
          @Dense(units = 10, activation = SOFTMAX) DenseLayer output();
        }
        """);
    assertThat(javac().withOptions("-Xlint:all", "-Werror").compile(mnist))
        .succeededWithoutWarnings();
  }

  /** A missing {@code input} is javac's own error, before processing: Topiary adds nothing. */
  @Test
  void missingInputIsJavacsOneError() {
    JavaFileObject noInput = file("NoInput", """
        @Model
        interface NoInput extends Network {
          @Dense(units = 10, activation = SOFTMAX) DenseLayer output();
        }
        """);
    Compilation compilation = javac().compile(noInput);
    assertThat(compilation).hadErrorContaining("is missing a default value for the element "
        + "'input'").inFile(noInput).onLineContaining("@Model");
    assertThat(compilation).hadErrorCount(1);
  }
}
