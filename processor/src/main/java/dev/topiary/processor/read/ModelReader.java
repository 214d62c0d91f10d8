package dev.topiary.processor.read;

import dev.topiary.Activation;
import dev.topiary.Loss;
import dev.topiary.Padding;
import dev.topiary.Structure;
import dev.topiary.architecture.LayerKind;
import dev.topiary.processor.model.ActivationLayerSpec;
import dev.topiary.processor.model.AveragePoolingSpec;
import dev.topiary.processor.model.BatchNormSpec;
import dev.topiary.processor.model.GlobalPoolingSpec;
import dev.topiary.processor.model.Conv1DSpec;
import dev.topiary.processor.model.Conv2DSpec;
import dev.topiary.processor.model.DepthwiseConv2DSpec;
import dev.topiary.processor.model.GlobalAveragePooling1DSpec;
import dev.topiary.processor.model.Pooling1DSpec;
import dev.topiary.processor.model.SeparableConv2DSpec;
import dev.topiary.processor.model.DenseSpec;
import dev.topiary.processor.model.DropoutSpec;
import dev.topiary.processor.model.FlattenSpec;
import dev.topiary.processor.model.L1Spec;
import dev.topiary.processor.model.LayerMethod;
import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.LeakyReLUSpec;
import dev.topiary.processor.model.MaxPoolingSpec;
import dev.topiary.processor.model.ModelSpec.Stray;
import dev.topiary.processor.model.ModelSpec;
import dev.topiary.processor.model.Origin;
import dev.topiary.processor.model.PruneSpec;
import dev.topiary.processor.model.Shape;
import dev.topiary.processor.model.ShapeInference;
import dev.topiary.processor.model.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads one {@code @Model} type into a {@link ModelSpec}: the only class that walks javac's
 * elements. It records what it finds, valid or not; the validation rules judge it.
 */
public final class ModelReader {
  static final String ANNOTATIONS = "dev.topiary";
  static final String NETWORK = "dev.topiary.runtime.Network";

  private final Elements elements;
  private final Types types;
  private final TypeProblems typeProblems;
  private final InheritedMembers inherited;

  /** A reader for one compilation (it remembers the generated names it has handed out). */
  public ModelReader(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
    this.typeProblems = new TypeProblems(elements, types);
    this.inherited = new InheritedMembers(elements, types);
  }

