package dev.topiary.benchmarks;

import dev.topiary.runtime.inference.InferenceModel;
import java.io.File;
import java.util.Arrays;
import java.util.Locale;

/**
 * Batch-1 p50 of the main job's exports in a JVM that runs nothing else (no ONNX Runtime, no
 * second build), one line per run, for comparing builds in fresh JVMs started in turn:
 * <pre>{@code for r in 1 2 3 4 5 6 7 8; do for jar in /tmp/before.jar benchmarks/target/benchmarks.jar; do
 *   echo "$jar $(java --add-modules jdk.incubator.vector -cp $jar dev.topiary.benchmarks.PredictP50 \
 *     --models /tmp/compare1 --variants pruned,original)"; done; done}</pre>
 * then take each build's median over the runs. A JVM's own JIT outcome moves a batch-1 figure by
 * 5-15% (see {@code InterleavedBuilds}' A/A runs), so one run of each says little; eight runs in
 * turn put the host's drift on both builds alike.
 *
 * <p>Each variant: {@code predict} into an array on 1,024 MNIST training images (50,000 on) in
 * turn, 25 rounds of 2,000 calls; the first 10 rounds warm up, and the line gives the median of
 * the other 15 rounds' p50s, in microseconds.
 *
 * <p>Its timing loop is its own, not {@code OrtFigures}': an older build's jar goes first on the
 * class path, and its {@code OrtFigures} would be the one loaded (only {@link MnistData}'s
 * {@code images} is taken from it, unchanged for many builds).
 */
public final class PredictP50 {
  private static final int IMAGES = 1024;
  private static final int PIXELS = 28 * 28;
  private static final int CALLS = 2000;
  private static final int WARM_ROUNDS = 10;
  private static final int ROUNDS = 25;

  private PredictP50() {}

  public static void main(String[] args) throws Exception {
    String models = "target/topiary-report";
    String variants = "pruned,original,structured";
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--models") && i + 1 < args.length) {
        models = args[++i];
      } else if (args[i].equals("--variants") && i + 1 < args.length) {
        variants = args[++i];
      } else {
        throw new IllegalArgumentException("expected --models DIR or --variants a,b, found "
            + args[i]);
      }
    }
    float[] images = MnistData.images(50_000, IMAGES);
    StringBuilder line = new StringBuilder();
    for (String variant : variants.split(",")) {
      File file = new File(models, variant + ".topiary");
      line.append(String.format(Locale.ROOT, "%s %.2f  ", variant, p50(InferenceModel.load(file),
          images)));
    }
    System.out.println(line.toString().trim());
  }

  /** The median over the measured rounds of each round's median call, in microseconds. */
  private static double p50(InferenceModel model, float[] images) {
    float[] in = new float[PIXELS];
    float[] out = new float[model.outputSize()];
    long[] times = new long[CALLS];
    double[] medians = new double[ROUNDS - WARM_ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      for (int i = 0; i < CALLS; i++) {
        System.arraycopy(images, (i % IMAGES) * PIXELS, in, 0, PIXELS);
        long t0 = System.nanoTime();
        model.predict(in, out);
        times[i] = System.nanoTime() - t0;
      }
      Arrays.sort(times);
      if (r >= WARM_ROUNDS) {
        medians[r - WARM_ROUNDS] = times[CALLS / 2] / 1e3;
      }
    }
    Arrays.sort(medians);
    return medians[medians.length / 2];
  }
}
