package org.altoredist.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.altoredist.cli.report.DemoReport;
import org.altoredist.cli.report.HtmlReport;
import org.altoredist.cli.report.TransitReport;

/**
 * {@code demo --transit-mbit N}: the same swarm twice, each time in a fresh {@link TransitLab}
 * (its own network namespace, so both runs see identical links and neither sees the other's
 * sockets), first with every peer vanilla and then with every peer running the plugin: what an ISP
 * compares when it weighs deploying ALTO. Each run is this tool again,
 * started inside the namespace with the same options and {@code --json}; its progress lines are
 * passed on, and its JSON report read back. The comparison is the point: both runs on one machine,
 * minutes apart, under the same shaping.
 */
final class TransitDemo {

  /** Options that belong to this parent run, not to the runs it starts: they are replaced or dropped. */
  private static final Set<String> PARENT_ONLY = Set.of("--transit-mbit", "--json", "--report", "--out");
  private static final Set<String> PARENT_FLAGS = Set.of("--keep", "--verbose");

  private final DemoCommand demo;
  private final Path dir;

  TransitDemo(DemoCommand demo, Path dir) {
    this.demo = demo;
    this.dir = dir;
  }

  int run(PrintWriter w, PrintWriter err) throws Exception {
    PrintWriter progressOut = demo.json ? err : w;
    DemoProgress progress = new DemoProgress(progressOut, false, "");
    progress.status("transit between PIDs shaped to " + demo.transitMbit + " Mbit/s; running the swarm twice");
    DemoReport vanilla = runIn("vanilla", DemoSwarm.Plugins.NONE, progress);
    DemoReport plugin = runIn("plugin", DemoSwarm.Plugins.ALL, progress);
    TransitReport t = TransitReport.of(demo.transitMbit, vanilla, plugin);
    Files.writeString(demo.report, HtmlReport.render(t));
    if (demo.json) {
      w.println(DemoCommand.json().writeValueAsString(t));
    } else {
      w.println();
      w.print(t.render());
    }
    w.flush();
    progressOut.println((demo.json ? "" : "\n") + "report: " + demo.report.toAbsolutePath() + "\nlogs: " + dir);
    progressOut.flush();
    demo.cleanUp(dir);
    boolean complete = t.all().completed() == t.all().peers() && t.vanillaAll().completed() == t.vanillaAll().peers();
    return complete ? Main.EXIT_OK : Main.EXIT_REFUSED;
  }

  private DemoReport runIn(String name, DemoSwarm.Plugins plugins, DemoProgress progress) throws Exception {
    Path runDir = Files.createDirectories(dir.resolve("run-" + name));
    List<String> args = new ArrayList<>(childArgs());
    args.addAll(List.of("--json", "--out", runDir.toString(), "--report", dir.resolve("report-" + name + ".html").toString()));
    args.addAll(List.of("--plugins", plugins.name()));
    String ns = "altoredist-" + ProcessHandle.current().pid() + "-" + name;
    try (TransitLab lab = TransitLab.create(ns, demo.pids, demo.transitMbit)) {
      progress.status(name + " run: in network namespace " + lab.name());
      Process p = new ProcessBuilder(lab.wrap(Relaunch.javaCommand(args))).start();
      CompletableFuture<String> json = CompletableFuture.supplyAsync(() -> read(p));
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          // The run's own closing lines name files of its own; this run's report replaces them.
          if (!line.startsWith("report: ") && !line.startsWith("log: ")) {
            progress.status(name + " run: " + line);
          }
        }
      }
      int code = p.waitFor();
      String out = json.get();
      if (code == Main.EXIT_USAGE || !out.trim().startsWith("{")) {
        throw new IOException("the " + name + " run failed (exit " + code + "); its log is in " + runDir);
      }
      return DemoCommand.json().readValue(out, DemoReport.class);
    }
  }

  /** This run's own arguments, less those {@link #PARENT_ONLY} and {@link #PARENT_FLAGS}. */
  private List<String> childArgs() {
    List<String> original = demo.spec.commandLine().getParseResult().originalArgs();
    List<String> args = new ArrayList<>(List.of("demo"));
    for (int i = 0; i < original.size(); i++) {
      String a = original.get(i);
      String option = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (i == 0 && a.equals("demo")) {
        continue;
      }
      if (PARENT_ONLY.contains(option)) {
        i += a.contains("=") || option.equals("--json") ? 0 : 1;
      } else if (!PARENT_FLAGS.contains(option)) {
        args.add(a);
      }
    }
    return args;
  }

  private static String read(Process p) {
    try {
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
