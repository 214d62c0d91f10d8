package dev.topiary.runtime.kernels;

/**
 * Chooses the dense kernels' implementation, once. This is the Java 11 version, in the jar's
 * root, which Android and JVMs before 17 load: the plain-Java kernels. The runtime jar is a
 * multi-release jar: on Java 17 and later the JVM loads {@code META-INF/versions/17/}'s version
 * of this class instead (source in {@code src/main/java17}), which returns the Vector API
 * kernels when {@code jdk.incubator.vector} is in the boot layer.
 */
final class KernelProvider {
  private KernelProvider() {}

  static DenseKernels choose() {
    return DenseKernels.PLAIN;
  }
}
