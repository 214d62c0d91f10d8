package dev.topiary.runtime.train;

import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.data.Batcher;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.data.ExampleShape;
import dev.topiary.runtime.kernels.WorkerPool;
import dev.topiary.runtime.optim.Adam;
import dev.topiary.runtime.optim.LearningRateSchedule;
import dev.topiary.runtime.optim.Optimizer;
import dev.topiary.runtime.optim.Sgd;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.codehaus.mojo.animal_sniffer.IgnoreJRERequirement;

/**
 * Trains a generated network with mini-batches, like Keras's {@code fit}:
 * <pre>{@code
 * History h = Trainer.of(net).adam(1e-3).batchSize(32).epochs(1).fit(mnist.train());
 * }</pre>
 * Defaults: Adam with Keras's defaults, batch 32, 1 epoch, examples shuffled each epoch by a
 * generator seeded from the network's seed, a progress bar when the JVM has a console (none on
 * Android or with redirected output: see {@link #progress}), and
 * {@link #DEFAULT_THREADS} threads.
 *
 * <p>Threads share the work inside each step (each computes whole rows or blocks of a layer's
 * products and slices of the optimizer update) on a fixed {@link WorkerPool}, so the trained
 * weights are bit-identical for any number of threads.
 */
public final class Trainer {
  /** The default number of threads: the processors available, at most 4. */
  public static final int DEFAULT_THREADS =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  private final Network network;
  private int threads = DEFAULT_THREADS;
  private Optimizer optimizer;
  private int batchSize = 32;
  private int epochs = 1;
  private Long shuffleSeed;
  private boolean progress = Progress.consoleAttached();
  private Dataset validation;
  private boolean strictPruning;
  private double validationSplit;
  private List<TrainingListener> listeners = Collections.emptyList();
  /** Steps run by this trainer, over its fit calls: the step numbers listeners see. */
  private long stepsRun;
  /** The epochs a resumed checkpoint had completed; {@code fit} goes on from the next. */
  private int initialEpoch;
  /** Whether {@link #resume} put a checkpoint's state into the network and optimizer. */
  private boolean resumed;

  private Trainer(Network network) {
    this.network = network;
    this.optimizer = new Adam(1e-3);
  }

  /**
   * A trainer for {@code network}.
   *
   * @throws IllegalArgumentException if {@code network} is null
   */
  public static Trainer of(Network network) {
    if (network == null) {
      throw new IllegalArgumentException("expected a network to train, found null");
    }
    return new Trainer(network);
  }

  /** Adam with Keras's defaults (beta1 0.9, beta2 0.999, epsilon 1e-7) and this learning rate. */
  public Trainer adam(double learningRate) {
    return optimizer(new Adam(learningRate));
  }

  /** Adam with Keras's defaults and a learning rate that follows {@code schedule} step by step. */
  public Trainer adam(LearningRateSchedule schedule) {
    return optimizer(new Adam(schedule));
  }

  /** SGD with momentum ({@code 0} for plain SGD) and a learning rate {@code schedule}. */
  public Trainer sgd(LearningRateSchedule schedule, double momentum) {
    return optimizer(new Sgd(schedule, momentum, false));
  }

  /** SGD with momentum ({@code 0} for plain SGD), Keras's form. */
  public Trainer sgd(double learningRate, double momentum) {
    return optimizer(new Sgd(learningRate, momentum));
  }

