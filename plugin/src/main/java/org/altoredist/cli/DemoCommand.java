package org.altoredist.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.altoredist.binding.Libtorrent4jNative;
import org.altoredist.cli.report.DemoReport;
import org.altoredist.cli.report.HtmlReport;
import org.altoredist.cli.report.TextReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: the whole system in one command, on embedded defaults, with a report. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Run a demo swarm on loopback and report what ALTO steering did.",
        "The swarm, on this machine's loopback: a signing ALTO server with a demo PKI, a seeder that fetches the"
            + " signed maps once, ALTO-enabled libtorrent peers"
            + " that get them from each other (DHT rendezvous) and prefer nearby peers, and vanilla libtorrent peers"
            + " for comparison, all with the same upload limit.",
        "Ends with a report here and as an HTML page with charts. Logs go to demo.log in the run directory; the"
            + " content is deleted at exit unless --keep.",
        "Exit codes: 0 every peer completed, 1 not in time, 2 usage."})
final class DemoCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--peers", defaultValue = "12", description = "ALTO-enabled peers (default ${DEFAULT-VALUE}).")
  int peers;

  @Option(names = "--vanilla", defaultValue = "4", description = "Vanilla libtorrent peers (default ${DEFAULT-VALUE}).")
  int vanilla;

  @Option(names = "--pids", defaultValue = "4", description = "PIDs of the loopback ISP (default ${DEFAULT-VALUE}).")
  int pids;

  @Option(names = "--layout", defaultValue = "round-robin", paramLabel = "NAME",
      description = "How peers fall into PIDs: round-robin (default), seeder-alone, alto-alone, vanilla-pid, crowded,"
          + " pairs, alto-pid or seeder-leaves.")
  String layout;

  @Option(names = "--content-size", defaultValue = "16", paramLabel = "MiB",
      description = "Content size in MiB (default ${DEFAULT-VALUE}).")
  int contentMiB;

  @Option(names = "--upload-limit", defaultValue = "4", paramLabel = "MiB/s",
      description = "Every peer's upload limit, MiB/s (default ${DEFAULT-VALUE}).")
  int uploadMiB;

  @Option(names = "--map-size", defaultValue = "0", paramLabel = "KiB",
      description = "Grow the network map to about this size, as an ISP's would be (default: a few hundred bytes).")
  int mapKiB;

  @Option(names = "--block-above", paramLabel = "COST",
      description = "ALTO peers block peers costlier than this, except a share of them (--remote-share) and"
          + " whatever a starving download needs (default, the plugin's: every PID costlier than their own;"
          + " NaN: block none, steer connections and peer classes only).")
  Double blockAbove;

  @Option(names = "--exempt-local", description = "ALTO peers exempt their own PID from the upload limit (the"
      + " plugin's default, as libtorrent exempts LAN peers). Off here, so that every peer has the same limit on all"
      + " its traffic; same-PID peers are then unchoked regardless of slots and weigh double within it.")
  boolean exemptLocal;

  @Option(names = "--remote-share", defaultValue = "0.1", paramLabel = "FRACTION",
      description = "Share of connections ALTO peers choose regardless of cost (default ${DEFAULT-VALUE}).")
  double remoteShare;

  @Option(names = "--transit-mbit", paramLabel = "MBIT",
      description = "Make transit scarce: run the swarm twice in network namespaces whose loopback limits each PID's"
          + " traffic to other PIDs to this many Mbit/s, first with every peer vanilla, then with every peer running"
          + " the plugin, and report both side by side. Needs root and tc (iproute2).")
  Integer transitMbit;

  @Option(names = "--plugins", hidden = true, defaultValue = "AS_PLACED",
      description = "Which peers run the plugin: AS_PLACED, NONE (the seeder neither) or ALL (a transit comparison's runs).")
  DemoSwarm.Plugins plugins;

  @Option(names = "--timeout", defaultValue = "PT10M", description = "Give up after this long (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to run (default: a new temporary directory).")
  Path out;

  @Option(names = "--report", paramLabel = "PATH", defaultValue = "report.html",
      description = "Where to write the HTML report (default: ${DEFAULT-VALUE} in the current directory).")
  Path report;

  @Option(names = "--keep", description = "Keep the content, the peers' downloads and state after the run.")
  boolean keep;

  @Option(names = "--json", description = "Print the report as one JSON document on stdout, and nothing else there.")
  boolean json;

  @Option(names = "--verbose", description = "Show the log on stderr as well as in demo.log.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String refused = refuse();
    if (refused != null) {
      err.println(refused);
      return Main.EXIT_USAGE;
    }
    Path dir = out != null ? Files.createDirectories(out) : Files.createTempDirectory("altoredist-demo");
    if (transitMbit != null) {
      return new TransitDemo(this, dir).run(w, err);
    }
    Libtorrent4jNative.ensureLoadable();
    DemoReport r;
    try (DemoLog log = DemoLog.to(dir.resolve("demo.log"), verbose)) {
      PrintWriter progressOut = json ? new PrintWriter(log.console(), true) : w;
      DemoProgress progress = new DemoProgress(progressOut, !json && System.console() != null, "");
      r = new DemoSwarm(config(plugins), progress).run(dir);
      Files.writeString(report, HtmlReport.render(r));
      if (json) {
        w.println(json().writeValueAsString(r));
      } else {
        w.println();
        w.print(TextReport.render(r));
      }
      w.flush();
      PrintWriter where = json ? progressOut : w;
      where.println((json ? "" : "\n") + "report: " + report.toAbsolutePath() + "\nlog: " + log.path());
      where.flush();
    } finally {
      cleanUp(dir);
    }
    boolean complete = r.peers().stream().allMatch(p -> p.seeder() || !Double.isNaN(p.completedSeconds()));
    return complete ? Main.EXIT_OK : Main.EXIT_REFUSED;
  }

  /** What one swarm run needs of these options. */
  DemoSwarm.Config config(DemoSwarm.Plugins which) {
    return new DemoSwarm.Config(peers, vanilla, pids, contentMiB, uploadMiB, mapKiB, blockAbove, exemptLocal, remoteShare,
        timeout, DemoLayout.of(layout), which);
  }

  static ObjectMapper json() {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  private String refuse() {
    if (peers < 1 || vanilla < 0 || contentMiB < 1 || uploadMiB < 1 || !(remoteShare >= 0 && remoteShare <= 1)) {
      return "--peers, --content-size and --upload-limit must be at least 1, --vanilla at least 0,"
          + " --remote-share within [0, 1]";
    }
    if (pids < 1 || pids > 250) {
      return "--pids must be 1 to 250";
    }
    if (!DemoLayout.names().contains(layout)) {
      return "--layout must be one of " + DemoLayout.names();
    }
    String why = DemoLayout.of(layout).refuse(peers, vanilla, pids);
    if (why != null) {
      return why;
    }
    if (transitMbit != null) {
      return transitMbit < 1 ? "--transit-mbit must be at least 1" : TransitLab.refusal();
    }
    return null;
  }

  /** Deletes what the run wrote but its log, unless --keep: the content alone is megabytes to gigabytes. */
  void cleanUp(Path dir) throws IOException {
    if (keep) {
      return;
    }
    try (var entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        String name = p.getFileName().toString();
        if (!name.endsWith(".log") && !name.endsWith(".html") && !name.startsWith("run-")) {
          deleteTree(p);
        }
      }
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (var entries = Files.list(p)) {
        for (Path e : entries.toList()) {
          deleteTree(e);
        }
      }
    }
    Files.deleteIfExists(p);
  }
}
