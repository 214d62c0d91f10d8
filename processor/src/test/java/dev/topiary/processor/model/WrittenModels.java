package dev.topiary.processor.model;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.palantir.javapoet.JavaFile;
import dev.topiary.processor.read.ModelReader;
import dev.topiary.processor.write.NetworkWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;

/**
 * Runs the processor's read and write steps over valid models inside a compilation, without the
 * Filer, and hands back the IR and the JavaPoet file of each: for tests of what the writer names
 * and declares, which the generated source text does not show as directly.
 */
public final class WrittenModels extends AbstractProcessor {
  /** One model: its IR and its generated file, not written. */
  public record Written(TypeElement type, ModelSpec spec, JavaFile file) {}

  private final List<Written> written = new ArrayList<>();

  private WrittenModels() {}

  /** Reads and writes every {@code @Model} in {@code sources}, which must compile. */
  public static List<Written> of(JavaFileObject... sources) {
    WrittenModels processor = new WrittenModels();
    Compilation compilation = Compiler.javac().withProcessors(processor).compile(sources);
    assertThat(compilation).succeeded();
    return processor.written;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("dev.topiary.Model");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    ModelReader reader = new ModelReader(processingEnv.getElementUtils(),
        processingEnv.getTypeUtils());
    for (TypeElement annotation : annotations) {
      for (Element e : round.getElementsAnnotatedWith(annotation)) {
        ModelSpec spec = reader.read((TypeElement) e);
        written.add(new Written((TypeElement) e, spec, NetworkWriter.write(spec)));
      }
    }
    return false;
  }
}
