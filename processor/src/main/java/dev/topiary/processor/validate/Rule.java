package dev.topiary.processor.validate;

import dev.topiary.processor.model.ModelSpec;

/** One family of checks over a model; every rule runs and adds what it finds to the report. */
public interface Rule {
  /** Checks {@code model}, adding each problem to {@code report}. */
  void check(ModelSpec model, Report report);
}
