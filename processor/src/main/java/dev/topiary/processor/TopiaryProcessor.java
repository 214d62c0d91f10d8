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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
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

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(MODEL);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Options.SUPPORTED;
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
    Options options = Options.of(processingEnv);
    if (!round.processingOver() && !annotations.isEmpty()) {
      options.unknown().forEach(o -> report(DiagnosticCode.UNKNOWN_OPTION, null,
          "[Topiary/UnknownOption] " + Messages.unknownOption(o, Options.SUPPORTED.toString())));
    }
    ModelReader reader = new ModelReader(processingEnv.getElementUtils(),
        processingEnv.getTypeUtils());
    for (Element element : round.getElementsAnnotatedWith(model)) {
      if (element instanceof TypeElement type) {
        processModel(type, reader, options);
      }
    }
    return false;
  }

  private void processModel(TypeElement type, ModelReader reader, Options options) {
    try {
      ModelSpec spec = reader.read(type);
      Report report = Validator.validate(spec);
      for (Report.Entry e : report.entries()) {
        report(e.code(), e.origin(), e.message());
      }
      if (report.hasErrors()) {
        return;
      }
      if (options.verbose()) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE,
            ModelNote.of(spec), type);
      }
      JavaFile file = NetworkWriter.write(spec);
      file.writeTo(processingEnv.getFiler());
    } catch (IOException | RuntimeException | Error e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "[Topiary/"
          + DiagnosticCode.INTERNAL_ERROR.label() + "] "
          + Messages.internalError(type.getSimpleName().toString(), e) + "\n" + trace, type);
    }
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
