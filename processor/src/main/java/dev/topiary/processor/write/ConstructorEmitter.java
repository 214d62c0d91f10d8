package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.topiary.processor.model.BatchNormSpec;
import dev.topiary.processor.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.lang.model.element.Modifier;

/**
 * The constructor: hands the model's name, architecture and shapes to the superclass,
 * initialises the weights from the seed, and registers the layers, the parameters and the rules
 * the training step applies to them (pruning, proximal L1).
 */
final class ConstructorEmitter {
  private ConstructorEmitter() {}

  /**
   * <pre>public TopiarySeedCnn(long seed) {
   *   super(MODEL_NAME, ARCHITECTURE, seed, new int[] {28, 28, 1}, OUTPUT_SIZE);
   *   SplittableRandom random = new SplittableRandom(seed);
   *   Init.glorotUniform(...); ...
   *   register(new Layer[] {conv, ...}, new Parameter[] {convKernel, convBias, ...});
   * }</pre>
   */
  static MethodSpec constructor(ModelSpec model, List<LayerPlan> plans) {
    MethodSpec.Builder m = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
        .addJavadoc("A new network with Glorot-uniform kernels and zero biases drawn from {@code "
            + "seed}.\n")
        .addParameter(long.class, "seed")
        .addStatement("super(MODEL_NAME, ARCHITECTURE, seed, new int[] {$L}, OUTPUT_SIZE)",
            Constants.values(model.inputShape().dims()))
        .addStatement("$T random = new $T(seed)", SplittableRandom.class, SplittableRandom.class);
    List<String> layers = new ArrayList<>();
    List<String> parameters = new ArrayList<>();
    List<String> state = new ArrayList<>(); // BatchNormalization's moving statistics
    for (LayerPlan p : plans) {
      m.addCode(LayerEmitter.of(p).init(p));
      layers.add(p.var());
      if (p.spec() instanceof BatchNormSpec) {
        parameters.addAll(BatchNormEmitter.parameters(p));
        state.add(LayerRules.field(p) + ".movingMean");
        state.add(LayerRules.field(p) + ".movingVariance");
      }
      if (p.spec().kind().weighted()) {
        parameters.addAll(ParameterEmitter.kernels(p));
        if (ParameterEmitter.spec(p).useBias()) {
          parameters.add(ParameterEmitter.bias(p));
        }
      }
    }
    m.addStatement("register(new $T[] {$L}, new $T[] {$L})", RuntimeTypes.LAYER, names(layers),
        RuntimeTypes.PARAMETER, names(parameters));
    if (!state.isEmpty()) {
      m.addStatement("registerState($L)", CodeBlock.join(state.stream()
          .map(s -> CodeBlock.of("$L", s)).toList(), ", "));
    }
    addRules(m, plans);
    return m.build();
  }

  /**
   * The training rules of {@code @Prune} and of proximal {@code @L1}, if any, in the order the
   * trainer runs them: every pruning, then every proximal L1.
   * <pre>registerRules(hiddenPruning, new ProximalL1(hiddenKernel, HIDDEN_L1));</pre>
   */
  private static void addRules(MethodSpec.Builder m, List<LayerPlan> plans) {
    List<CodeBlock> prunings = new ArrayList<>();
    List<CodeBlock> proximals = new ArrayList<>();
    List<CodeBlock> layerRules = new ArrayList<>(); // Dropout's steps, BatchNormalization's statistics
    for (LayerPlan p : plans) {
      if (LayerRules.has(p)) {
        layerRules.add(CodeBlock.of("$N", LayerRules.field(p)));
      }
      if (!p.spec().kind().weighted()) {
        continue;
      }
      for (String pruning : ParameterEmitter.prunings(p)) {
        prunings.add(CodeBlock.of("$N", pruning));
      }
      if (ParameterEmitter.spec(p).l1() != null && ParameterEmitter.spec(p).l1().proximal()) {
        for (String kernel : ParameterEmitter.kernels(p)) {
          proximals.add(CodeBlock.of("new $T($N, $N)", RuntimeTypes.PROXIMAL_L1, kernel,
              p.constant("L1")));
        }
      }
    }
    List<CodeBlock> rules = new ArrayList<>(prunings);
    rules.addAll(proximals);
    rules.addAll(layerRules);
    if (!rules.isEmpty()) {
      m.addStatement("registerRules($L)", CodeBlock.join(rules, ", "));
    }
  }

  /** {@code a, b, c} from the names of fields. */
  private static CodeBlock names(List<String> names) {
    return CodeBlock.join(names.stream().map(n -> CodeBlock.of("$N", n)).toList(), ", ");
  }
}
