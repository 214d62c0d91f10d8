package dev.topiary.processor.model;

import java.util.List;
import java.util.Map;

/**
 * What a layer method says besides its layer's values: its name, its annotations as written,
 * where each value was written, and its form (return type, parameters, abstract), which
 * validation checks.
 *
 * @param name the method's name, also the layer's
 * @param source the layer's annotations as written, e.g. {@code @Dense(units = 64) @L1(0.01)},
 *     for comments
 * @param origin the method
 * @param annotation the layer annotation as a whole
 * @param origins per annotation attribute ({@code "units"}, {@code "kernel"}, {@code "l1"},
 *     {@code "prune.target"}, ...) where it was written, an absent key meaning the attribute has
 *     its default; also each value of an array ({@code "kernel[1]"}), the {@code "@L1"} and
 *     {@code "@Prune"} annotations, and the first parameter ({@link #PARAMETERS})
 * @param returnType the method's declared return type, qualified
 * @param parameters how many parameters the method declares (layer methods take none)
 * @param isAbstract whether the method is abstract (layer methods must be)
 * @param extraLayerAnnotations further layer annotations on the same method (each an error)
 */
public record LayerMethod(
    String name,
    String source,
    Origin origin,
    Origin annotation,
    Map<String, Origin> origins,
    String returnType,
    int parameters,
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

  /** Whether the attribute (or {@code "@L1"}, {@code "@Prune"}) was written rather than defaulted. */
  public boolean isExplicit(String attribute) {
    return origins.containsKey(attribute);
  }
}
