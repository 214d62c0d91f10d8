package dev.topiary.processor.write;

import com.palantir.javapoet.ClassName;

/** The runtime types generated code refers to, by name (the processor does not link against the runtime). */
final class RuntimeTypes {
  static final String RUNTIME = "dev.topiary.runtime";
  static final String INTERNAL = RUNTIME + ".internal";
  static final String KERNELS = RUNTIME + ".kernels";

  static final ClassName GENERATED_NETWORK = ClassName.get(INTERNAL, "GeneratedNetwork");
  static final ClassName PARAMETER = ClassName.get(RUNTIME, "Parameter");
  static final ClassName INIT = ClassName.get(INTERNAL, "Init");
  static final ClassName LAYER = ClassName.get(RUNTIME, "Layer");
  static final ClassName KERNEL_PRUNING = ClassName.get(RUNTIME + ".prune", "KernelPruning");
  static final ClassName PROXIMAL_L1 = ClassName.get(RUNTIME + ".optim", "ProximalL1");
  static final ClassName POLYNOMIAL_DECAY = ClassName.get(RUNTIME + ".prune", "PolynomialDecay");
  static final ClassName STRUCTURE = ClassName.get("dev.topiary", "Structure");
  static final ClassName LAYER_HANDLE = ClassName.get(INTERNAL, "LayerHandle");
  static final ClassName DENSE_HANDLE = ClassName.get(INTERNAL, "DenseHandle");
  static final ClassName CONV2D_HANDLE = ClassName.get(INTERNAL, "Conv2DHandle");
  static final ClassName KERNEL_LAYER_HANDLE = ClassName.get(INTERNAL, "KernelLayerHandle");
  static final ClassName SEPARABLE_HANDLE = ClassName.get(INTERNAL, "SeparableConv2DHandle");
  static final ClassName DEPTHWISE_KERNELS = ClassName.get(KERNELS, "DepthwiseKernels");
  static final ClassName SEQUENCE_POOL_KERNELS = ClassName.get(KERNELS, "SequencePoolKernels");
  static final ClassName MAT_MUL = ClassName.get(KERNELS, "MatMul");
  static final ClassName CONV2D_KERNELS = ClassName.get(KERNELS, "Conv2DKernels");
  static final ClassName CONV_POOL = ClassName.get(KERNELS, "ConvPool");
  static final ClassName CONV_GEOMETRY = ClassName.get(KERNELS, "ConvGeometry");
  static final ClassName POOL_GEOMETRY = ClassName.get(KERNELS, "PoolGeometry");
  static final ClassName CONV_POOL_TRAINING = ClassName.get(KERNELS, "ConvPoolTraining");
  static final ClassName MAX_POOL_KERNELS = ClassName.get(KERNELS, "MaxPoolKernels");
  static final ClassName ACTIVATIONS = ClassName.get(KERNELS, "Activations");
  static final ClassName LOSSES = ClassName.get(KERNELS, "Losses");
  static final ClassName TARGET_LOSSES = ClassName.get(KERNELS, "TargetLosses");
  static final ClassName REGULARIZERS = ClassName.get(KERNELS, "Regularizers");
  static final ClassName SPARSEMAX = ClassName.get(KERNELS, "Sparsemax");
  static final ClassName SPARSE_KERNEL = ClassName.get(RUNTIME + ".sparse", "SparseKernel");
  static final ClassName AVERAGE_POOL_KERNELS = ClassName.get(KERNELS, "AveragePoolKernels");
  static final ClassName BATCH_NORM_KERNELS = ClassName.get(KERNELS, "BatchNormKernels");
  static final ClassName BATCH_NORM_STATISTICS = ClassName.get(INTERNAL, "BatchNormStatistics");
  static final ClassName BATCH_NORM_HANDLE = ClassName.get(INTERNAL, "BatchNormHandle");
  static final ClassName DROPOUT_MASK = ClassName.get(INTERNAL, "DropoutMask");
  static final ClassName KERNEL_MODE = ClassName.get(RUNTIME, "KernelMode");

  private RuntimeTypes() {}

  /** The handle type a layer method returns, e.g. {@code DenseLayer}. */
  static ClassName handle(String simpleName) {
    return ClassName.get(RUNTIME, simpleName);
  }
}
