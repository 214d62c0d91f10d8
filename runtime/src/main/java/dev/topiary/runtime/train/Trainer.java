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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

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

  /** Passes over the training set. Default 1. */
  public Trainer epochs(int epochs) {
    if (epochs <= 0) {
      throw new IllegalArgumentException("epochs must be positive, found " + epochs);
    }
    this.epochs = epochs;
    return this;
  }

  /** The seed of the per-epoch shuffling; default the network's seed. */
  public Trainer shuffleSeed(long seed) {
    this.shuffleSeed = seed;
    return this;
  }

  /**
   * Whether to show progress on {@code System.out}: a redrawn bar on a terminal, periodic lines
   * otherwise. Default: on only when the JVM has a console, so an app (whose {@code System.out}
   * goes to logcat at best) or a redirected run prints nothing unless asked; an app reads the
   * per-epoch figures from the returned {@link History}.
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
    Batcher batcher = new Batcher(train, batchSize,
        shuffleSeed != null ? shuffleSeed : network.seed());
    float[] x = new float[batchSize * network.inputSize()];
    int[] y = new int[batchSize];
    float[] t = data.hasTargets() ? new float[batchSize * data.targetSize()] : null;
    History history = new History();
    TrainingStep trainingStep = new TrainingStep(network, optimizer, strictPruning);
    Training training = new Training(network, optimizer, epochs);
    WorkerPool previous = WorkerPool.bind(threads == 1 ? null : WorkerPool.shared(threads));
    try {
      for (TrainingListener l : listeners) {
        l.onTrainBegin(training);
      }
      for (int epoch = 1; epoch <= epochs && !training.stopRequested(); epoch++) {
        for (TrainingListener l : listeners) {
          l.onEpochBegin(epoch);
        }
        History.Epoch e = runEpoch(trainingStep, batcher, epoch, x, y, t, held);
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
      int[] y, float[] t, Dataset held) {
    trainingStep.begin();
    batcher.startEpoch(epoch);
    int steps = batcher.batchesPerEpoch();
    Progress bar = progress ? Progress.forConsole(steps, String.format(Locale.ROOT,
        "%s epoch %d/%d", network.modelName(), epoch, epochs)) : null;
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
      if (bar != null) {
        bar.update(step, lossSum / step, (double) correct / judged, images,
            System.nanoTime() - start);
      }
      if (!listeners.isEmpty()) {
        Logs logs = new Logs(lossSum / step, (double) correct / judged, Double.NaN, Double.NaN,
            nextRate(), network);
        for (TrainingListener l : listeners) {
          l.onBatchEnd(stepsRun, logs);
        }
      }
    }
    long nanos = System.nanoTime() - start;
    if (bar != null) {
      bar.finish(steps, lossSum / steps, (double) correct / judged, images, nanos);
    }
    Evaluation val = held == null ? null : network.evaluate(held);
    return new History.Epoch(epoch, lossSum / steps, (double) correct / judged, images, nanos, val);
  }
}
