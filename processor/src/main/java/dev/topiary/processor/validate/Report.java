package dev.topiary.processor.validate;

import dev.topiary.processor.model.Origin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.tools.Diagnostic;

/** The diagnostics found for one model; it decides whether the model is generated. */
public final class Report {
  /** One diagnostic: its code, where it sits, and the full message. */
  public record Entry(DiagnosticCode code, Origin origin, String message) {}

  private final List<Entry> entries = new ArrayList<>();

  /** Adds a diagnostic; {@code message} comes from {@link Messages}. */
  public void add(DiagnosticCode code, Origin origin, String message) {
    entries.add(new Entry(code, origin, "[Topiary/" + code.label() + "] " + message));
  }

  /** Whether any diagnostic is an error (then no source is written). */
  public boolean hasErrors() {
    return entries.stream().anyMatch(e -> e.code().kind() == Diagnostic.Kind.ERROR);
  }

  /** The diagnostics in the order the rules found them. */
  public List<Entry> entries() {
    return Collections.unmodifiableList(entries);
  }
}