  /** Any optimizer; its state belongs to this trainer's network from the first step on. */
  public Trainer optimizer(Optimizer optimizer) {
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer must not be null");
    }
    refuseAfterResume("the optimizer");
    this.optimizer = optimizer;
    return this;
  }

  /** Examples per step; the last batch of an epoch may be smaller. Default 32. */
  public Trainer batchSize(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, found " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  /**
   * Threads that share each training step, the calling thread included; the weights after any
   * number of steps are the same for every thread count. Default {@link #DEFAULT_THREADS}.
   *
   * @throws IllegalArgumentException unless {@code 1 <= threads <= 64}
   */
  public Trainer threads(int threads) {
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("threads must be 1 to 64, found " + threads);
    }
    this.threads = threads;
    return this;
  }

  /**
   * The number of the last epoch, as Keras's {@code epochs}: passes over the training set, or,
   * after {@link #resume}, up to which epoch the resumed run goes on. Default 1.
   */
  public Trainer epochs(int epochs) {
    if (epochs <= 0) {
      throw new IllegalArgumentException("epochs must be positive, found " + epochs);
    }
    this.epochs = epochs;
    return this;
  }

  /** The seed of the per-epoch shuffling; default the network's seed. */
  public Trainer shuffleSeed(long seed) {
    refuseAfterResume("the shuffle seed");
    this.shuffleSeed = seed;
    return this;
  }

  /**
   * Whether to show progress on {@code System.out}: a {@link ProgressBar} put before the other
   * listeners, redrawn on a terminal (as wide as {@code COLUMNS}, else 80 columns), one line per
   * epoch otherwise. Default: on only when the JVM has a console, so an app (whose
   * {@code System.out} goes to logcat at best) or a redirected run prints nothing unless asked;
   * an app reads the per-epoch figures from the returned {@link History}, or gives its own
   * listener. A {@link ProgressBar} among the listeners does the same on any stream.
   */
  public Trainer progress(boolean show) {
    this.progress = show;
    return this;
  }

  /**
   * The strict pruning variant: besides zeroing masked weights before each step (tfmot), hold
   * their gradients and optimizer state (Adam moments, momentum) at zero. Default false.
   */
  public Trainer strictPruning(boolean strict) {
    this.strictPruning = strict;
    return this;
  }

  /** A data set evaluated after each epoch, like Keras's {@code validation_data}. */
  public Trainer validation(Dataset data) {
    checkExampleSize(data);
    ExampleShape.checkOutputs(network.modelName(), network.loss(), network.outputSize(), data,
        "validation");
    this.validation = data;
    return this;
  }

  private void checkExampleSize(Dataset data) {
    ExampleShape.check(network.modelName(), network.inputShape(), network.inputSize(), data);
  }

  /** The optimizer in use (its {@code iterations()} count the steps taken). */
  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * Listeners called as training goes (Keras's {@code callbacks}), in this order; replaces any
   * given before.
   */
  public Trainer listeners(TrainingListener... listeners) {
    for (TrainingListener l : listeners) {
      if (l == null) {
        throw new IllegalArgumentException("expected listeners, found null among them");
      }
    }
    this.listeners = Arrays.asList(listeners.clone());
    return this;
  }

  /**
   * Keras's {@code validation_split}: the last {@code fraction} of the training data, taken before
   * any shuffling, is held out and evaluated after each epoch. Data given to {@link #validation}
   * takes precedence, as in Keras. 0 (the default) holds out nothing.
   *
   * @throws IllegalArgumentException unless {@code 0 <= fraction < 1}
   */
  public Trainer validationSplit(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation split expected a fraction in [0, 1), found "
          + fraction);
    }
    this.validationSplit = fraction;
    return this;
  }

  /**
   * Continues the run a training checkpoint saved ({@link ModelCheckpoint} writes them): puts its
   * weights, the optimizer's state and step count (so the learning rate schedule goes on), each
   * {@code @Prune} layer's step and masks, and the shuffling's seed into this trainer's network
   * and optimizer, so that {@link #fit} goes on from the epoch after the saved one up to
   * {@link #epochs} (Keras's {@code initial_epoch}), bit for bit as the run would have. Give the
   * trainer the data, batch size, optimizer and schedule the run was saved with, and choose the
   * optimizer before this call; strict pruning, threads and listeners may differ. Listeners'
   * own state (e.g. {@link EarlyStopping}'s patience) starts anew, as in Keras.
   *
   * @throws CheckpointException if the file is not a Topiary checkpoint, has an unsupported
   *     version, is truncated, corrupted or too long, or was saved from another network or with
   *     another optimizer (nothing is changed then)
   * @throws IOException if the file cannot be read
   * @throws UnsupportedOperationException if the optimizer cannot be checkpointed
   */
  public Trainer resume(File checkpoint) throws IOException {
    if (checkpoint == null) {
      throw new IllegalArgumentException("expected a checkpoint file to resume from, found null");
    }
    try (InputStream in = new FileInputStream(checkpoint)) {
      return resume(in, "checkpoint " + checkpoint.getName());
    }
  }

  /** {@link #resume(File)} for a {@link java.nio.file.Path} (desktop Java, Android 8+). */
  @IgnoreJRERequirement
  public Trainer resume(java.nio.file.Path checkpoint) throws IOException {
    if (checkpoint == null) {
      throw new IllegalArgumentException("expected a checkpoint file to resume from, found null");
    }
    return resume(checkpoint.toFile());
  }

  /** {@link #resume(File)} from a stream, read to its end and not closed. */
  public Trainer resume(InputStream checkpoint) throws IOException {
    if (checkpoint == null) {
      throw new IllegalArgumentException("expected a checkpoint stream to resume from, found null");
    }
    return resume(checkpoint, "checkpoint stream");
  }

  private Trainer resume(InputStream in, String where) throws IOException {
    Checkpoint c = new CheckpointReader(network, where).read(in);
    c.applyTo(network, optimizer, where);
    initialEpoch = c.epoch;
    stepsRun = c.steps;
    shuffleSeed = c.shuffleSeed;
    resumed = true;
    return this;
  }

  /** The epochs completed before {@link #fit} starts: a resumed checkpoint's, else 0. */
  public int initialEpoch() {
    return initialEpoch;
  }

  /** The training steps this trainer has run, a resumed run's included. */
  long stepsRun() {
    return stepsRun;
  }

  private void refuseAfterResume(String what) {
    if (resumed) {
      throw new IllegalStateException("expected " + what + " to be chosen before resume, which "
          + "put the checkpoint's state into the trainer; set it first, then call resume");
    }
  }

  /**
   * Trains on {@code data} and returns the per-epoch figures.
   *
   * @throws IllegalArgumentException if {@code data} is null or empty, its examples do not fit
   *     the network's input, or a label is not one of its classes (for a model trained on float
   *     targets: the data holds labels, a number of targets other than the outputs, or a target
   *     that is not finite, or outside [0, 1] for binary cross-entropy): all checked before the
   *     first step, so a refused call changes no weight
   * @throws ArithmeticException if the loss becomes NaN or infinite (the message says when)
   */
  public History fit(Dataset data) {
    if (data == null) {
      throw new IllegalArgumentException("expected a training set, found null");
    }
    checkExampleSize(data);
    Dataset train = data;
    Dataset held = validation;
    if (validation == null && validationSplit > 0) {
      int splitAt = (int) (data.size() * (1 - validationSplit));
      train = data.slice(0, splitAt);
      held = data.slice(splitAt, data.size());
    }
    ExampleShape.checkOutputs(network.modelName(), network.loss(), network.outputSize(), data,
        "training");
    if (train.size() == 0) {
      throw new IllegalArgumentException("expected a training set with examples, found none"
          + (train == data ? "" : " after holding out " + held.size() + " for validation"));
    }
    long seed = shuffleSeed != null ? shuffleSeed : network.seed();
    Batcher batcher = new Batcher(train, batchSize, seed);
    float[] x = new float[batchSize * network.inputSize()];
    int[] y = new int[batchSize];
    float[] t = data.hasTargets() ? new float[batchSize * data.targetSize()] : null;
    History history = new History();
    TrainingStep trainingStep = new TrainingStep(network, optimizer, strictPruning);
    Training training = new Training(network, optimizer, epochs, this, seed,
        batcher.batchesPerEpoch(), batchSize, train.size());
    List<TrainingListener> listeners = this.listeners;
    if (progress) {
      listeners = new java.util.ArrayList<>(this.listeners);
      listeners.add(0, ProgressBar.forConsole());
    }
    WorkerPool previous = WorkerPool.bind(threads == 1 ? null : WorkerPool.shared(threads));
    try {
      for (TrainingListener l : listeners) {
        l.onTrainBegin(training);
      }
      for (int epoch = initialEpoch + 1; epoch <= epochs && !training.stopRequested(); epoch++) {
        for (TrainingListener l : listeners) {
          l.onEpochBegin(epoch);
        }
        History.Epoch e = runEpoch(trainingStep, batcher, epoch, x, y, t, held, listeners);
        history.add(e);
        if (!listeners.isEmpty()) {
          Evaluation v = e.validation();
          Logs logs = new Logs(e.loss(), e.accuracy(), v == null ? Double.NaN : v.loss(),
              v == null ? Double.NaN : v.accuracy(), nextRate(), network);
          for (TrainingListener l : listeners) {
            l.onEpochEnd(epoch, logs);
          }
        }
      }
    } finally {
      WorkerPool.bind(previous);
      trainingStep.finish();
      for (TrainingListener l : listeners) {
        l.onTrainEnd();
      }
    }
    return history;
  }

  /** The rate the optimizer's next step uses, in double precision, for the listeners' logs. */
  private double nextRate() {
    return optimizer.schedule().rateAt(optimizer.iterations());
  }

  private History.Epoch runEpoch(TrainingStep trainingStep, Batcher batcher, int epoch, float[] x,
      int[] y, float[] t, Dataset held, List<TrainingListener> listeners) {
    trainingStep.begin();
    batcher.startEpoch(epoch);
    int steps = batcher.batchesPerEpoch();
    double lossSum = 0;
    long correct = 0;
    long judged = 0; // what correct counts out of: examples, or outputs on targets
    long images = 0;
    long start = System.nanoTime();
    int n;
    for (int step = 1; (n = t == null ? batcher.next(x, y) : batcher.next(x, t)) > 0; step++) {
      float loss = t == null ? trainingStep.run(x, y, n) : trainingStep.run(x, t, n);
      if (!Float.isFinite(loss)) {
        throw new ArithmeticException(String.format(Locale.ROOT, "%s: the loss became %s at "
            + "epoch %d, step %d; expected a finite loss; lower the learning rate (now %s) or "
            + "check the inputs for NaN", network.modelName(), loss, epoch, step,
            optimizer.learningRate()));
      }
      correct += trainingStep.correct();
      judged += trainingStep.judged();
      lossSum += loss;
      images += n;
      stepsRun++;
      if (!listeners.isEmpty()) {
        Logs logs = new Logs(lossSum / step, (double) correct / judged, Double.NaN, Double.NaN,
            nextRate(), network);
        for (TrainingListener l : listeners) {
          l.onBatchEnd(stepsRun, logs);
        }
      }
    }
    long nanos = System.nanoTime() - start;
    Evaluation val = held == null ? null : network.evaluate(held);
    return new History.Epoch(epoch, lossSum / steps, (double) correct / judged, images, nanos, val);
  }
}
