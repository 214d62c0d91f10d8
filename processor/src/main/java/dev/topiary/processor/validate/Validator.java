package dev.topiary.processor.validate;

import dev.topiary.processor.model.ModelSpec;
import java.util.List;

/** Runs every rule over a model, so that all its problems are reported in one compilation. */
public final class Validator {
  private static final List<Rule> RULES = List.of(
      new ModelRules(), new LayerMethodRules(), new ShapeRules(), new ValueRules(),
      new PruneRules(), new OutputRules());

  private Validator() {}

  /** The report of every rule over {@code model}. */
  public static Report validate(ModelSpec model) {
    Report report = new Report();
    for (Rule rule : RULES) {
      rule.check(model, report);
    }
    return report;
  }
}
