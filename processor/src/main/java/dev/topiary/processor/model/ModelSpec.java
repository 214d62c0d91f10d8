package dev.topiary.processor.model;

import dev.topiary.Loss;
import java.util.List;
import java.util.Set;

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
 * @param inputOrigin where {@code input} was written
 * @param inputDimOrigins where each of {@code input}'s values was written
 * @param loss the declared loss
 * @param layers the layer methods in declaration order
 * @param strays methods that are not layers but look like they were meant to be, or carry
 *     layer-only annotations (see {@link Stray})
 * @param problems facts about the interface itself that validation turns into errors (see
 *     {@link TypeProblem})
 * @param reservedNames names a layer method cannot take because the generated class inherits a
 *     method of that name without parameters, or uses it itself (see {@link MemberNames})
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
    List<Origin> inputDimOrigins,
    Loss loss,
    List<LayerSpec> layers,
    List<Stray> strays,
    List<TypeProblem> problems,
    Set<String> reservedNames) {

  /**
   * A method that is not a layer but concerns the layers.
   *
   * @param kind what is wrong with it
   * @param name the method's name
   * @param origin the method, or the misplaced annotation
   * @param detail for {@code NO_LAYER_ANNOTATION} the layer-only annotations it carries (may be
   *     empty), for {@code ANNOTATION_WITHOUT_LAYER} the annotation's simple name, for
   *     {@code INHERITED} the interface that declares it
   */
  public record Stray(Kind kind, String name, Origin origin, String detail) {
    /** What makes a method a stray. */
    public enum Kind {
      /** An abstract method of the model without a layer annotation. */
      NO_LAYER_ANNOTATION,
      /** {@code @L1} or {@code @Prune} on a method with a body and no layer annotation. */
      ANNOTATION_WITHOUT_LAYER,
      /** An abstract method inherited from an interface other than Network (no implementation). */
      INHERITED
    }
  }

  /**
   * A fact about the annotated type that makes it unusable as a model.
   *
   * @param kind the problem
   * @param origin the most precise place to report it (the type, its type parameter, the private
   *     enclosing type)
   * @param detail what was found: the kind of type ({@code ENUM}, {@code ABSTRACT_CLASS}, ...), the
   *     type parameters, the private type's name, or who takes the generated name (an existing
   *     type's or another model's qualified name)
   */
  public record TypeProblem(Kind kind, Origin origin, String detail) {
    /** The problems a model type can have. */
    public enum Kind {
      NOT_AN_INTERFACE, GENERIC, PRIVATE, NOT_A_NETWORK, NAME_TAKEN, NAME_TAKEN_BY_MODEL
    }
  }

  /** Whether the type has a problem of {@code kind}. */
  public boolean has(TypeProblem.Kind kind) {
    return problems.stream().anyMatch(p -> p.kind() == kind);
  }

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
