package dev.topiary.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.topiary.processor.model.ModelSpec;
import dev.topiary.processor.model.Origin;
import dev.topiary.processor.read.ModelReader;
import dev.topiary.processor.validate.DiagnosticCode;
import dev.topiary.processor.validate.Messages;
import dev.topiary.processor.validate.Report;
import dev.topiary.processor.validate.Validator;
import dev.topiary.processor.write.NetworkWriter;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Turns every {@code @Model} interface into a generated network class: read, validate (all
 * problems reported), write. An unexpected exception becomes one error on its model.
 */
@AutoService(Processor.class)
public final class TopiaryProcessor extends AbstractProcessor {
  static final String MODEL = "dev.topiary.Model";

  private final Consumer<ModelSpec> afterRead;
  private Options options;
  private ModelReader reader;
  private boolean optionsReported;

  /** The processor javac loads. */
  public TopiaryProcessor() {
    this(spec -> {});
  }

  /** A processor that shows every model it has read to {@code afterRead} (tests make it throw). */
  TopiaryProcessor(Consumer<ModelSpec> afterRead) {
    this.afterRead = afterRead;
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    options = Options.of(env);
    reader = new ModelReader(env.getElementUtils(), env.getTypeUtils());
  }

  /**
   * {@code @Model} and the annotations inside a model, which this processor claims, and
   * {@code @Generated}, which it puts on its output: claiming them keeps {@code -Xlint:all}
   * ("No processor claimed any of these annotations") silent for a valid model. Claiming takes
   * nothing from other processors: they still find the elements through the round.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> types = new java.util.HashSet<>(Set.of(MODEL, "dev.topiary.L1",
        "dev.topiary.Prune", "dev.topiary.ActivityL1", "javax.annotation.processing.Generated"));
    for (dev.topiary.architecture.LayerKind kind : dev.topiary.architecture.LayerKind.values()) {
      types.add("dev.topiary." + kind.annotation()); // every layer annotation
    }
    return types;
  }

  /** The known options, and the unknown {@code topiary.*} ones, which get Topiary's own warning. */
  @Override
  public Set<String> getSupportedOptions() {
    Set<String> supported = new TreeSet<>(Options.SUPPORTED);
    if (options != null) {
      supported.addAll(options.unknown());
    }
    return supported;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement model = processingEnv.getElementUtils().getTypeElement(MODEL);
    if (model == null) {
      return false;
    }
    if (!optionsReported) {
      optionsReported = true;
      options.unknown().forEach(o -> report(DiagnosticCode.UNKNOWN_OPTION, null,
          "[Topiary/" + DiagnosticCode.UNKNOWN_OPTION.label() + "] "
              + Messages.unknownOption(o, Options.SUPPORTED.toString())));
    }
    for (Element element : round.getElementsAnnotatedWith(model)) {
      if (element instanceof TypeElement type) {
        processModel(type);
      }
    }
    return true;
  }

  private void processModel(TypeElement type) {
    try {
      ModelSpec spec = reader.read(type);
      afterRead.accept(spec);
      Report report = Validator.validate(spec);
      for (Report.Entry e : report.entries()) {
        report(e.code(), e.origin(), e.message());
      }
      if (report.hasErrors()) {
        return;
      }
      if (options.verbose()) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE, ModelNote.of(spec), type);
      }
      JavaFile file = NetworkWriter.write(spec, generatedResolves());
      file.writeTo(processingEnv.getFiler());
    } catch (IOException | RuntimeException | Error e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "[Topiary/"
          + DiagnosticCode.INTERNAL_ERROR.label() + "] "
          + Messages.internalError(type.getQualifiedName().toString(), e) + trace(e), type);
    }
  }

  /**
   * Whether the user's compilation can resolve {@code @Generated} (as Dagger and AutoValue ask):
   * Android's class library has no {@code javax.annotation.processing}, and an app's javac would
   * fail on the first generated class that names it.
   */
  private boolean generatedResolves() {
    return processingEnv.getElementUtils()
        .getTypeElement(NetworkWriter.GENERATED.canonicalName()) != null;
  }

  /** The first frames of {@code e}'s stack, enough to find the bug without flooding the build. */
  private static String trace(Throwable e) {
    StringBuilder s = new StringBuilder();
    StackTraceElement[] frames = e.getStackTrace();
    for (int i = 0; i < Math.min(frames.length, 12); i++) {
      s.append("\n\tat ").append(frames[i]);
    }
    if (frames.length > 12) {
      s.append("\n\t... ").append(frames.length - 12).append(" more");
    }
    return s.toString();
  }

  private void report(DiagnosticCode code, Origin origin, String message) {
    if (origin == null) {
      processingEnv.getMessager().printMessage(code.kind(), message);
    } else {
      processingEnv.getMessager().printMessage(code.kind(), message, origin.element(),
          origin.mirror(), origin.value());
    }
  }
}
