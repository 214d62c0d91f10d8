package dev.topiary.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Network;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.samples.VariantRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch scoring in local[2]: the Parquet rows against the same model run image by image outside
 * Spark, score.json's throughput, and the Java API on a Dataset with a float-array column.
 */
class ScoreCommandTest {
  static final int IMAGES = 300;
  @TempDir static Path tmp;
  static Path modelFile;
  static Dataset test;
  static InferenceModel reference;

  @BeforeAll
  static void trainAModel() throws Exception {
    Dataset train = MnistSlice.mnist().train().slice(0, 640);
    test = MnistSlice.mnist().test().slice(0, IMAGES);
    Network net = VariantRun.build("pruned", 3);
    VariantRun.train(RetargetedNetwork.of(net, 0.8, 20), train, 1, 32, 1);
    modelFile = tmp.resolve("digits.topiary");
    InferenceModel.of(net).save(modelFile);
    reference = InferenceModel.load(modelFile);
  }

  @AfterAll
  static void stopSpark() {
    if (SparkSession.getActiveSession().isDefined()) {
      SparkSession.getActiveSession().get().stop();
    }
  }

  @Test
  void scoresEveryImageOnceIntoParquet() throws Exception {
    Path images = tmp.resolve("t10k-images-idx3-ubyte.gz");
    MnistSlice.writeImages(images, test, IMAGES);
    Path out = tmp.resolve("scored");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"score", "--master", "local[2]", "--model",
        modelFile.toString(), "--images", images.toString(), "--out", out.toString(),
        "--partitions", "3"}, new PrintStream(console, true, "UTF-8"), System.err);
    assertEquals(0, code, console.toString("UTF-8"));

    String json = Files.readString(out.resolve("score.json"));
    assertEquals(IMAGES, (int) SweepCommandTest.number(json, "count"), json);
    assertEquals(3, (int) SweepCommandTest.number(json, "partitions"), json);
    assertTrue(SweepCommandTest.number(json, "imagesPerSecondPerCore") > 0, json);
    assertEquals(3, (int) SweepCommandTest.number(json, "tasks"), json); // one executor, 3 tasks
    assertTrue(json.contains("\"timing\": \"shared\""), json);

    SparkSession spark = session();
    List<Row> rows = new ArrayList<>(spark.read().parquet(out.resolve("predictions").toString())
        .collectAsList());
    rows.sort((a, b) -> Long.compare(a.getLong(0), b.getLong(0)));
    assertEquals(IMAGES, rows.size());
    float[] probs = new float[10];
    for (int i = 0; i < IMAGES; i++) {
      Row r = rows.get(i);
      assertEquals(i, r.getLong(0));
      // The IDX file holds bytes: the reference scores the same rounded pixels.
      float[] x = test.example(i);
      for (int p = 0; p < x.length; p++) {
        x[p] = Math.round(x[p] * 255) / 255f;
      }
      reference.predict(x, probs);
      int best = argmax(probs);
      assertEquals(best, r.getInt(1), "image " + i);
      assertEquals(probs[best], r.getFloat(2), 1e-5f, "image " + i);
    }
  }

  @Test
  void theJavaApiAddsPredictionAndProbabilityColumns() throws Exception {
    SparkSession spark = session();
    StructType schema = new StructType().add("id", DataTypes.StringType)
        .add("pixels", DataTypes.createArrayType(DataTypes.FloatType));
    List<Row> in = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      in.add(RowFactory.create("img-" + i, test.example(i)));
    }
    Broadcast<byte[]> model = Scoring.broadcast(spark, Files.readAllBytes(modelFile));
    List<Row> out = Scoring.predict(spark.createDataFrame(in, schema).repartition(4), "pixels",
        model).collectAsList();
    assertEquals(50, out.size());
    float[] probs = new float[10];
    for (Row r : out) {
      assertArrayEquals(new String[] {"id", "pixels", "prediction", "probability"},
          r.schema().fieldNames());
      int i = Integer.parseInt(r.getString(0).substring(4));
      reference.predict(test.example(i), probs);
      assertEquals(argmax(probs), r.getInt(2), r.getString(0));
      assertEquals(probs[argmax(probs)], r.getFloat(3), 1e-5f, r.getString(0));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Scoring.predict(spark.createDataFrame(in, schema), "image", model));
    assertTrue(e.getMessage().contains("expected a column 'image'"), e.getMessage());
  }

  private static SparkSession session() {
    // Few shuffle partitions: the default 200 tasks would take longer than the scoring.
    return SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4").getOrCreate();
  }

  private static int argmax(float[] v) {
    int best = 0;
    for (int c = 1; c < v.length; c++) {
      if (v[c] > v[best]) {
        best = c;
      }
    }
    return best;
  }
}
