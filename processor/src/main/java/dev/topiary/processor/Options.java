package dev.topiary.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.ProcessingEnvironment;

/** The processor's {@code -Atopiary.*} options. */
record Options(boolean verbose, List<String> unknown) {
  /** {@code -Atopiary.verbose=true}: a NOTE per model with its layers, shapes, parameters and FLOPs. */
  static final String VERBOSE = "topiary.verbose";

  static final Set<String> SUPPORTED = new TreeSet<>(Set.of(VERBOSE));

  static Options of(ProcessingEnvironment env) {
    List<String> unknown = new ArrayList<>();
    for (String key : env.getOptions().keySet()) {
      if (key.startsWith("topiary.") && !SUPPORTED.contains(key)) {
        unknown.add(key);
      }
    }
    return new Options(Boolean.parseBoolean(env.getOptions().get(VERBOSE)), unknown);
  }
}
