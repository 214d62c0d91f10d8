package dev.topiary.spark;

import java.io.Serializable;

/** One scoring task's figures: where it ran, how many images, and the time spent predicting. */
public final class TaskTiming implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The executor's id ("driver" in local mode). */
  public final String executor;
  public final long images;
  /** Nanoseconds inside the model's predict calls, one core. */
  public final long predictNanos;

  TaskTiming(String executor, long images, long predictNanos) {
    this.executor = executor;
    this.images = images;
    this.predictNanos = predictNanos;
  }
}
