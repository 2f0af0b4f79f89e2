package org.altoredist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.altoredist.cli.SteeringLayouts;

/**
 * Steering's floors (issue 12), measured the only way they mean anything: the built jar's
 * {@code demo} at the plugin's default settings, run again and again, each run comparing ALTO and
 * vanilla peers of the same swarm side by side. Prints one markdown row per run and, per
 * configuration, the median, p90 and worst of each ratio against its floor.
 *
 * <pre>
 * mvn -B -q package -DskipTests
 * mvn -B -q -pl plugin -Pbench test -Dbench.main=org.altoredist.bench.DemoFloors -Dbench="10 default,few,fifty,transit"
 * </pre>
 *
 * {@code layouts} runs the uneven layouts of the demo's {@code --layout} (one configuration each,
 * named after the layout), with the peer counts SteeringLayoutsIT gives them.
 *
 * The transit configuration needs root (network namespaces and tc) and runs the 50-peer swarm twice
 * per run, every peer vanilla and every peer running the plugin, with each PID's transit at 16 Mbit/s.
 *
 * <p>A third word {@code against=JAR} runs every other configuration with the built jar and that one
 * in turn, run by run, and summarises each jar apart: a change told from the noise of one machine's
 * moment, as ten runs of a few peers need. {@code against=none} runs, in turn with the built jar,
 * the same swarm with no plugin anywhere, its peers in the same places and split into the same two
 * groups ({@link Places}): what each ratio is when the two groups are the same software, so how far a
 * floor sits from the noise of a few peers.
 */
public final class DemoFloors {

  private record Config(String name, List<String> args) {}

  private static final List<Config> CONFIGS = configs();

  private static final String LAYOUTS = "layouts";

  private static List<Config> configs() {
    List<Config> c = new ArrayList<>(List.of(
        new Config("default", List.of()),
        new Config("few", List.of("--peers", "6", "--vanilla", "2")),
        // The same without blocks (connections and peer classes steered): what the blocks cost and buy there.
        new Config("few-unblocked", List.of("--peers", "6", "--vanilla", "2", "--block-above", "NaN")),
        new Config("fifty", List.of("--peers", "40", "--vanilla", "10", "--pids", "4", "--content-size", "64",
            "--map-size", "1024")),
        new Config("transit", List.of("--transit-mbit", "16", "--peers", "40", "--vanilla", "10", "--pids", "4",
            "--content-size", "64", "--map-size", "1024"))));
    // The uneven layouts of SteeringLayoutsIT, at the demo's content size: the tail where a wall
    // would starve someone, measured rather than only seen to complete. "layouts" runs them all.
    for (SteeringLayouts l : SteeringLayouts.values()) {
      if (l.uneven()) {
        c.add(new Config(l.flag, l.demoArgs()));
      }
    }
    return c;
  }

  /** The demo's {@code --peers} when a configuration does not say. */
  private static final int DEFAULT_PEERS = 12;

  private DemoFloors() {}

  /**
   * One side of a comparison: a jar, and what its demo runs are told beyond the configuration.
   * The control arm runs the same swarm with no plugin anywhere, its peers in the same places.
   */
  private record Arm(String label, Path jar, List<String> extra) {}

  public static void main(String[] args) throws Exception {
    String[] words = args.length == 0 ? new String[0] : args[0].trim().split("\\s+");
    int runs = words.length > 0 && !words[0].isEmpty() ? Integer.parseInt(words[0]) : 10;
    List<String> which = words.length > 1 ? List.of(words[1].split(",")) : List.of("default", "few", "fifty");
    Path jar = Files.isRegularFile(Path.of("target/altoredist.jar")) ? Path.of("target/altoredist.jar")
        : Path.of("plugin/target/altoredist.jar");
    List<Arm> arms = new ArrayList<>(List.of(new Arm(jar.getFileName().toString(), jar, List.of())));
    if (words.length > 2 && words[2].equals("against=none")) {
      arms.add(new Arm("control (no plugin)", jar, List.of("--plugins", "NONE")));
    } else if (words.length > 2 && words[2].startsWith("against=")) {
      Path other = Path.of(words[2].substring("against=".length()));
      arms.add(new Arm(other.getFileName().toString(), other, List.of()));
    }
    for (Config c : CONFIGS) {
      if (which.contains(c.name()) || which.contains(LAYOUTS) && c.args().contains("--layout")) {
        if (c.name().equals("transit")) {
          transit(jar, c, runs);
        } else {
          plain(arms, c, runs);
        }
      }
    }
  }

