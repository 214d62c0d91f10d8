package dev.topiary.spark;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Prints one line on the driver as each grid point's task ends, or fails and is retried. */
final class SweepProgress extends SparkListener {
  private final List<GridPoint> grid;
  private final PrintStream out;
  private final AtomicInteger done = new AtomicInteger();

  SweepProgress(List<GridPoint> grid, PrintStream out) {
    this.grid = grid;
    this.out = out;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    int index = end.taskInfo().index(); // one partition per grid point, in grid order
    if (index < 0 || index >= grid.size()) {
      return;
    }
    GridPoint point = grid.get(index);
    double seconds = end.taskInfo().duration() / 1e3;
    if (end.reason() == Success$.MODULE$) {
      out.printf(Locale.ROOT, "[%d/%d] %s done in %.1f s on executor %s%n",
          done.incrementAndGet(), grid.size(), point, seconds, end.taskInfo().executorId());
    } else {
      out.printf(Locale.ROOT, "%s attempt %d failed after %.1f s (%s); Spark retries it%n", point,
          end.taskInfo().attemptNumber(), seconds, end.reason().toString().split("\n")[0]);
    }
  }
}
