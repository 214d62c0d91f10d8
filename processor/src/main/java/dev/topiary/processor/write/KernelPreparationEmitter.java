package dev.topiary.processor.write;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.architecture.LayerKind;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The sparse form of each Conv2D and Dense kernel, for inference: its field, and
 * {@code prepareKernels(mode)}, which builds it or clears it to run dense.
 */
final class KernelPreparationEmitter {
  private KernelPreparationEmitter() {}

  /**
   * Whether the layer has a sparse form for inference: Conv2D, Conv1D (which runs as one), Dense
   * and SeparableConv2D's pointwise kernel (a product over every position); depthwise kernels
   * run dense.
   */
  static boolean hasSparse(LayerPlan layer) {
    LayerKind k = layer.spec().kind();
    return k == LayerKind.CONV2D || k == LayerKind.CONV1D || k == LayerKind.DENSE
        || k == LayerKind.SEPARABLE_CONV2D;
  }

  /** The sparse kernel's field: {@code hiddenSparse}. */
  static String sparse(LayerPlan layer) {
    return layer.var() + "Sparse";
  }

  /** <pre>private SparseKernel hiddenSparse;</pre> */
  static void addSparseField(TypeSpec.Builder type, LayerPlan layer) {
    type.addField(FieldSpec.builder(RuntimeTypes.SPARSE_KERNEL, sparse(layer), Modifier.PRIVATE)
        .addJavadoc("$L's kernel in sparse form for inference, or null to run dense.\n",
            layer.var()).build());
  }

  /**
   * <pre>hiddenSparse = mode == KernelMode.DENSE ? null
   *     : SparseKernel.prepare(hiddenKernel.value, HIDDEN_IN_SIZE, HIDDEN_UNITS, mode == KernelMode.SPARSE);</pre>
   * a kernel of {@link ParameterEmitter#kernelRows} x {@link ParameterEmitter#kernelColumns}.
   */
  static MethodSpec prepareKernels(List<LayerPlan> plans) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("prepareKernels")
        .addAnnotation(Override.class).addModifiers(Modifier.PROTECTED)
        .addParameter(RuntimeTypes.KERNEL_MODE, "mode");
    for (LayerPlan p : plans) {
      if (hasSparse(p)) {
        boolean separable = p.spec().kind() == LayerKind.SEPARABLE_CONV2D;
        m.addStatement("$N = mode == $T.DENSE ? null\n: $T.prepare($N.value, $N, $N, mode == "
            + "$T.SPARSE)", sparse(p), RuntimeTypes.KERNEL_MODE, RuntimeTypes.SPARSE_KERNEL,
            separable ? SeparableConv2DEmitter.pointwise(p) : ParameterEmitter.kernel(p),
            separable ? p.constant("MID_C") : ParameterEmitter.kernelRows(p),
            ParameterEmitter.kernelColumns(p), RuntimeTypes.KERNEL_MODE);
      }
    }
    return m.build();
  }
}
