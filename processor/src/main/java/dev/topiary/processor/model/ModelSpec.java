package dev.topiary.processor.model;

import dev.topiary.Loss;
import java.util.List;

/**
 * A model as the processor understands it: the interface's names, its input, loss and layers,
 * and the declarations that are not layers but carry layer-related annotations.
 *
 * @param packageName the interface's package ("" for the unnamed package)
 * @param interfaceName the interface's name relative to its package, e.g. {@code Outer.Inner}
 * @param generatedName the generated class's simple name, e.g. {@code TopiaryOuter_Inner}
 * @param source the {@code @Model} annotation as written
 * @param origin the interface
 * @param modelAnnotation the {@code @Model} annotation (with its values) on the interface
 * @param input the declared input shape (possibly invalid: validation checks it)
 * @param loss the declared loss
 * @param layers the layer methods in declaration order
 * @param strays methods that are not layers but should be (abstract methods without a layer
 *     annotation, or {@code @L1} without a layer annotation)
 * @param problems facts about the interface itself that validation turns into errors (see
 *     {@link TypeProblem})
 */
public record ModelSpec(
    String packageName,
    String interfaceName,
    String generatedName,
    String source,
    Origin origin,
    Origin modelAnnotation,
    int[] input,
    Origin inputOrigin,
    Loss loss,
    List<LayerSpec> layers,
    List<Stray> strays,
    List<TypeProblem> problems) {

  /** An abstract method with no layer annotation, or a layer-only annotation without a layer. */
  public record Stray(String name, Origin origin, String annotation) {}

  /** Facts about the annotated type that make it unusable as a model. */
  public enum TypeProblem { NOT_AN_INTERFACE, GENERIC, PRIVATE, NOT_A_NETWORK, NAME_TAKEN }

  /** The model's simple name as users see it, e.g. {@code SeedCnn} or {@code Outer.Inner}. */
  public String simpleName() {
    return interfaceName;
  }

  /** The input shape as a {@link Shape}. */
  public Shape inputShape() {
    return Shape.of(input);
  }

  /** The last layer, or null for a model without layers. */
  public LayerSpec outputLayer() {
    return layers.isEmpty() ? null : layers.get(layers.size() - 1);
  }

  /** Total trainable parameters. */
  public long parameterCount() {
    return layers.stream().mapToLong(LayerSpec::parameterCount).sum();
  }

  /** Forward-pass multiply-accumulates per example. */
  public long macsPerExample() {
    return layers.stream().mapToLong(LayerSpec::macsPerExample).sum();
  }
}
