package dev.topiary.runtime.kernels;

import java.util.Optional;
import org.codehaus.mojo.animal_sniffer.IgnoreJRERequirement;

/**
 * Chooses the dense kernels' implementation, once: the Java 17 version of this class, which the
 * JVM loads from the multi-release runtime jar's {@code META-INF/versions/17/} instead of the
 * Java 11 one in the jar's root. The Vector API kernels when {@code jdk.incubator.vector} is in
 * the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}) and
 * {@code -Dtopiary.kernels=plain} is not set; the plain-Java kernels otherwise, with a one-line
 * notice on stderr. Nothing here touches a {@code jdk.incubator.vector} class unless the module
 * is there: {@link VectorDenseKernels} is only loaded by the call that creates it.
 */
// Java 17+ only (META-INF/versions/17 of the runtime jar), never loaded on Android.
@IgnoreJRERequirement
final class KernelProvider {
  private static final String MODULE = "jdk.incubator.vector";

  private KernelProvider() {}

  static DenseKernels choose() {
    String wanted = System.getProperty(Kernels.PROPERTY, "");
    if (wanted.equals("plain")) {
      return DenseKernels.PLAIN;
    }
    if (!wanted.isEmpty() && !wanted.equals("vector")) {
      System.err.println("topiary: -D" + Kernels.PROPERTY + " expects plain or vector, found '"
          + wanted + "'; choosing by the JVM");
    }
    Optional<Module> module = ModuleLayer.boot().findModule(MODULE);
    if (module.isEmpty()) {
      System.err.println("topiary: " + MODULE + " is not in the boot layer, so the dense kernels"
          + " are plain Java; start java with --add-modules " + MODULE + " for the Vector API"
          + " kernels");
      return DenseKernels.PLAIN;
    }
    return VectorDenseKernels.create();
  }
}
