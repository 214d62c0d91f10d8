package dev.topiary.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ONNX Runtime's figures on the dense seed CNN, as the benchmarks module measured them
 * ({@code OrtFigures} writes {@code ort.json} beside the exports it ran): drawn in the report's
 * charts as the peer to beat. Peers live in benchmarks/; this only reads their result.
 */
@DesktopOnly
final class PeerFigures {
  /** The file {@code OrtFigures} writes into the report directory. */
  static final String FILE = "ort.json";

  final String system;
  final double batch1Micros;
  final double batch256PerSec;

  private PeerFigures(String system, double batch1Micros, double batch256PerSec) {
    this.system = system;
    this.batch1Micros = batch1Micros;
    this.batch256PerSec = batch256PerSec;
  }

  /**
   * ONNX Runtime's dense figures from {@code dir/ort.json}, or null when there is no such file or
   * it holds no positive figures for {@code ort-original} (a damaged file is ignored, with a
   * note on standard error, since the report does not depend on it).
   */
  static PeerFigures read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      String json = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      Matcher system = Pattern.compile("\"system\":\\s*\"(ONNX Runtime [^\"/]*)").matcher(json);
      Matcher m = Pattern.compile("\"ort-original\":\\s*\\{\\s*\"batch1_us\":\\s*([0-9.eE+-]+),"
          + "\\s*\"batch256_img_s\":\\s*([0-9.eE+-]+)").matcher(json);
      if (m.find()) {
        double p50 = Double.parseDouble(m.group(1));
        double rate = Double.parseDouble(m.group(2));
        if (p50 > 0 && rate > 0 && Double.isFinite(p50) && Double.isFinite(rate)) {
          return new PeerFigures(system.find() ? system.group(1).trim() : "ONNX Runtime", p50,
              rate);
        }
      }
      System.err.println("note: " + file + " holds no ONNX Runtime figures for ort-original;"
          + " the charts leave the peer out");
    } catch (IOException | NumberFormatException e) {
      System.err.println("note: cannot read " + file + " (" + e.getMessage()
          + "); the charts leave the peer out");
    }
    return null;
  }
}
