package dev.topiary.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/** The Spark session of a command: the master, task retries and the app's name. */
final class SparkSetup {
  private static final Pattern LOCAL_N = Pattern.compile("local\\[(\\d+|\\*)\\]");
  private static final Pattern LOCAL_N_F = Pattern.compile("local\\[(\\d+|\\*),\\s*(\\d+)\\]");

  /** The option's default: spark-submit's master if it set one, else {@code local[2]}. */
  static final String DEFAULT_MASTER = "local[2] unless spark-submit names one";

  private SparkSetup() {}

  /**
   * {@code master} with task retries: a cluster retries a failed task {@code spark.task.maxFailures}
   * times, but local mode ignores that setting and never retries unless the master says so
   * ({@code local[N,F]}), so {@code local[N]} becomes {@code local[N,maxFailures]}. A master that
   * already names its failures, or is empty (spark-submit chose it), is kept.
   */
  static String withRetries(String master, int maxFailures) {
    Matcher m = LOCAL_N.matcher(master.trim());
    if (m.matches()) {
      return "local[" + m.group(1) + "," + maxFailures + "]";
    }
    if (master.trim().equals("local")) {
      return "local[1," + maxFailures + "]";
    }
    return master;
  }

  /**
   * Tasks that can run at once on one executor: the threads of a local master, else
   * {@code spark.executor.cores} (1 if unset, YARN's default), each divided by
   * {@code spark.task.cpus}.
   */
  static int slotsPerExecutor(SparkSession spark) {
    String master = spark.sparkContext().master();
    int taskCpus = Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
    int cores;
    Matcher n = LOCAL_N.matcher(master);
    Matcher nf = LOCAL_N_F.matcher(master);
    String threads = n.matches() ? n.group(1) : nf.matches() ? nf.group(1) : null;
    if (master.equals("local")) {
      cores = 1;
    } else if (threads != null) {
      cores = threads.equals("*") ? Runtime.getRuntime().availableProcessors()
          : Integer.parseInt(threads);
    } else {
      cores = Integer.parseInt(spark.conf().get("spark.executor.cores", "1"));
    }
    return Math.max(1, cores / Math.max(1, taskCpus));
  }

  /**
   * A session for {@code app}. {@code master} empty, or the default, leaves the choice to
   * spark-submit (it sets {@code spark.master}); without spark-submit the default is
   * {@code local[2]}.
   */
  static SparkSession session(String app, String master, int maxFailures, int taskCpus) {
    if (master.equals(DEFAULT_MASTER)) {
      master = System.getProperty("spark.master") != null ? "" : "local[2]";
    }
    SparkSession.Builder b = SparkSession.builder().appName("topiary-" + app)
        .config("spark.task.maxFailures", String.valueOf(maxFailures))
        .config("spark.task.cpus", String.valueOf(taskCpus));
    if (master.startsWith("local")) {
      b.config("spark.ui.enabled", "false"); // a local run needs no web UI on port 4040
    }
    if (!master.isEmpty()) {
      b.master(withRetries(master, maxFailures));
    }
    return b.getOrCreate();
  }
}
