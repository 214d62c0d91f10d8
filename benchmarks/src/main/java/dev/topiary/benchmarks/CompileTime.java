package dev.topiary.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * What the Topiary processor adds to compiling the seed model: javac of {@code SeedCnn.java} with
 * and without the processor, alternating, in one JVM (a warm javac, as in a build daemon); the
 * difference includes compiling the generated class. Arguments: the source file, the class path
 * (annotations, runtime) and the processor path (processor, annotations, JavaPoet); the full
 * command is in benchmarks/README.md.
 */
public final class CompileTime {
  private CompileTime() {}

  public static void main(String[] args) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rounds = 12;
    double[][] millis = new double[2][rounds];
    for (int r = 0; r < rounds + 3; r++) {
      for (int withProcessor = 0; withProcessor < 2; withProcessor++) {
        Path out = Files.createTempDirectory("topiary-compile-time");
        List<String> options = new ArrayList<>(Arrays.asList("-d", out.toString(), "-cp", args[1],
            "--release", "11", "-implicit:none"));
        options.addAll(withProcessor == 1 ? Arrays.asList("-processorpath", args[2])
            : Arrays.asList("-proc:none"));
        options.add(args[0]);
        long t0 = System.nanoTime();
        int status = javac.run(null, null, new PrintStream(new ByteArrayOutputStream()),
            options.toArray(new String[0]));
        if (status != 0) {
          throw new IllegalStateException("javac failed with " + options);
        }
        if (r >= 3) { // three rounds of warm-up
          millis[withProcessor][r - 3] = (System.nanoTime() - t0) / 1e6;
        }
      }
    }
    Arrays.sort(millis[0]);
    Arrays.sort(millis[1]);
    double without = millis[0][rounds / 2];
    double with = millis[1][rounds / 2];
    System.out.printf(Locale.ROOT, "javac %s: median %.0f ms without the processor, %.0f ms "
        + "with it: the processor adds %.0f ms%n", args[0], without, with, with - without);
  }
}
