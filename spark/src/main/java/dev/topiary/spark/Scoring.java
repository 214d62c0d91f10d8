package dev.topiary.spark;

import dev.topiary.runtime.inference.InferenceModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Batch scoring with a Topiary model on Spark, partition by partition: the model file is
 * broadcast once, each task scores its partition with its own copy of the model, in batches.
 *
 * <pre>{@code
 * Broadcast<byte[]> model = Scoring.broadcast(spark, Files.readAllBytes(Path.of("digits.topiary")));
 * Dataset<Row> scored = Scoring.predict(images, "pixels", model);  // + prediction, probability
 * }</pre>
 */
public final class Scoring {
  /** Images per predict call. */
  static final int BATCH = 256;

  private Scoring() {}

  /** Broadcasts a model file's bytes ({@code InferenceModel.save} or a network's {@code save}). */
  public static Broadcast<byte[]> broadcast(org.apache.spark.sql.SparkSession spark,
      byte[] modelFile) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(modelFile);
  }

  /**
   * {@code images} with two columns added: {@code prediction} (int, the class of highest
   * output) and {@code probability} (float, that output). {@code column} holds one example per
   * row, an array of numbers of the model's input size (for MNIST 784 pixels in [0, 1]).
   *
   * @throws IllegalArgumentException if {@code column} is not an array column of {@code images}
   */
  public static Dataset<Row> predict(Dataset<Row> images, String column,
      Broadcast<byte[]> model) {
    return predict(images, column, model, null);
  }

  /** {@link #predict(Dataset, String, Broadcast)}, adding each task's timing to {@code timings}. */
  public static Dataset<Row> predict(Dataset<Row> images, String column, Broadcast<byte[]> model,
      CollectionAccumulator<TaskTiming> timings) {
    StructType in = images.schema();
    int index;
    try {
      index = in.fieldIndex(column);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected a column '" + column + "' of images, found "
          + "only " + String.join(", ", in.fieldNames()));
    }
    if (!(in.fields()[index].dataType() instanceof org.apache.spark.sql.types.ArrayType)) {
      throw new IllegalArgumentException("expected column '" + column + "' to be an array of "
          + "numbers, found " + in.fields()[index].dataType().simpleString());
    }
    StructType out = in.add("prediction", DataTypes.IntegerType, false)
        .add("probability", DataTypes.FloatType, false);
    return images.mapPartitions(new Partition(model, index, timings), Encoders.row(out));
  }

  /** Scores one partition's rows in batches with the task's own copy of the model. */
  private static final class Partition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> model;
    private final int column;
    private final CollectionAccumulator<TaskTiming> timings;

    Partition(Broadcast<byte[]> model, int column, CollectionAccumulator<TaskTiming> timings) {
      this.model = model;
      this.column = column;
      this.timings = timings;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return new Scored(rows, ModelCache.copyFor(model), column, timings);
    }
  }

  private static final class Scored implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final InferenceModel model;
    private final int column;
    private final CollectionAccumulator<TaskTiming> timings;
    private final int inputSize;
    private final int outputSize;
    private final float[] x;
    private final float[] y;
    private final List<Row> batch = new ArrayList<>();
    private int next;
    private long images;
    private long nanos;
    private boolean reported;

    Scored(Iterator<Row> rows, InferenceModel model, int column,
        CollectionAccumulator<TaskTiming> timings) {
      this.rows = rows;
      this.model = model;
      this.column = column;
      this.timings = timings;
      this.inputSize = model.inputSize();
      this.outputSize = model.outputSize();
      this.x = new float[BATCH * inputSize];
      this.y = new float[BATCH * outputSize];
    }

    @Override
    public boolean hasNext() {
      if (next < batch.size()) {
        return true;
      }
      if (!rows.hasNext()) {
        report();
        return false;
      }
      scoreBatch();
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return batch.get(next++);
    }

    private void scoreBatch() {
      List<Row> input = new ArrayList<>(BATCH);
      while (input.size() < BATCH && rows.hasNext()) {
        Row r = rows.next();
        List<Object> values = r.getList(column);
        if (values.size() != inputSize) {
          throw new IllegalArgumentException("expected " + inputSize + " values per image, found "
              + values.size() + " in row " + r);
        }
        int off = input.size() * inputSize;
        for (int i = 0; i < inputSize; i++) {
          x[off + i] = ((Number) values.get(i)).floatValue();
        }
        input.add(r);
      }
      long t = System.nanoTime();
      model.predict(x, input.size(), y);
      nanos += System.nanoTime() - t;
      images += input.size();
      batch.clear();
      next = 0;
      for (int k = 0; k < input.size(); k++) {
        int best = 0;
        for (int c = 1; c < outputSize; c++) {
          if (y[k * outputSize + c] > y[k * outputSize + best]) {
            best = c;
          }
        }
        Row r = input.get(k);
        Object[] v = new Object[r.length() + 2];
        for (int i = 0; i < r.length(); i++) {
          v[i] = r.get(i);
        }
        v[r.length()] = best;
        v[r.length() + 1] = y[k * outputSize + best];
        batch.add(RowFactory.create(v));
      }
    }

    private void report() {
      if (!reported && timings != null) {
        reported = true;
        SparkEnv env = SparkEnv.get();
        timings.add(new TaskTiming(env == null ? "driver" : env.executorId(), images, nanos));
      }
    }
  }
}
