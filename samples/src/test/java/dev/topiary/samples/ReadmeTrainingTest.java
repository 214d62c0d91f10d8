package dev.topiary.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.optim.CosineDecay;
import dev.topiary.runtime.train.CsvLogger;
import dev.topiary.runtime.train.EarlyStopping;
import dev.topiary.runtime.train.History;
import dev.topiary.runtime.train.ModelCheckpoint;
import dev.topiary.runtime.train.Trainer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Keras-like training run, as it is printed there (between the markers below; a
 * test checks that the README holds these lines), on a few MNIST-shaped images.
 */
class ReadmeTrainingTest {
  @Test
  void theReadmesRunTrainsChecksAndResumes(@TempDir Path dir) throws Exception {
    Mnist mnist = Mnist.load(TrainCommandTest.tinyMnist(dir.resolve("mnist"), 100, 20));
    // README:begin
    SeedCnn net = new TopiarySeedCnn(42);
    ModelCheckpoint checkpoint = new ModelCheckpoint("target/ckpt/epoch-{epoch:02d}.ckpt");
    Trainer trainer = Trainer.of(net)
        .adam(new CosineDecay(1e-3, 10 * 1_688, 0.0, 500))    // warm-up 500 steps, then cosine
        .batchSize(32).epochs(10)
        .validationSplit(0.1)                                  // the last 10%, before shuffling
        .listeners(checkpoint,                                 // every epoch's whole state
            new EarlyStopping("val_loss", 0, 2, true),         // patience 2, best weights back
            new CsvLogger(new File("target/training.csv")));
    History h = trainer.fit(mnist.train());
    Evaluation e = net.evaluate(mnist.test());
    System.out.println(e.stats());                             // precision, recall, F1, confusion

    // Later, in this JVM or another: the same model, optimizer and data, resumed
    SeedCnn again = new TopiarySeedCnn(42);
    History rest = Trainer.of(again)
        .adam(new CosineDecay(1e-3, 10 * 1_688, 0.0, 500))
        .batchSize(32).epochs(12).validationSplit(0.1)
        .resume(checkpoint.lastSaved())                        // on from the last epoch saved
        .fit(mnist.train());
    // README:end
    int saved = h.last().index();
    assertEquals(new File("target/ckpt/epoch-" + String.format("%02d", saved) + ".ckpt"),
        checkpoint.lastSaved());
    assertEquals(saved + 1, rest.epochs().get(0).index());
    assertEquals(12, rest.last().index());
    assertTrue(Double.isFinite(rest.last().validation().loss()));
  }

  @Test
  void theReadmeShowsThatRun() throws Exception {
    List<String> source = Files.readAllLines(
        Paths.get("src/test/java/dev/topiary/samples/ReadmeTrainingTest.java"),
        StandardCharsets.UTF_8);
    List<String> snippet = new ArrayList<>();
    boolean in = false;
    for (String line : source) {
      if (line.trim().equals("// README:end")) {
        break;
      }
      if (in) {
        snippet.add(line.length() >= 4 ? line.substring(4) : line.trim());
      }
      in |= line.trim().equals("// README:begin");
    }
    String readme = new String(Files.readAllBytes(Paths.get("../README.md")),
        StandardCharsets.UTF_8);
    String block = "```java\n" + String.join("\n", snippet) + "\n```";
    assertTrue(snippet.size() > 10 && readme.contains(block),
        "README.md's training section should show, as it is here:\n" + block);
  }
}
