package dev.topiary.processor.read;

import dev.topiary.processor.model.MemberNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What a model inherits: the methods it redeclares, the abstract methods from other interfaces
 * that no generated code would implement, and the names the generated class's superclass takes.
 */
final class InheritedMembers {
  private final Elements elements;
  private final Types types;
  private Set<String> reserved;

  InheritedMembers(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** Whether {@code method} of {@code type} overrides a method of one of its supertypes. */
  boolean overridesInherited(ExecutableElement method, TypeElement type) {
    for (TypeElement supertype : supertypes(type)) {
      for (ExecutableElement other : ElementFilter.methodsIn(supertype.getEnclosedElements())) {
        if (elements.overrides(method, other, type)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The abstract methods {@code type} inherits from interfaces other than Network (whose methods
   * the generated class's superclass implements): nothing would implement them.
   */
  List<ExecutableElement> unimplemented(TypeElement type) {
    TypeElement network = elements.getTypeElement(ModelReader.NETWORK);
    List<ExecutableElement> found = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(type))) {
      TypeElement owner = (TypeElement) m.getEnclosingElement();
      if (m.getModifiers().contains(Modifier.ABSTRACT) && !owner.equals(type)
          && !isNetworkMethod(m, owner, network)) {
        found.add(m);
      }
    }
    return found;
  }

  private boolean isNetworkMethod(ExecutableElement m, TypeElement owner, TypeElement network) {
    if (network == null) {
      return false;
    }
    if (types.isAssignable(network.asType(), types.erasure(owner.asType()))) {
      return true; // declared by Network or a supertype of it
    }
    for (ExecutableElement n : ElementFilter.methodsIn(elements.getAllMembers(network))) {
      if (elements.overrides(m, n, owner)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Names a layer method cannot take: methods without parameters and fields that the generated
   * class inherits from its superclass, and the generated class's own names.
   */
  Set<String> reservedNames() {
    if (reserved == null) {
      reserved = new TreeSet<>(MemberNames.CLASS_MEMBERS);
      TypeElement base = elements.getTypeElement(TypeProblems.GENERATED_NETWORK);
      if (base != null) {
        for (Element e : elements.getAllMembers(base)) {
          boolean visible = !e.getModifiers().contains(Modifier.PRIVATE);
          boolean noArgMethod = e instanceof ExecutableElement m
              && m.getKind() == ElementKind.METHOD && m.getParameters().isEmpty();
          if (visible && (noArgMethod || e.getKind() == ElementKind.FIELD)) {
            reserved.add(e.getSimpleName().toString());
          }
        }
      }
    }
    return reserved;
  }

  /** Every supertype of {@code type}, transitively, without {@code type} itself. */
  private List<TypeElement> supertypes(TypeElement type) {
    List<TypeElement> all = new ArrayList<>();
    Set<TypeElement> seen = new HashSet<>();
    Deque<TypeMirror> todo = new ArrayDeque<>(types.directSupertypes(type.asType()));
    while (!todo.isEmpty()) {
      TypeMirror t = todo.pop();
      if (t instanceof DeclaredType d && d.asElement() instanceof TypeElement e && seen.add(e)) {
        all.add(e);
        todo.addAll(types.directSupertypes(t));
      }
    }
    return all;
  }
}
