package dev.topiary.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;

/**
 * Files that every executor can read: a local path in local mode, {@code hdfs://} or
 * {@code s3a://} on a cluster, through Hadoop's file system API as Spark reads its own inputs.
 * Carries the driver's {@code spark.hadoop.*} settings (credentials, endpoints) to the executors,
 * as Spark does for its own jobs.
 */
final class HadoopFiles implements Serializable {
  private static final long serialVersionUID = 1L;

  private final HashMap<String, String> settings = new HashMap<>();

  /** The {@code spark.hadoop.*} settings of {@code conf}, without their prefix. */
  HadoopFiles(SparkConf conf) {
    for (scala.Tuple2<String, String> e : conf.getAll()) {
      if (e._1().startsWith("spark.hadoop.")) {
        settings.put(e._1().substring("spark.hadoop.".length()), e._2());
      }
    }
  }

  private Configuration configuration() {
    Configuration c = new Configuration();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      c.set(e.getKey(), e.getValue());
    }
    return c;
  }

  /** {@code path} as Hadoop's path (any scheme Hadoop knows, or a local path). */
  Path path(String path) {
    return new Path(path);
  }

  /** The file system {@code path} lives on, configured with the driver's settings. */
  FileSystem fileSystem(Path path) throws IOException {
    return path.getFileSystem(configuration());
  }

  /** Whether {@code path} is an existing file. */
  boolean isFile(String path) throws IOException {
    Path p = path(path);
    FileSystem fs = fileSystem(p);
    return fs.exists(p) && fs.getFileStatus(p).isFile();
  }

  /** Opens {@code path}, un-gzipping it if its name ends in {@code .gz}. */
  InputStream open(String path) throws IOException {
    Path p = path(path);
    InputStream in = fileSystem(p).open(p);
    return path.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /** The whole file's bytes. */
  byte[] readAll(String path) throws IOException {
    try (InputStream in = open(path)) {
      return in.readAllBytes();
    }
  }

  /** {@code dir/name}, else {@code dir/name.gz}; an IOException naming both if neither is there. */
  String find(String dir, String name) throws IOException {
    String base = dir.endsWith("/") ? dir + name : dir + "/" + name;
    for (String candidate : new String[] {base, base + ".gz"}) {
      if (isFile(candidate)) {
        return candidate;
      }
    }
    throw new IOException("expected " + name + " (or " + name + ".gz) in " + dir
        + ", found neither");
  }
}
