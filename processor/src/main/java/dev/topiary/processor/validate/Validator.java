package dev.topiary.processor.validate;

import dev.topiary.processor.model.ModelSpec;
import dev.topiary.processor.model.ModelSpec.TypeProblem;
import java.util.List;

/** Runs every rule over a model, so that all its problems are reported in one compilation. */
public final class Validator {
  private static final Rule MODEL_RULES = new ModelRules();
  private static final List<Rule> RULES = List.of(
      MODEL_RULES, new LayerMethodRules(), new NameRules(), new ShapeRules(), new ValueRules(),
      new PruneRules(), new OutputRules(), new LayerValueRules());

  private Validator() {}

  /** The report of every rule over {@code model}. */
  public static Report validate(ModelSpec model) {
    Report report = new Report();
    // A type that is not an interface is not judged as a model: the fix starts it over.
    List<Rule> rules = model.has(TypeProblem.Kind.NOT_AN_INTERFACE) ? List.of(MODEL_RULES)
        : RULES;
    for (Rule rule : rules) {
      rule.check(model, report);
    }
    return report;
  }
}