  private static void plain(List<Arm> arms, Config c, int runs) throws Exception {
    System.out.printf(Locale.ROOT, "%n### `demo %s` (%d runs%s)%n%n", String.join(" ", c.args()), runs,
        arms.size() > 1 ? " of each arm, in turn" : "");
    System.out.println("| run | arm | all completed | ALTO median / vanilla | ratio | ALTO slowest / vanilla | ratio "
        + "| slowest ALTO peer | ALTO p90 | inter-PID ALTO / vanilla | ratio | load |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    Places[][] seen = new Places[arms.size()][runs];
    int places = altoPlaces(c.args());
    for (int i = 0; i < runs; i++) {
      for (int j = 0; j < arms.size(); j++) {
        double load = load();
        List<String> args = new ArrayList<>(c.args());
        args.addAll(arms.get(j).extra());
        Places r = seen[j][i] = Places.of(demo(arms.get(j).jar(), args), places);
        System.out.printf(Locale.ROOT, "| %d | %s | %s | %.2f / %.2f s | %.3f | %.2f / %.2f s | %.3f | %s | %.2f s "
            + "| %.0f %% / %.0f %% | %.2f | %.1f |%n",
            i + 1, arms.get(j).label(), r.allCompleted() ? "yes" : "**no**", r.alto().median(), r.vanilla().median(),
            r.alto().median() / r.vanilla().median(), r.alto().slowest(), r.vanilla().slowest(),
            r.alto().slowest() / r.vanilla().slowest(), r.slowestAlto(), r.alto().p90(), 100 * r.altoCrossing(),
            100 * r.vanillaCrossing(), r.altoCrossing() / r.vanillaCrossing(), load);
      }
    }
    for (int j = 0; j < arms.size(); j++) {
      System.out.printf(Locale.ROOT, "%n%s: every peer completed in %d of %d runs.%n%n", arms.get(j).label(),
          Arrays.stream(seen[j]).filter(Places::allCompleted).count(), runs);
      System.out.println("| ratio | floor | median | p90 | worst | runs within the floor |");
      System.out.println("|---|---|---|---|---|---|");
      summary("ALTO median / vanilla median", 1.03, each(seen[j], r -> r.alto().median() / r.vanilla().median()));
      summary("slowest ALTO / slowest vanilla", 1.10, each(seen[j], r -> r.alto().slowest() / r.vanilla().slowest()));
      summary("inter-PID bytes ALTO / vanilla", 0.5, each(seen[j], r -> r.altoCrossing() / r.vanillaCrossing()));
    }
    if (arms.size() > 1) {
      System.out.printf(Locale.ROOT, "%nThe ALTO places, %s ÷ %s, run by run:%n%n", arms.get(0).label(),
          arms.get(1).label());
      System.out.println("| ratio | median | p90 | worst | runs at or under 1 |");
      System.out.println("|---|---|---|---|---|");
      compared("their median completion", paired(seen, r -> r.alto().median()));
      compared("their slowest", paired(seen, r -> r.alto().slowest()));
      compared("their bytes' share crossing PIDs", paired(seen, Places::altoCrossing));
    }
  }

  private static double[] each(Places[] runs, ToDoubleFunction<Places> f) {
    return Arrays.stream(runs).mapToDouble(f).toArray();
  }

  /** {@code f} of the first arm's run over the second arm's run of the same turn. */
  private static double[] paired(Places[][] seen, ToDoubleFunction<Places> f) {
    double[] q = new double[seen[0].length];
    for (int i = 0; i < q.length; i++) {
      q[i] = f.applyAsDouble(seen[0][i]) / f.applyAsDouble(seen[1][i]);
    }
    return q;
  }

  /** The ALTO places a configuration asks for: its {@code --peers}, or the demo's default. */
  private static int altoPlaces(List<String> args) {
    int at = args.indexOf("--peers");
    return at < 0 ? DEFAULT_PEERS : Integer.parseInt(args.get(at + 1));
  }

  private static void transit(Path jar, Config c, int runs) throws Exception {
    System.out.printf(Locale.ROOT, "%n### `demo %s` (%d runs)%n%n", String.join(" ", c.args()), runs);
    System.out.println("| run | all completed | median all-ALTO / all-vanilla | ratio | slowest | ratio | bytes crossing PIDs | ratio | load |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    double[] median = new double[runs];
    double[] crossing = new double[runs];
    for (int i = 0; i < runs; i++) {
      double load = load();
      JsonNode t = demo(jar, c.args());
      JsonNode all = t.get("all");
      JsonNode van = t.get("vanillaAll");
      boolean done = all.get("completed").asInt() == all.get("peers").asInt()
          && van.get("completed").asInt() == van.get("peers").asInt();
      median[i] = num(all, "median") / num(van, "median");
      long pb = interBytes(t.get("plugin"));
      long vb = interBytes(t.get("vanilla"));
      crossing[i] = (double) pb / vb;
      System.out.printf(Locale.ROOT, "| %d | %s | %.1f / %.1f s | %.3f | %.1f / %.1f s | %.3f | %d / %d MiB | %.2f | %.1f |%n",
          i + 1, done ? "yes" : "**no**", num(all, "median"), num(van, "median"), median[i], num(all, "slowest"),
          num(van, "slowest"), num(all, "slowest") / num(van, "slowest"), pb >> 20, vb >> 20, crossing[i], load);
    }
    System.out.println();
    System.out.println("| ratio | floor | median | p90 | worst | runs within the floor |");
    System.out.println("|---|---|---|---|---|---|");
    summary("median completion, all ALTO / all vanilla", 0.85, median);
    summary("bytes crossing PIDs, all ALTO / all vanilla", 0.5, crossing);
  }

  /**
   * Runs one demo in a directory of its own, deleted after with its log: a demo run without
   * {@code --out} keeps its log for the user who asked, and a benchmark of dozens of runs must not
   * leave dozens behind.
   */
  private static JsonNode demo(Path jar, List<String> args) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("demo-floors");
    try {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-jar", jar.toString(), "demo", "--json", "--out", dir.resolve("run").toString(), "--report",
          dir.resolve("report.html").toString()));
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().remove("LD_PRELOAD");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return new ObjectMapper().readTree(out);
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** A floor's row: the ratios' median, nearest-rank p90 and worst, and how many runs are within it. */
  private static void summary(String label, double floor, double[] values) {
    System.out.printf(Locale.ROOT, "| %s | ≤ %s | %s |%n", label, floor, spread(values, floor));
  }

  /** A comparison's row: as {@link #summary}, counting the runs at or under 1. */
  private static void compared(String label, double[] values) {
    System.out.printf(Locale.ROOT, "| %s | %s |%n", label, spread(values, 1));
  }

  private static String spread(double[] values, double bound) {
    double[] v = values.clone();
    Arrays.sort(v);
    double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    long within = Arrays.stream(v).filter(x -> x <= bound).count();
    return String.format(Locale.ROOT, "%.3f | %.3f | %.3f | %d of %d", median, v[(int) Math.ceil(0.9 * v.length) - 1],
        v[v.length - 1], within, v.length);
  }

  private static double num(JsonNode n, String field) {
    return n.get(field).isNumber() ? n.get(field).asDouble() : Double.NaN;
  }

  private static long interBytes(JsonNode report) {
    long inter = 0;
    for (String kind : List.of("altoTraffic", "vanillaTraffic")) {
      JsonNode m = report.get(kind);
      for (int i = 0; i < m.size(); i++) {
        for (int j = 0; j < m.size(); j++) {
          inter += i == j ? 0 : m.get(i).get(j).asLong();
        }
      }
    }
    return inter;
  }

  private static double load() throws IOException {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }
}
