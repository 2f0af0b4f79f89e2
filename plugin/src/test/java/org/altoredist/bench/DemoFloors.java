package org.altoredist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
 * The transit configuration needs root (network namespaces and tc) and runs the 50-peer swarm twice
 * per run, every peer vanilla and every peer running the plugin, with each PID's transit at 16 Mbit/s.
 *
 * <p>A third word {@code against=JAR} runs every other configuration with the built jar and that one
 * in turn, run by run, and summarises each jar apart: a change told from the noise of one machine's
 * moment, as ten runs of a few peers need.
 */
public final class DemoFloors {

  private record Config(String name, List<String> args) {}

  private static final List<Config> CONFIGS = List.of(
      new Config("default", List.of()),
      new Config("few", List.of("--peers", "6", "--vanilla", "2")),
      new Config("fifty", List.of("--peers", "40", "--vanilla", "10", "--pids", "4", "--content-size", "64",
          "--map-size", "1024")),
      new Config("transit", List.of("--transit-mbit", "16", "--peers", "40", "--vanilla", "10", "--pids", "4",
          "--content-size", "64", "--map-size", "1024")));

  private DemoFloors() {}

  public static void main(String[] args) throws Exception {
    String[] words = args.length == 0 ? new String[0] : args[0].trim().split("\\s+");
    int runs = words.length > 0 && !words[0].isEmpty() ? Integer.parseInt(words[0]) : 10;
    List<String> which = words.length > 1 ? List.of(words[1].split(",")) : List.of("default", "few", "fifty");
    Path jar = Files.isRegularFile(Path.of("target/altoredist.jar")) ? Path.of("target/altoredist.jar")
        : Path.of("plugin/target/altoredist.jar");
    List<Path> jars = new ArrayList<>(List.of(jar));
    if (words.length > 2 && words[2].startsWith("against=")) {
      jars.add(Path.of(words[2].substring("against=".length())));
    }
    for (Config c : CONFIGS) {
      if (which.contains(c.name())) {
        if (c.name().equals("transit")) {
          transit(jar, c, runs);
        } else {
          plain(jars, c, runs);
        }
      }
    }
  }

  private static void plain(List<Path> jars, Config c, int runs) throws Exception {
    System.out.printf(Locale.ROOT, "%n### `demo %s` (%d runs%s)%n%n", String.join(" ", c.args()), runs,
        jars.size() > 1 ? " of each jar, in turn" : "");
    System.out.println("| run | jar | all completed | ALTO median / vanilla | ratio | ALTO slowest / vanilla | ratio "
        + "| slowest ALTO peer | ALTO p90 | inter-PID ALTO / vanilla | ratio | load |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    double[][] median = new double[jars.size()][runs];
    double[][] slowest = new double[jars.size()][runs];
    double[][] inter = new double[jars.size()][runs];
    int[] complete = new int[jars.size()];
    for (int i = 0; i < runs; i++) {
      for (int j = 0; j < jars.size(); j++) {
        double load = load();
        JsonNode r = demo(jars.get(j), c.args());
        JsonNode a = r.get("altoCompletion");
        JsonNode v = r.get("vanillaCompletion");
        boolean all = a.get("completed").asInt() == a.get("peers").asInt()
            && v.get("completed").asInt() == v.get("peers").asInt();
        complete[j] += all ? 1 : 0;
        median[j][i] = num(a, "median") / num(v, "median");
        slowest[j][i] = num(a, "slowest") / num(v, "slowest");
        double ia = share(r.get("altoTraffic"));
        double iv = share(r.get("vanillaTraffic"));
        inter[j][i] = ia / iv;
        System.out.printf(Locale.ROOT, "| %d | %s | %s | %.2f / %.2f s | %.3f | %.2f / %.2f s | %.3f | %s | %.2f s "
            + "| %.0f %% / %.0f %% | %.2f | %.1f |%n",
            i + 1, jars.get(j).getFileName(), all ? "yes" : "**no**", num(a, "median"), num(v, "median"),
            median[j][i], num(a, "slowest"), num(v, "slowest"), slowest[j][i], slowestAlto(r), num(a, "p90"),
            100 * ia, 100 * iv, inter[j][i], load);
      }
    }
    for (int j = 0; j < jars.size(); j++) {
      System.out.printf(Locale.ROOT, "%n%s: every peer completed in %d of %d runs.%n%n", jars.get(j), complete[j],
          runs);
      System.out.println("| ratio | floor | median | p90 | worst |");
      System.out.println("|---|---|---|---|---|");
      summary("ALTO median / vanilla median", "≤ 1.03", median[j]);
      summary("slowest ALTO / slowest vanilla", "≤ 1.10", slowest[j]);
      summary("inter-PID bytes ALTO / vanilla", "≤ 0.5", inter[j]);
    }
  }

  /** The slowest ALTO downloader, with its PID: which peer the tail is tells more than its time. */
  private static String slowestAlto(JsonNode report) {
    String name = "none";
    double worst = -1;
    for (JsonNode p : report.get("peers")) {
      double t = num(p, "completedSeconds");
      if (p.get("alto").asBoolean() && !p.get("seeder").asBoolean() && (Double.isNaN(t) || t > worst)) {
        name = p.get("name").asText().replaceAll("@.*", "") + " (" + p.get("pid").asText() + ")";
        worst = Double.isNaN(t) ? Double.POSITIVE_INFINITY : t;
      }
    }
    return name;
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
    System.out.println("| ratio | floor | median | p90 | worst |");
    System.out.println("|---|---|---|---|---|");
    summary("median completion, all ALTO / all vanilla", "≤ 0.85", median);
    summary("bytes crossing PIDs, all ALTO / all vanilla", "≤ 0.5", crossing);
  }

  private static JsonNode demo(Path jar, List<String> args) throws IOException, InterruptedException {
    Path report = Files.createTempFile("demo-floors", ".html");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "demo", "--json", "--report", report.toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().remove("LD_PRELOAD");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    Files.deleteIfExists(report);
    return new ObjectMapper().readTree(out);
  }

  private static void summary(String label, String floor, double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f |%n", label, floor, median,
        v[(int) Math.ceil(0.9 * v.length) - 1], v[v.length - 1]);
  }

  private static double num(JsonNode n, String field) {
    return n.get(field).isNumber() ? n.get(field).asDouble() : Double.NaN;
  }

  private static double share(JsonNode m) {
    long total = 0;
    long inter = 0;
    for (int i = 0; i < m.size(); i++) {
      for (int j = 0; j < m.size(); j++) {
        total += m.get(i).get(j).asLong();
        inter += i == j ? 0 : m.get(i).get(j).asLong();
      }
    }
    return total == 0 ? Double.NaN : (double) inter / total;
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
