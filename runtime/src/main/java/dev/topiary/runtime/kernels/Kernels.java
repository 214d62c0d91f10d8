package dev.topiary.runtime.kernels;

/**
 * Which implementation of the dense kernels runs in this JVM: {@code "vector"}, the
 * {@code jdk.incubator.vector} (Vector API) kernels, on Java 17+ started with
 * {@code --add-modules jdk.incubator.vector} from the runtime's jar; {@code "plain"}, the
 * plain-Java kernels, otherwise (Android, older JVMs, a JVM without the module, the runtime's
 * classes from a directory instead of its multi-release jar, or {@code -Dtopiary.kernels=plain}).
 * Chosen once, when the kernels are first used; a JVM that has Java 17 but not the module prints
 * a one-line notice to stderr then.
 */
public final class Kernels {
  /** The system property that forces the plain kernels: {@code -Dtopiary.kernels=plain}. */
  public static final String PROPERTY = "topiary.kernels";

  /** The implementation every dense product calls. */
  static final DenseKernels DENSE = KernelProvider.choose();

  private Kernels() {}

  /** {@code "vector"} or {@code "plain"}: the dense kernels this JVM runs. */
  public static String implementation() {
    return DENSE.name();
  }
}
