package dev.topiary.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime's package structure, read from its bytecode by the JDK's {@code jdeps}: no cycle
 * between packages, nothing but generated code imports {@code internal}, and every dependency is
 * one that ARCHITECTURE.md allows (the table below is that page's, in code).
 */
class PackageDependenciesTest {
  private static final String ROOT = "dev.topiary.runtime";

  /** Package (relative to the runtime's root, "" for the root) -> what it may depend on. */
  private static final Map<String, Set<String>> ALLOWED = new TreeMap<>(Map.ofEntries(
      Map.entry("kernels", Set.of()),
      Map.entry("sparse", Set.of("", "kernels")),
      Map.entry("data", Set.of()),
      Map.entry("", Set.of("data")),
      Map.entry("io", Set.of("")),
      Map.entry("optim", Set.of("", "kernels")),
      Map.entry("prune", Set.of("")),
      Map.entry("report", Set.of("", "data")),
      Map.entry("train", Set.of("", "data", "kernels", "optim", "prune")),
      Map.entry("inference", Set.of("", "data", "io", "kernels", "sparse")),
      Map.entry("internal", Set.of("", "data", "inference", "io", "kernels", "optim", "prune",
          "report", "sparse"))));

  private static Map<String, Set<String>> graph;

  @BeforeAll
  static void readBytecode() {
    Path classes = Paths.get("target/classes");
    assertTrue(Files.isDirectory(classes), "expected compiled classes in " + classes.toAbsolutePath());
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError(
        "expected the JDK's jdeps tool (run the tests on a JDK, not a JRE)"));
    StringWriter out = new StringWriter();
    int status = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package",
        classes.toString());
    assertEquals(0, status, "jdeps failed:\n" + out);
    graph = parse(out.toString());
  }

  /** Lines like {@code dev.topiary.runtime.train -> dev.topiary.runtime.optim classes}. */
  static Map<String, Set<String>> parse(String jdepsOutput) {
    Pattern edge = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s");
    Map<String, Set<String>> g = new TreeMap<>();
    for (String line : jdepsOutput.split("\\R")) {
      Matcher m = edge.matcher(line);
      if (m.find() && inRuntime(m.group(1))) {
        Set<String> to = g.computeIfAbsent(relative(m.group(1)), k -> new TreeSet<>());
        if (inRuntime(m.group(2)) && !m.group(1).equals(m.group(2))) {
          to.add(relative(m.group(2)));
        }
      }
    }
    return g;
  }

  private static boolean inRuntime(String pkg) {
    return pkg.equals(ROOT) || pkg.startsWith(ROOT + ".");
  }

  private static String relative(String pkg) {
    return pkg.equals(ROOT) ? "" : pkg.substring(ROOT.length() + 1);
  }

  private static String name(String relative) {
    return relative.isEmpty() ? ROOT : ROOT + "." + relative;
  }

  @Test
  void readsTheWholeRuntime() {
    assertEquals(ALLOWED.keySet(), graph.keySet(),
        "expected exactly the packages ARCHITECTURE.md lists; a new package needs its row there"
        + " and in ALLOWED");
    assertTrue(graph.get("train").contains("optim"), "expected train -> optim in " + graph);
  }

  @Test
  void noCycleBetweenPackages() {
    List<String> cycle = findCycle(graph);
    assertTrue(cycle.isEmpty(), "expected no cycle between runtime packages, found "
        + String.join(" -> ", cycle.stream().map(PackageDependenciesTest::name).collect(Collectors.toList())));
  }

  @Test
  void onlyGeneratedCodeImportsInternal() {
    graph.forEach((from, to) -> assertTrue(!to.contains("internal"), name(from)
        + " imports " + name("internal") + ", which only generated code may call"));
  }

  @Test
  void everyDependencyIsAllowed() {
    List<String> wrong = new ArrayList<>();
    graph.forEach((from, to) -> to.stream().filter(t -> !ALLOWED.get(from).contains(t))
        .forEach(t -> wrong.add(name(from) + " -> " + name(t))));
    if (!wrong.isEmpty()) {
      fail("expected only the dependencies ARCHITECTURE.md allows, found " + wrong);
    }
  }

  @Test
  void findsACycleWhenThereIsOne() {
    Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"),
        "d", Set.of("a"));
    assertEquals(4, findCycle(g).size(), "a -> b -> c -> a");
    assertTrue(findCycle(Map.of("a", Set.of("b"), "b", Set.of())).isEmpty());
  }

  @Test
  void parsesJdepsLines() {
    Map<String, Set<String>> g = parse(
        "   dev.topiary.runtime.train        -> dev.topiary.runtime.optim     classes\n"
        + "   dev.topiary.runtime.train        -> java.util                   java.base\n"
        + "   dev.topiary.runtime              -> dev.topiary.runtime.data      classes\n");
    assertEquals(Map.of("train", Set.of("optim"), "", Set.of("data")), g);
  }

  /** A cycle as a path that starts and ends at the same package, or empty. */
  static List<String> findCycle(Map<String, Set<String>> g) {
    Map<String, Integer> state = new TreeMap<>(); // 1 on the path, 2 done
    for (String start : g.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      List<String> cycle = visit(start, g, state, path);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    return List.of();
  }

  private static List<String> visit(String node, Map<String, Set<String>> g,
      Map<String, Integer> state, Deque<String> path) {
    Integer s = state.get(node);
    if (s != null && s == 2) {
      return List.of();
    }
    if (s != null && s == 1) {
      List<String> cycle = new ArrayList<>();
      boolean on = false;
      for (String p : path) {
        on |= p.equals(node);
        if (on) {
          cycle.add(p);
        }
      }
      cycle.add(node);
      return cycle;
    }
    state.put(node, 1);
    path.addLast(node);
    for (String next : g.getOrDefault(node, Set.of())) {
      List<String> cycle = visit(next, g, state, path);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    path.removeLast();
    state.put(node, 2);
    return List.of();
  }
}
