package dev.topiary.spark;

import dev.topiary.runtime.inference.InferenceModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;

/**
 * The broadcast model file, loaded once per executor JVM into a model that no task runs; each
 * task gets its own {@link InferenceModel#copy()} (copies share the weights, each has its own
 * buffers), because one instance must never serve two threads.
 */
final class ModelCache {
  private static final Map<Long, InferenceModel> LOADED = new HashMap<>();

  private ModelCache() {}

  /** A copy of the model in {@code file}, for the calling task alone. */
  static InferenceModel copyFor(Broadcast<byte[]> file) {
    synchronized (LOADED) {
      InferenceModel model = LOADED.get(file.id());
      if (model == null) {
        try {
          model = InferenceModel.load(new ByteArrayInputStream(file.value()));
        } catch (IOException e) {
          throw new UncheckedIOException("the broadcast model file is not a Topiary model", e);
        }
        LOADED.put(file.id(), model);
      }
      return model.copy();
    }
  }
}
