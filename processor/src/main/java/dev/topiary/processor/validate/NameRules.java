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
      Set<String> names = MemberNames.of(layer.name());
      String message = null;
      if (model.reservedNames().contains(layer.name())) {
        message = Messages.layerNameTaken(layer.name());
      } else {
        for (String name : names) {
          if (owners.containsKey(name) || model.reservedNames().contains(name)) {
            message = Messages.layerNameClash(layer.name(), name,
                owners.getOrDefault(name, layer.name()));
            break;
          }
        }
      }
      if (message != null) {
        report.add(LAYER_NAME_CLASH, layer.method().origin(), message);
        continue; // its names are not claimed, so a later layer is judged against the rest
      }
      names.forEach(n -> owners.put(n, layer.name()));
    }
  }
}
