package dev.topiary.processor.read;

import dev.topiary.processor.model.ModelSpec.TypeProblem;
import dev.topiary.processor.model.ModelSpec.TypeProblem.Kind;
import dev.topiary.processor.model.Origin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Finds what makes an annotated type unusable as a model: not an interface, generic, private, not
 * a Network, or a generated name that another type already has. Remembers the names it has handed
 * out in this compilation, so that two models never get one class.
 */
final class TypeProblems {
  static final String GENERATED_NETWORK = "dev.topiary.runtime.internal.GeneratedNetwork";

  private final Elements elements;
  private final Types types;
  private final Map<String, String> claimed = new HashMap<>();

  TypeProblems(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** The problems of {@code type}, whose generated class would be {@code generated} (qualified). */
  List<TypeProblem> of(TypeElement type, String generated) {
    List<TypeProblem> problems = new ArrayList<>();
    if (type.getKind() != ElementKind.INTERFACE) {
      problems.add(new TypeProblem(Kind.NOT_AN_INTERFACE, Origin.of(type), kindName(type)));
      return problems; // the fix, "declare an interface extending Network", covers the rest
    }
    if (!type.getTypeParameters().isEmpty()) {
      problems.add(new TypeProblem(Kind.GENERIC, Origin.of(type.getTypeParameters().get(0)),
          type.getTypeParameters().stream().map(t -> t.getSimpleName().toString())
              .collect(Collectors.joining(", "))));
    }
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        problems.add(new TypeProblem(Kind.PRIVATE, Origin.of(e), e.getSimpleName().toString()));
        break;
      }
    }
    TypeElement network = elements.getTypeElement(ModelReader.NETWORK);
    if (network == null || !types.isAssignable(type.asType(), network.asType())) {
      problems.add(new TypeProblem(Kind.NOT_A_NETWORK, Origin.of(type), null));
    }
    TypeProblem taken = nameTaken(type, generated);
    if (taken != null) {
      problems.add(taken);
    }
    return problems;
  }

  /** The problem of another model, or an existing type, having the name {@code generated}. */
  private TypeProblem nameTaken(TypeElement type, String generated) {
    String model = type.getQualifiedName().toString();
    String other = claimed.putIfAbsent(generated, model);
    if (other != null && !other.equals(model)) {
      return new TypeProblem(Kind.NAME_TAKEN_BY_MODEL, Origin.of(type), other);
    }
    TypeElement existing = elements.getTypeElement(generated);
    if (existing == null || isEarlierOutput(existing, type)) {
      return null;
    }
    return new TypeProblem(Kind.NAME_TAKEN, Origin.of(type),
        existing.getQualifiedName().toString());
  }

  /**
   * Whether {@code existing} is this processor's output for {@code model} from an earlier build,
   * found on the class path (e.g. Maven's target/classes): a GeneratedNetwork implementing it.
   */
  private boolean isEarlierOutput(TypeElement existing, TypeElement model) {
    TypeMirror superclass = existing.getSuperclass();
    boolean generated = superclass instanceof DeclaredType d
        && ((TypeElement) d.asElement()).getQualifiedName().contentEquals(GENERATED_NETWORK);
    return generated && existing.getInterfaces().stream()
        .anyMatch(i -> types.isSameType(types.erasure(i), types.erasure(model.asType())));
  }

  /** The kind of a type that is not an interface: CLASS, ABSTRACT_CLASS, ENUM, RECORD, ... */
  private static String kindName(TypeElement type) {
    String kind = type.getKind().name();
    return kind.equals("CLASS") && type.getModifiers().contains(Modifier.ABSTRACT)
        ? "ABSTRACT_CLASS" : kind;
  }
}
