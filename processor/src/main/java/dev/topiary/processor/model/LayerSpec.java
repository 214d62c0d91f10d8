package dev.topiary.processor.model;

import dev.topiary.Activation;
import dev.topiary.Padding;
import java.util.List;
import java.util.Map;

/**
 * One layer of a model as declared and resolved: its annotation's values, the shapes flowing in
 * and out ({@link Shape#UNKNOWN} where inference failed), and where each value came from.
 *
 * @param name the layer method's name
 * @param kind the layer annotation's kind
 * @param source the layer's annotations as written, e.g. {@code @Dense(units = 64)}, for comments
 * @param method the layer method
 * @param origins per annotation attribute ({@code "units"}, {@code "kernel"}, {@code "l1"}, ...),
 *     where it was written; an absent key means the attribute has its default
 * @param annotation the layer annotation as a whole
 * @param size filters (Conv2D) or units (Dense); 0 for other kinds
 * @param window kernel size (Conv2D) or pool size (MaxPooling2D); empty for other kinds
 * @param strides strides as declared (pooling's empty default already replaced by the pool size)
 * @param l1 the {@code @L1} factor, or null when the layer has no {@code @L1}
 * @param l1Proximal whether {@code @L1} is in proximal (soft-thresholding) mode
 * @param prune the {@code @Prune} schedule, or null when the layer is not pruned
 * @param alpha the negative slope when the activation is LEAKY_RELU
 * @param activityL1 the {@code @ActivityL1} factor, or null
 * @param returnType the method's declared return type, qualified
 * @param methodParameters how many parameters the method declares (layer methods take none)
 * @param isAbstract whether the method is abstract (layer methods must be)
 * @param extraLayerAnnotations further layer annotations on the same method (each an error)
 */
public record LayerSpec(
    String name,
    LayerKind kind,
    String source,
    Origin method,
    Origin annotation,
    Map<String, Origin> origins,
    int size,
    int[] window,
    int[] strides,
    Padding padding,
    Activation activation,
    double alpha,
    boolean useBias,
    Double l1,
    boolean l1Proximal,
    PruneSpec prune,
    Double activityL1,
    Shape input,
    Shape output,
    String returnType,
    int methodParameters,
    boolean isAbstract,
    List<Origin> extraLayerAnnotations) {

  /** Where attribute {@code attribute} was written, or the annotation when it was defaulted. */
  public Origin origin(String attribute) {
    Origin o = origins.get(attribute);
    return o != null ? o : annotation;
  }

  /** Kernel values: {@code kh*kw*cin*filters} or {@code in*units}; 0 without weights or shapes. */
  public long kernelSize() {
    if (!input.known()) {
      return 0;
    }
    return switch (kind) {
      case CONV2D -> (long) window[0] * window[1] * input.dim(2) * size;
      case DENSE -> input.size() * size;
      default -> 0;
    };
  }

  /** Bias values: one per filter or unit when {@code useBias}. */
  public long biasSize() {
    return kind.weighted() && useBias ? size : 0;
  }

  /** Trainable parameters: kernel plus bias. */
  public long parameterCount() {
    return kernelSize() + biasSize();
  }

  /** Multiply-accumulates per example in the forward pass (the kernel product only). */
  public long macsPerExample() {
    if (!output.known()) {
      return 0;
    }
    return switch (kind) {
      case CONV2D -> (long) output.dim(0) * output.dim(1) * kernelSize();
      case DENSE -> kernelSize();
      default -> 0;
    };
  }
}
