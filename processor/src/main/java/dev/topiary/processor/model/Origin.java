package dev.topiary.processor.model;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Where a piece of the IR came from, so a diagnostic can sit on the exact element, annotation and
 * value (IDEs underline the value). Later steps pass it on without looking inside.
 */
public final class Origin {
  private final Element element;
  private final AnnotationMirror mirror;
  private final AnnotationValue value;

  private Origin(Element element, AnnotationMirror mirror, AnnotationValue value) {
    this.element = element;
    this.mirror = mirror;
    this.value = value;
  }

  /** The element itself (a model interface or a layer method). */
  public static Origin of(Element element) {
    return new Origin(element, null, null);
  }

  /** An annotation on the element, and optionally one of its values (null when defaulted). */
  public static Origin of(Element element, AnnotationMirror mirror, AnnotationValue value) {
    return new Origin(element, mirror, value);
  }

  /** This origin narrowed to another value of the same annotation. */
  public Origin withValue(AnnotationValue other) {
    return new Origin(element, mirror, other);
  }

  public Element element() {
    return element;
  }

  /** The annotation, or null when the origin is the element itself. */
  public AnnotationMirror mirror() {
    return mirror;
  }

  /** The annotation value, or null when the origin is the element or the whole annotation. */
  public AnnotationValue value() {
    return value;
  }
}
