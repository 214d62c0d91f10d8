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
 * @param origins per annotation attribute ({@code "units"}, {@code "kernel"}, {@code "l1"},
 *     {@code "prune.target"}, ...) where it was written, an absent key meaning the attribute has
 *     its default; also each value of an array ({@code "kernel[1]"}), the {@code "@L1"} and
 *     {@code "@Prune"} annotations, and the first parameter ({@link #PARAMETERS})
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

  /** The key in {@link #origins} of the method's first parameter, when it declares any. */
  public static final String PARAMETERS = "(parameters)";

  /**
   * Where attribute {@code attribute} was written, or its annotation when it was defaulted
   * ({@code @Prune} for {@code "prune.*"}, else the layer annotation).
   */
  public Origin origin(String attribute) {
    Origin o = origins.get(attribute);
    if (o == null && attribute.startsWith("prune.")) {
      o = origins.get("@Prune");
    }
    return o != null ? o : annotation;
  }

  /**
   * Where value {@code index} of array attribute {@code attribute} was written, e.g. the 0 in
   * {@code kernel = {3, 0}}; the attribute's origin when it was not written value by value.
   */
  public Origin origin(String attribute, int index) {
    Origin o = origins.get(attribute + "[" + index + "]");
    return o != null ? o : origin(attribute);
  }

  /** Whether the attribute was written rather than defaulted. */
  public boolean isExplicit(String attribute) {
    return origins.containsKey(attribute);
  }

  /** Whether the method carries more than one layer annotation, so what it declares is unclear. */
  public boolean ambiguous() {
    return !extraLayerAnnotations.isEmpty();
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

  /** Conv2D's input patches per example (im2col): {@code out_h*out_w x kh*kw*cin}; 0 otherwise. */
  public long patchesSize() {
    if (kind != LayerKind.CONV2D || !input.known() || !output.known()) {
      return 0;
    }
    return (long) output.dim(0) * output.dim(1) * window[0] * window[1] * input.dim(2);
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
