package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.LAYER_NAME_CLASH;

import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.MemberNames;
import dev.topiary.processor.model.ModelSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks that the generated class can name every layer's members: no layer takes a name the
 * class inherits or uses itself, and no two layers derive the same member name ({@code hidden}
 * and {@code hiddenKernel}, {@code hiddenLayer} and {@code hidden_layer}).
 */
final class NameRules implements Rule {
  @Override
  public void check(ModelSpec model, Report report) {
    Map<String, String> owners = new HashMap<>();
    for (LayerSpec layer : model.layers()) {
      String clash = null;
      String owner = null;
      Set<String> names = MemberNames.of(layer.name());
      for (String name : names) {
        if (model.reservedNames().contains(name)) {
          clash = name;
          owner = "itself (every generated network has it)";
        } else if (owners.containsKey(name)) {
          clash = name;
          owner = "for layer " + owners.get(name) + "'s members";
        }
        if (clash != null) {
          break;
        }
      }
      if (clash != null) {
        report.add(LAYER_NAME_CLASH, layer.method(),
            Messages.layerNameClash(layer.name(), clash, owner));
        continue; // its names are not claimed, so a later layer is judged against the rest
      }
      names.forEach(n -> owners.put(n, layer.name()));
    }
  }
}
