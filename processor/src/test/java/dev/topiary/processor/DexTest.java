package dev.topiary.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.android.tools.r8.D8;
import com.android.tools.r8.D8Command;
import com.android.tools.r8.Diagnostic;
import com.android.tools.r8.DiagnosticsHandler;
import com.android.tools.r8.OutputMode;
import com.android.tools.r8.origin.Origin;
import dev.topiary.Model;
import dev.topiary.runtime.Network;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an Android build does with Topiary: D8 dexes the runtime, the annotations and the
 * generated classes of the golden models at {@code --min-api 24}, with no warning and no error.
 * (The runtime's multi-release part for desktop JVMs, under {@code META-INF/versions}, is not
 * what Android loads, so it is left out as Android's build leaves it out.)
 */
class DexTest {
  @TempDir Path out;

  @Test
  void d8DexesRuntimeAndGeneratedCodeAtApi24WithoutWarnings() throws Exception {
    List<String> problems = new ArrayList<>();
    DiagnosticsHandler handler = new DiagnosticsHandler() {
      @Override
      public void error(Diagnostic d) {
        problems.add("error: " + d.getDiagnosticMessage() + " (" + d.getOrigin() + ")");
      }

      @Override
      public void warning(Diagnostic d) {
        problems.add("warning: " + d.getDiagnosticMessage() + " (" + d.getOrigin() + ")");
      }
    };
    D8Command.Builder d8 = D8Command.builder(handler).setMinApiLevel(24)
        .addLibraryFiles(Paths.get(System.getProperty("java.home")))
        .setOutput(out, OutputMode.DexIndexed);
    int classes = addClasses(d8, location(Network.class)) + addClasses(d8, location(Model.class));
    ModelCompiler.Loaded models = ModelCompiler.compile(GoldenSourceTest.source("Smallest"),
        GoldenSourceTest.source("SeedCnn"), GoldenSourceTest.source("Regularized"));
    for (JavaFileObject f : models.compilation().generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS) {
        try (InputStream in = f.openInputStream()) {
          d8.addClassProgramData(in.readAllBytes(), Origin.unknown());
          classes++;
        }
      }
    }
    D8.run(d8.build());
    assertEquals(List.of(), problems, "D8 at min-api 24");
    Path dex = out.resolve("classes.dex");
    assertTrue(Files.size(dex) > 0, "no classes.dex written");
    String strings = new String(Files.readAllBytes(dex), StandardCharsets.ISO_8859_1);
    assertTrue(strings.contains("Ldev/topiary/models/TopiarySeedCnn;"), "generated class missing");
    assertTrue(strings.contains("Ldev/topiary/runtime/train/Trainer;"), "runtime missing");
    assertTrue(classes > 50, "expected the runtime's classes, found " + classes);
  }

  /** Adds the class files of a jar or classes folder, outside META-INF; returns how many. */
  private static int addClasses(D8Command.Builder d8, Path location) throws IOException {
    int n = 0;
    if (Files.isDirectory(location)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(location)) {
        files = walk.filter(p -> p.toString().endsWith(".class"))
            .filter(p -> !location.relativize(p).toString().startsWith("META-INF")).toList();
      }
      for (Path p : files) {
        d8.addClassProgramData(Files.readAllBytes(p), Origin.unknown());
        n++;
      }
      return n;
    }
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(location))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
          d8.addClassProgramData(zip.readAllBytes(), Origin.unknown());
          n++;
        }
      }
    }
    return n;
  }

  private static Path location(Class<?> type) throws Exception {
    return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
