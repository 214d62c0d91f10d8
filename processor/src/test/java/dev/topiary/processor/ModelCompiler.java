package dev.topiary.processor;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.topiary.runtime.internal.GeneratedNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles {@code @Model} sources with {@link TopiaryProcessor} under every lint and
 * {@code -Werror}, as the house style asks of generated code, and loads the classes the
 * compilation produced (a class loader over its class files, parent the test's loader) so that a
 * test can instantiate {@code Topiary<Name>(seed)} as a {@link GeneratedNetwork}.
 */
final class ModelCompiler {
  /** The package of the test models. */
  static final String PACKAGE = "dev.topiary.models";

  /**
   * What every compilation of generated code must pass: every lint, and no warning. Except
   * {@code processing}, as in the build's own compiler arguments: it warns about each annotation
   * no processor claims, including the JDK's {@code @Generated} that generated code must carry,
   * and a processor should not claim annotations that are not its own (Error Prone's
   * DoNotClaimAnnotations).
   */
  static final List<String> OPTIONS = List.of("-Xlint:all,-processing", "-Werror");

  private ModelCompiler() {}

  /**
   * A model interface {@code PACKAGE.name} with the usual imports (the DSL, its enums' constants
   * and the runtime's layer types).
   *
   * @param model the {@code @Model} annotation, e.g. {@code "@Model(input = {6, 6, 2})"}
   * @param layers the layer methods with their annotations
   */
  static JavaFileObject model(String name, String model, String layers) {
    return JavaFileObjects.forSourceString(PACKAGE + "." + name, String.join("\n",
        "package " + PACKAGE + ";",
        "",
        "import static dev.topiary.Activation.*;",
        "import static dev.topiary.Padding.*;",
        "",
        "import dev.topiary.*;",
        "import dev.topiary.runtime.*;",
        "",
        model,
        "public interface " + name + " extends Network {",
        layers,
        "}",
        ""));
  }

  /** Compiles {@code sources} and fails the test, listing the diagnostics, unless it succeeds. */
  static Loaded compile(JavaFileObject... sources) {
    Compilation compilation = Compiler.javac().withProcessors(new TopiaryProcessor())
        .withOptions(OPTIONS).compile(sources);
    if (compilation.status() != Compilation.Status.SUCCESS
        || !compilation.warnings().isEmpty()) {
      fail("compilation failed:\n" + report(compilation));
    }
    return new Loaded(compilation);
  }

  /**
   * Compiles {@code sources}, whose model the processor warns about with {@code code} (e.g.
   * {@code "HiddenSoftmax"}), without {@code -Werror}; fails unless it succeeds, warns with
   * {@code code} and with nothing else, so that generated code still compiles without lint.
   */
  static Loaded compileWarning(String code, JavaFileObject... sources) {
    List<String> options = OPTIONS.stream().filter(o -> !o.equals("-Werror"))
        .collect(Collectors.toList());
    Compilation compilation = Compiler.javac().withProcessors(new TopiaryProcessor())
        .withOptions(options).compile(sources);
    List<String> warnings = messages(compilation, Diagnostic.Kind.WARNING);
    List<String> mandatory = messages(compilation, Diagnostic.Kind.MANDATORY_WARNING);
    if (compilation.status() != Compilation.Status.SUCCESS || warnings.isEmpty()
        || !mandatory.isEmpty() || !warnings.stream().allMatch(w -> w.contains("[Topiary/" + code
            + "]"))) {
      fail("expected a successful compilation warning only [Topiary/" + code + "]:\n"
          + report(compilation));
    }
    return new Loaded(compilation);
  }

  private static String report(Compilation compilation) {
    String diagnostics = compilation.diagnostics().stream()
        .map(d -> d.getKind() + ": " + d.getMessage(null)).collect(Collectors.joining("\n"));
    if (compilation.status() != Compilation.Status.SUCCESS) {
      return diagnostics; // generated files are unavailable after a failure
    }
    return diagnostics + "\n" + compilation.generatedSourceFiles().stream()
        .map(ModelCompiler::text).collect(Collectors.joining("\n"));
  }

  /** The diagnostics of {@code kind}, as text, for assertions on compilations that may fail. */
  static List<String> messages(Compilation compilation, Diagnostic.Kind kind) {
    return compilation.diagnostics().stream().filter(d -> d.getKind() == kind)
        .map(d -> d.getMessage(null)).collect(Collectors.toList());
  }

  private static String text(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A successful compilation and the class loader over its class files. */
  static final class Loaded {
    private final Compilation compilation;
    private final ClassLoader loader;

    Loaded(Compilation compilation) {
      this.compilation = compilation;
      this.loader = new GeneratedClassLoader(compilation, ModelCompiler.class.getClassLoader());
    }

    Compilation compilation() {
      return compilation;
    }

    /** The class {@code PACKAGE.simpleName}, e.g. the generated {@code TopiaryMlp}. */
    Class<?> load(String simpleName) {
      try {
        return Class.forName(PACKAGE + "." + simpleName, true, loader);
      } catch (ClassNotFoundException e) {
        throw new AssertionError(simpleName + " was not generated", e);
      }
    }

    /** {@code new Topiary<model>(seed)}. */
    GeneratedNetwork newNetwork(String model, long seed) {
      try {
        return (GeneratedNetwork) load("Topiary" + model).getConstructor(long.class)
            .newInstance(seed);
      } catch (InvocationTargetException e) {
        throw new AssertionError("Topiary" + model + "(" + seed + ") threw", e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new AssertionError("Topiary" + model + " has no public (long seed) constructor", e);
      }
    }
  }

  /**
   * Defines the compilation's class files (kind CLASS, named {@code /CLASS_OUTPUT/a/b/C.class} in
   * compile-testing's in-memory file manager); everything else comes from the test's loader.
   */
  private static final class GeneratedClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes = new HashMap<>();

    GeneratedClassLoader(Compilation compilation, ClassLoader parent) {
      super(parent);
      for (JavaFileObject file : compilation.generatedFiles()) {
        if (file.getKind() != JavaFileObject.Kind.CLASS) {
          continue;
        }
        String path = file.toUri().getPath(); // "/CLASS_OUTPUT/dev/topiary/models/TopiaryMlp.class"
        String relative = path.substring(path.indexOf('/', 1) + 1);
        String name = relative.substring(0, relative.length() - ".class".length())
            .replace('/', '.');
        try (InputStream in = file.openInputStream()) {
          classes.put(name, in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
