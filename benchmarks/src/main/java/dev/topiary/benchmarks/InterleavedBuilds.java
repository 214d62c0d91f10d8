package dev.topiary.benchmarks;

import java.io.File;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of the runtime in one process, batch 1, alternating every 1,000 calls, against ONNX
 * Runtime's dense seed CNN in the same rounds:
 * <pre>{@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.topiary.benchmarks.InterleavedBuilds --before OLD/benchmarks.jar [--models DIR] [--variants pruned,original] [--rounds 40]}</pre>
 * This build's {@code InferenceModel} and the one in {@code --before} (a benchmarks jar built from
 * another commit, loaded by a class loader of its own) load each variant's {@code .topiary} file
 * from DIR (default {@code target/topiary-report}); ONNX Runtime runs {@code original.onnx}
 * there (as {@link OrtFigures} writes it). The host's speed drifts by up to 30% over minutes (a
 * shared VM), so {@code before_after.py}'s separate processes a minute apart can show a change
 * of 10% that is not there; here every round measures all of them within a second, and the
 * ratios are medians of the rounds' own ratios. Both builds' outputs must agree within 1e-4, or
 * the run fails.
 */
public final class InterleavedBuilds {
  private static final int IMAGES = 1024;
  private static final int CALLS = 1000;
  private static final MethodType PREDICT =
      MethodType.methodType(void.class, Object.class, float[].class, float[].class);

  private InterleavedBuilds() {}

  public static void main(String[] args) throws Throwable {
    List<String> a = Arrays.asList(args);
    File before = new File(option(a, "--before", null));
    File dir = new File(option(a, "--models", "target/topiary-report"));
    String[] variants = option(a, "--variants", "pruned,original").split(",");
    int rounds = Integer.parseInt(option(a, "--rounds", "40"));
    float[] images = MnistData.images(50_000, IMAGES);

    ClassLoader old = new URLClassLoader(new URL[] {before.toURI().toURL()},
        ClassLoader.getPlatformClassLoader());
    List<String> names = new ArrayList<>();
    List<Call> calls = new ArrayList<>();
    OrtFigures.Runner ort = OrtFigures.ortRunner(ai.onnxruntime.OrtEnvironment.getEnvironment(),
        new File(dir, "original.onnx"));
    names.add("ort-original");
    calls.add((x, off, out) -> ort.predict(x, off, 1, out));
    for (String v : variants) {
      File file = new File(dir, v + ".topiary");
      names.add("before-" + v);
      calls.add(topiary(old, file));
      names.add("after-" + v);
      calls.add(topiary(InterleavedBuilds.class.getClassLoader(), file));
      check(v, calls.get(calls.size() - 2), calls.get(calls.size() - 1), images);
    }
    System.out.printf(Locale.ROOT, "kernels: before %s, after %s%n", kernels(old),
        kernels(InterleavedBuilds.class.getClassLoader()));
    for (Call c : calls) {
      time(c, images, 20_000);
    }
    double[][] p50 = new double[calls.size()][rounds];
    double load0 = load();
    for (int r = 0; r < rounds; r++) {
      for (int s = 0; s < calls.size(); s++) {
        // odd rounds run each variant's after build first
        int k = s == 0 || r % 2 == 0 ? s : (s % 2 == 1 ? s + 1 : s - 1);
        p50[k][r] = time(calls.get(k), images, CALLS);
      }
    }
    System.out.printf(Locale.ROOT, "Java %s, %d rounds of %d calls each, load average %.2f "
        + "before, %.2f after%n", System.getProperty("java.version"), rounds, CALLS, load0,
        load());
    System.out.println("| variant | before p50 us | after p50 us | after/before | before / ORT "
        + "dense | after / ORT dense |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    System.out.printf(Locale.ROOT, "| ORT dense | %.2f | | | | |%n", OrtFigures.median(p50[0]));
    for (int s = 1; s < calls.size(); s += 2) {
      System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.3f | %.3f | %.3f |%n",
          names.get(s).substring("before-".length()), OrtFigures.median(p50[s]),
          OrtFigures.median(p50[s + 1]), ratio(p50[s + 1], p50[s]), ratio(p50[s], p50[0]),
          ratio(p50[s + 1], p50[0]));
    }
  }

  /** One image's prediction. */
  interface Call {
    void predict(float[] images, int offset, float[] out) throws Throwable;
  }

  private static Call topiary(ClassLoader loader, File file) throws Throwable {
    Class<?> type = Class.forName("dev.topiary.runtime.inference.InferenceModel", true, loader);
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    Object model = lookup.findStatic(type, "load", MethodType.methodType(type, File.class))
        .invoke(file);
    MethodHandle predict = lookup.findVirtual(type, "predict",
        MethodType.methodType(void.class, float[].class, float[].class)).asType(PREDICT);
    float[] one = new float[784];
    return (x, off, out) -> {
      System.arraycopy(x, off, one, 0, 784);
      predict.invokeExact(model, one, out);
    };
  }

  private static String kernels(ClassLoader loader) throws Throwable {
    Class<?> type = Class.forName("dev.topiary.runtime.kernels.Kernels", true, loader);
    return (String) MethodHandles.publicLookup().findStatic(type, "implementation",
        MethodType.methodType(String.class)).invoke();
  }

  /** Fails unless both builds give the same outputs within 1e-4 on every image. */
  private static void check(String variant, Call before, Call after, float[] images)
      throws Throwable {
    float[] b = new float[10];
    float[] c = new float[10];
    float worst = 0;
    for (int i = 0; i < IMAGES; i++) {
      before.predict(images, i * 784, b);
      after.predict(images, i * 784, c);
      for (int j = 0; j < 10; j++) {
        worst = Math.max(worst, Math.abs(b[j] - c[j]));
      }
    }
    if (!(worst <= 1e-4f)) {
      throw new IllegalStateException(variant + ": the two builds differ by " + worst);
    }
  }

  /** The median microseconds of {@code calls} single-image calls. */
  private static double time(Call c, float[] images, int calls) throws Throwable {
    float[] out = new float[10];
    double[] us = new double[calls];
    for (int i = 0; i < calls; i++) {
      int off = (i % IMAGES) * 784;
      long t0 = System.nanoTime();
      c.predict(images, off, out);
      us[i] = (System.nanoTime() - t0) / 1e3;
    }
    return OrtFigures.median(us);
  }

  /** The median over rounds of {@code a[r] / b[r]}. */
  private static double ratio(double[] a, double[] b) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] / b[i];
    }
    return OrtFigures.median(r);
  }

  private static double load() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage();
  }

  private static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    if (i >= 0 && i + 1 < args.size()) {
      return args.get(i + 1);
    }
    if (fallback == null) {
      throw new IllegalArgumentException("expected " + name + " VALUE, found none");
    }
    return fallback;
  }
}