  /** Reads {@code type}, which carries {@code @Model}. */
  public ModelSpec read(TypeElement type) {
    AnnotationMirror modelMirror = find(type, "Model");
    AnnotationValues model = new AnnotationValues(type, modelMirror, elements);
    String pkg = elements.getPackageOf(type).getQualifiedName().toString();
    String qualified = type.getQualifiedName().toString();
    String relative = pkg.isEmpty() ? qualified : qualified.substring(pkg.length() + 1);
    String generated = "Topiary" + relative.replace('.', '_');
    List<LayerSpec> layers = new ArrayList<>();
    List<Stray> strays = new ArrayList<>();
    int[] input = model.intArray("input");
    Shape shape = ShapeInference.positiveAll(input) && (input.length == 1 || input.length == 2
        || input.length == 3)
        ? Shape.of(input) : Shape.UNKNOWN;
    if (!ShapeInference.fits(shape)) {
      shape = Shape.UNKNOWN; // reported once, on the input; no layer is judged on it
    }
    boolean isInterface = type.getKind() == ElementKind.INTERFACE;
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      LayerSpec layer = readLayer(method, shape, strays, type);
      if (layer != null) {
        layers.add(layer);
        // After an invalid, unclear or too large layer the shape is unknown: one error, no echo.
        shape = layer.ambiguous() || !ShapeInference.fits(layer.output()) ? Shape.UNKNOWN
            : layer.output();
      }
    }
    if (isInterface) {
      for (ExecutableElement m : inherited.unimplemented(type)) {
        strays.add(new Stray(Stray.Kind.INHERITED, m.getSimpleName().toString(), Origin.of(type),
            ((TypeElement) m.getEnclosingElement()).getQualifiedName().toString()));
      }
    }
    Map<String, Origin> modelOrigins = model.origins();
    List<Origin> dimOrigins = new ArrayList<>();
    for (int i = 0; i < input.length; i++) {
      dimOrigins.add(modelOrigins.getOrDefault("input[" + i + "]", model.annotation()));
    }
    Loss loss = Loss.valueOf(model.enumName("loss"));
    return new ModelSpec(pkg, relative, generated, model.source(), Origin.of(type),
        model.annotation(), input, modelOrigins.getOrDefault("input", model.annotation()),
        dimOrigins, loss, layers, strays,
        typeProblems.of(type, pkg.isEmpty() ? generated : pkg + "." + generated),
        inherited.reservedNames());
  }

  private LayerSpec readLayer(ExecutableElement method, Shape in, List<Stray> strays,
      TypeElement type) {
    List<AnnotationMirror> layerMirrors = new ArrayList<>();
    for (AnnotationMirror m : method.getAnnotationMirrors()) {
      if (kindOf(m) != null) {
        layerMirrors.add(m);
      }
    }
    AnnotationMirror l1Mirror = find(method, "L1");
    AnnotationMirror pruneMirror = find(method, "Prune");
    String name = method.getSimpleName().toString();
    if (layerMirrors.isEmpty()) {
      readStray(method, type, l1Mirror, pruneMirror, strays);
      return null;
    }
    AnnotationMirror mirror = layerMirrors.get(0);
    LayerKind kind = kindOf(mirror);
    AnnotationValues v = new AnnotationValues(method, mirror, elements);
    Map<String, Origin> origins = v.origins();
    StringBuilder source = new StringBuilder(v.source());
    L1Spec l1 = readL1(method, l1Mirror, origins, source);
    PruneSpec prune = readPrune(method, pruneMirror, origins, source);
    Double activityL1 = readActivityL1(method, origins, source);
    if (!method.getParameters().isEmpty()) {
      origins.put(LayerMethod.PARAMETERS, Origin.of(method.getParameters().get(0)));
    }
    List<Origin> extra = new ArrayList<>();
    for (AnnotationMirror m : layerMirrors.subList(1, layerMirrors.size())) {
      extra.add(Origin.of(method, m, null));
    }
    LayerMethod declared = new LayerMethod(name, source.toString(), Origin.of(method),
        v.annotation(), origins, erasure(method.getReturnType()), method.getParameters().size(),
        method.getModifiers().contains(Modifier.ABSTRACT), extra);
    boolean useBias = !v.isExplicit("useBias") || v.booleanValue("useBias"); // Keras's default
    return switch (kind) {
      case CONV2D -> new Conv2DSpec(declared, in, activityL1, activation(v), useBias, l1, prune,
          v.intValue("filters"), new Window(v.intArray("kernel"), v.intArray("strides"),
              padding(v)));
      case DENSE -> new DenseSpec(declared, in, activityL1, activation(v), useBias, l1, prune,
          v.intValue("units"));
      case MAX_POOLING2D -> new MaxPoolingSpec(declared, in, activityL1, pool(v));
      case FLATTEN -> new FlattenSpec(declared, in, activityL1);
      case LEAKY_RELU -> new LeakyReLUSpec(declared, in, activityL1, v.doubleValue("alpha"));
      case RELU, SOFTMAX, SPARSEMAX -> new ActivationLayerSpec(kind, declared, in, activityL1);
      case DROPOUT -> new DropoutSpec(declared, in, activityL1, v.doubleValue("value"));
      case AVERAGE_POOLING2D -> new AveragePoolingSpec(declared, in, activityL1, pool(v));
      case BATCH_NORMALIZATION -> new BatchNormSpec(declared, in, activityL1,
          v.doubleValue("momentum"), v.doubleValue("epsilon"), v.booleanValue("center"),
          v.booleanValue("scale"));
      case GLOBAL_AVERAGE_POOLING2D, GLOBAL_MAX_POOLING2D -> new GlobalPoolingSpec(kind, declared,
          in, activityL1);
      case DEPTHWISE_CONV2D -> new DepthwiseConv2DSpec(declared, in, activityL1, activation(v),
          useBias, l1, prune, v.intValue("depthMultiplier"), new Window(v.intArray("kernel"),
              v.intArray("strides"), padding(v)));
      case SEPARABLE_CONV2D -> new SeparableConv2DSpec(declared, in, activityL1, activation(v),
          useBias, l1, prune, v.intValue("filters"), v.intValue("depthMultiplier"),
          new Window(v.intArray("kernel"), v.intArray("strides"), padding(v)));
      case CONV1D -> new Conv1DSpec(declared, in, activityL1, activation(v), useBias, l1, prune,
          v.intValue("filters"), v.intValue("kernel"), v.intValue("strides"), padding(v));
      case MAX_POOLING1D, AVERAGE_POOLING1D -> new Pooling1DSpec(kind, declared, in, activityL1,
          v.intValue("value"), v.isExplicit("strides") ? v.intValue("strides")
              : v.intValue("value"), padding(v)); // Keras: strides default to the pool size
      case GLOBAL_AVERAGE_POOLING1D -> new GlobalAveragePooling1DSpec(declared, in, activityL1);
    };
  }

  /**
   * The {@code @L1} of a layer method, or null; records where it and its value were written
   * ({@code "@L1"}, {@code "l1"}) and appends it to the layer's source.
   */
  private L1Spec readL1(ExecutableElement method, AnnotationMirror mirror,
      Map<String, Origin> origins, StringBuilder source) {
    if (mirror == null) {
      return null;
    }
    AnnotationValues v = alongside(method, mirror, source);
    origins.put("@L1", v.annotation());
    origins.put("l1", valueOrigin(v));
    return new L1Spec(v.doubleValue("value"), v.booleanValue("proximal"));
  }

  /** The {@code @Prune} of a layer method, or null; its origins are {@code "prune.*"}. */
  private PruneSpec readPrune(ExecutableElement method, AnnotationMirror mirror,
      Map<String, Origin> origins, StringBuilder source) {
    if (mirror == null) {
      return null;
    }
    AnnotationValues p = alongside(method, mirror, source);
    origins.put("@Prune", p.annotation());
    p.origins().forEach((k, o) -> origins.put("prune." + k, o));
    return new PruneSpec(p.doubleValue("initial"), p.doubleValue("target"),
        p.longValue("beginStep"), p.longValue("endStep"), p.intValue("frequency"),
        p.doubleValue("power"), Structure.valueOf(p.enumName("structure")), p.intValue("n"),
        p.intValue("m"));
  }

  /** The {@code @ActivityL1} factor of a layer method, or null. */
  private Double readActivityL1(ExecutableElement method, Map<String, Origin> origins,
      StringBuilder source) {
    AnnotationMirror mirror = find(method, "ActivityL1");
    if (mirror == null) {
      return null;
    }
    AnnotationValues a = alongside(method, mirror, source);
    origins.put("activityL1", valueOrigin(a));
    return a.doubleValue("value");
  }

  /** The values of an annotation beside the layer annotation, appended to the layer's source. */
  private AnnotationValues alongside(ExecutableElement method, AnnotationMirror mirror,
      StringBuilder source) {
    AnnotationValues v = new AnnotationValues(method, mirror, elements);
    source.append(' ').append(v.source());
    return v;
  }

  /** Where the annotation's {@code value} was written, or the annotation when defaulted. */
  private static Origin valueOrigin(AnnotationValues v) {
    return v.origins().getOrDefault("value", v.annotation());
  }

  /** MaxPooling2D's window; Keras: strides default to the pool size. */
  private static Window pool(AnnotationValues v) {
    int[] size = v.intArray("value");
    int[] strides = v.intArray("strides");
    return new Window(size, strides.length == 0 ? size : strides, padding(v));
  }

  private static Padding padding(AnnotationValues v) {
    return v.enumName("padding") == null ? Padding.VALID : Padding.valueOf(v.enumName("padding"));
  }

  private static Activation activation(AnnotationValues v) {
    return v.enumName("activation") == null ? Activation.LINEAR
        : Activation.valueOf(v.enumName("activation"));
  }

  /**
   * Records a method without a layer annotation that concerns the layers: abstract (every abstract
   * method must be a layer, unless it redeclares an inherited one) or carrying @L1/@Prune.
   */
  private void readStray(ExecutableElement method, TypeElement type, AnnotationMirror l1,
      AnnotationMirror prune, List<Stray> strays) {
    String name = method.getSimpleName().toString();
    if (method.getModifiers().contains(Modifier.ABSTRACT)) {
      if (l1 != null || prune != null || !inherited.overridesInherited(method, type)) {
        String found = (l1 != null ? "@L1 " : "") + (prune != null ? "@Prune" : "");
        strays.add(new Stray(Stray.Kind.NO_LAYER_ANNOTATION, name, Origin.of(method),
            found.trim()));
      }
      return;
    }
    if (l1 != null) {
      strays.add(new Stray(Stray.Kind.ANNOTATION_WITHOUT_LAYER, name, Origin.of(method, l1, null),
          "L1"));
    }
    if (prune != null) {
      strays.add(new Stray(Stray.Kind.ANNOTATION_WITHOUT_LAYER, name,
          Origin.of(method, prune, null), "Prune"));
    }
  }

  private String erasure(TypeMirror type) {
    return types.erasure(type).toString();
  }

  private static LayerKind kindOf(AnnotationMirror m) {
    TypeElement t = (TypeElement) m.getAnnotationType().asElement();
    String qualified = t.getQualifiedName().toString();
    return qualified.equals(ANNOTATIONS + "." + t.getSimpleName())
        ? LayerKind.forAnnotation(t.getSimpleName().toString()) : null;
  }

  private static AnnotationMirror find(Element element, String simpleName) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      TypeElement t = (TypeElement) m.getAnnotationType().asElement();
      if (t.getQualifiedName().contentEquals(ANNOTATIONS + "." + simpleName)) {
        return m;
      }
    }
    return null;
  }
}
