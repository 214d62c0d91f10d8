package dev.topiary.processor.read;

import dev.topiary.processor.model.Origin;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/** Typed access to one annotation mirror's values (defaults included) and to where each was written. */
final class AnnotationValues {
  private final Element element;
  private final AnnotationMirror mirror;
  private final Map<String, AnnotationValue> explicit = new HashMap<>();
  private final Map<String, AnnotationValue> all = new HashMap<>();

  AnnotationValues(Element element, AnnotationMirror mirror, Elements elements) {
    this.element = element;
    this.mirror = mirror;
    mirror.getElementValues().forEach((k, v) -> explicit.put(name(k), v));
    elements.getElementValuesWithDefaults(mirror).forEach((k, v) -> all.put(name(k), v));
  }

  private static String name(ExecutableElement attribute) {
    return attribute.getSimpleName().toString();
  }

  /** The origin of the annotation as a whole. */
  Origin annotation() {
    return Origin.of(element, mirror, null);
  }

  /**
   * The origins of every explicitly written attribute, and of each value of an array attribute
   * under {@code name[index]}, so that a diagnostic can sit on the one wrong value.
   */
  Map<String, Origin> origins() {
    Map<String, Origin> origins = new HashMap<>();
    explicit.forEach((k, v) -> {
      origins.put(k, Origin.of(element, mirror, v));
      if (v.getValue() instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          origins.put(k + "[" + i + "]", Origin.of(element, mirror, (AnnotationValue) list.get(i)));
        }
      }
    });
    return origins;
  }

  /** Whether the attribute was written (not defaulted). */
  boolean isExplicit(String attribute) {
    return explicit.containsKey(attribute);
  }

  int intValue(String attribute) {
    Object v = raw(attribute);
    return v instanceof Number n ? n.intValue() : 0;
  }

  long longValue(String attribute) {
    Object v = raw(attribute);
    return v instanceof Number n ? n.longValue() : 0;
  }

  double doubleValue(String attribute) {
    Object v = raw(attribute);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  boolean booleanValue(String attribute) {
    return Boolean.TRUE.equals(raw(attribute));
  }

  int[] intArray(String attribute) {
    Object v = raw(attribute);
    if (!(v instanceof List<?> list)) {
      return new int[0];
    }
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      Object item = ((AnnotationValue) list.get(i)).getValue();
      out[i] = item instanceof Number n ? n.intValue() : 0;
    }
    return out;
  }

  /** The simple name of an enum constant value, or null. */
  String enumName(String attribute) {
    Object v = raw(attribute);
    return v instanceof VariableElement constant ? constant.getSimpleName().toString() : null;
  }

  private Object raw(String attribute) {
    AnnotationValue v = all.get(attribute);
    return v == null ? null : v.getValue();
  }

  /** The annotation as a user would write it, without the package: {@code @Dense(units = 64)}. */
  String source() {
    StringBuilder s = new StringBuilder("@")
        .append(mirror.getAnnotationType().asElement().getSimpleName());
    if (!mirror.getElementValues().isEmpty()) {
      s.append('(');
      boolean first = true;
      for (var e : mirror.getElementValues().entrySet()) {
        s.append(first ? "" : ", ");
        first = false;
        String value = e.getValue().toString().replace("dev.topiary.", "")
            .replaceAll("\\b(Activation|Padding|Loss)\\.", "");
        if (mirror.getElementValues().size() == 1 && name(e.getKey()).equals("value")) {
          s.append(value);
        } else {
          s.append(name(e.getKey())).append(" = ").append(value);
        }
      }
      s.append(')');
    }
    return s.toString();
  }
}
