package org.altoredist.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.altoredist.cli.report.SimulationFloors;
import org.altoredist.cli.report.SimulationHtml;
import org.altoredist.cli.report.SimulationText;
import org.altoredist.engine.sim.Fault;
import org.altoredist.engine.sim.Realism;
import org.altoredist.engine.sim.Simulation;
import org.altoredist.engine.sim.SimulationConfig;
import org.altoredist.engine.sim.SimulationResult;
import org.altoredist.engine.sim.compact.CompactSimulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulate}: a whole swarm in one JVM, in virtual time, and its figures against the baseline. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Simulate map redistribution in a swarm, in virtual time.",
        "N nodes on an in-memory network, deterministic from a seed: nodes come"
            + " and go (churn, a flash crowd), half sit behind NAT, uplinks differ; a signing ALTO server publishes"
            + " a new map version every so often and one seeder fetches it; everyone else gets it from peers, or"
            + " from the server when no peer delivers in time.",
        "--model compact (the default) runs a model of the engine's decisions that takes a few KiB per node, up to"
            + " millions of nodes; --model full runs the real engine on every node (about 100 KiB and several ms per"
            + " node). --static runs issue 6's swarm: everyone online from the start, reachable, equal uplinks,"
            + " versions back to back.",
        "Prints per version the ALTO-server requests with and without redistribution, the rounds until 99 %% and"
            + " 100 %% of the nodes online at its publication hold it, the joiners' wait, the bytes received against"
            + " its size and each node's wire bytes against the network map (median, p90, worst); then memory, wall"
            + " time and the floors. Writes charts to an HTML page.",
        "Exit codes: 0 every version reached every node online at its publication (and still online), 1 some did"
            + " not, 2 usage error."})
final class SimulateCommand implements Callable<Integer> {

  private static final String ENGINE_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.altoredist.engine";

  /** Which implementation of the nodes runs. */
  enum Model { compact, full }

  @Spec
  CommandSpec spec;

  @Option(names = "--model", paramLabel = "MODEL", description = "compact or full (default ${DEFAULT-VALUE}).")
  Model model = Model.compact;

  @Option(names = "--nodes", paramLabel = "N", description = "Nodes, the seeder included; with churn, every node that"
      + " joins at some time (default ${DEFAULT-VALUE}).")
  int nodes = 1000;

  @Option(names = "--seed", paramLabel = "S", description = "Everything random derives from it (default ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--static", description = "Issue 6's swarm: no churn, no flash crowd, nobody behind NAT, equal"
      + " uplinks, versions back to back (each realism option given as well still applies).")
  boolean stable;

  @Option(names = "--churn", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Nodes leave after a Weibull-distributed session, and those outside the flash crowd arrive as a"
          + " Poisson process over the run (default: on).")
  boolean churn;

  @Option(names = "--session-median", paramLabel = "MIN", description = "Median session length in minutes (default"
      + " ${DEFAULT-VALUE}: BitTorrent traces, 62-167).")
  double sessionMedian = 100;

  @Option(names = "--session-shape", paramLabel = "K", description = "Weibull shape of session lengths; below 1 is"
      + " heavy-tailed (default ${DEFAULT-VALUE}: traces fit 0.43-0.82).")
  double sessionShape = 0.6;

  @Option(names = "--flash-crowd", paramLabel = "SHARE", description = "Share of the nodes that join in the flash"
      + " crowd after version 1 comes out (default ${DEFAULT-VALUE}).")
  double crowd = 0.9;

  @Option(names = "--crowd-minutes", paramLabel = "MIN", description = "Time constant of the crowd's exponentially"
      + " decaying arrival rate: 63 %% arrive within it, 95 %% within three (default ${DEFAULT-VALUE}).")
  double crowdMinutes = 2;

  @Option(names = "--nat", paramLabel = "SHARE", description = "Share of the nodes behind NAT, accepting no incoming"
      + " connection (default ${DEFAULT-VALUE}).")
  double nat = 0.5;

  @Option(names = "--upload", paramLabel = "PIECES", description = "Median uplink: 16 KiB pieces per round (default"
      + " ${DEFAULT-VALUE}).")
  int upload = 128;

  @Option(names = "--upload-spread", paramLabel = "SIGMA", description = "Sigma of the lognormal uplink capacities"
      + " around the median; 0 gives every node the median (default ${DEFAULT-VALUE}).")
  double uploadSpread = 1.0;

  @Option(names = "--versions", paramLabel = "V", description = "Map versions published (default ${DEFAULT-VALUE}).")
  int versions = 3;

  @Option(names = "--version-every", paramLabel = "MIN", description = "Minutes between versions; 0 publishes the next"
      + " as soon as every online node holds the current one (default ${DEFAULT-VALUE}). The run ends one interval"
      + " after the last.")
  double versionEvery = 10;

  @Option(names = "--fallback", paramLabel = "S", description = "Seconds a node holding nothing waits for peers before"
      + " it asks the ALTO server, stretched by up to half again (default ${DEFAULT-VALUE}, the engine's).")
  long fallback = 30;

  @Option(names = "--degree", paramLabel = "D", description = "Links each node dials toward; it accepts up to 2D"
      + " (default ${DEFAULT-VALUE}).")
  int degree = 8;

  @Option(names = "--map-size", paramLabel = "BYTES", description = "Network map size (default ${DEFAULT-VALUE}, 1 MiB).")
  int mapSize = 1024 * 1024;

  @Option(names = "--pids", paramLabel = "P", description = "PIDs in the maps, 1-250 (default ${DEFAULT-VALUE}).")
  int pids = 50;

  @Option(names = "--round-ms", paramLabel = "MS", description = "Virtual length of a round, one message latency"
      + " (default ${DEFAULT-VALUE}).")
  int roundMs = 100;

  @Option(names = "--map-churn", paramLabel = "SHARE", description = "Share of the network map's prefixes that move"
      + " to another PID with each version, e.g. 0.01, so that holders move by delta bundle (full model); 0 (default)"
      + " makes each version a new map. Not --churn, which is nodes coming and going.")
  double mapChurn;

  @Option(names = "--faults", split = ",", paramLabel = "FAULT", description = "Hostile behaviours to include (full"
      + " model, no churn): ${COMPLETION-CANDIDATES}.")
  List<Fault> faults = List.of();

  @Option(names = "--hostile", paramLabel = "K", description = "Hostile nodes per fault (default ${DEFAULT-VALUE}).")
  int hostile = 2;

  @Option(names = "--max-rounds", paramLabel = "R", description = "Versions back to back: give up on a version after"
      + " this many rounds (default ${DEFAULT-VALUE}).")
  int maxRounds = 400;

  @Option(names = "--timeline", description = "Print, round by round, who is online and how far the newest version is.")
  boolean timeline;

  @Option(names = "--report", paramLabel = "PATH", description = "Where to write the HTML page (default"
      + " ${DEFAULT-VALUE} in the current directory).")
  Path report = Path.of("simulation.html");

  @Option(names = "--json", description = "Print the figures and floors as JSON, and nothing else.")
  boolean json;

  @Option(names = "--verbose", description = "Keep the engines' log at INFO (every install of every node); default WARN.")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    if (!verbose && System.getProperty(ENGINE_LOG_LEVEL) == null) {
      // Thousands of engines each log every install; the figures are the output here.
      System.setProperty(ENGINE_LOG_LEVEL, "warn");
    }
    PrintWriter out = spec.commandLine().getOut();
    SimulationConfig config;
    try {
      config = config();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return Main.EXIT_USAGE;
    }
    Consumer<String> progress = timeline && !json ? out::println : status(config);
    SimulationResult r = model == Model.full ? new Simulation(config, progress).run()
        : new CompactSimulation(config, progress).run();
    List<SimulationFloors.Floor> floors = SimulationFloors.of(r);
    Path page = report.toAbsolutePath();
    Files.writeString(page, SimulationHtml.render(r, floors));
    if (json) {
      ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      out.println(m.writeValueAsString(new Output(r, floors, page.toString())));
    } else {
      out.print(SimulationText.render(r, floors));
      out.println("report: " + page);
    }
    out.flush();
    return r.converged() ? Main.EXIT_OK : Main.EXIT_REFUSED;
  }

  /**
   * A line on stderr every minute of virtual time, with the wall time so far: a million nodes take
   * minutes, and the figures come only at the end.
   */
  private Consumer<String> status(SimulationConfig config) {
    PrintWriter err = spec.commandLine().getErr();
    long every = Math.max(1, Duration.ofMinutes(1).toNanos() / config.round().toNanos());
    long start = System.nanoTime();
    long[] rounds = {0};
    return line -> {
      if (++rounds[0] % every == 0) {
        err.printf("[%.0f s] minute %d: %s%n", (System.nanoTime() - start) / 1e9, rounds[0] / every,
            line.substring(line.indexOf(':') + 2));
        err.flush();
      }
    };
  }

  /** What {@code --json} prints. */
  record Output(SimulationResult result, List<SimulationFloors.Floor> floors, String report) {}

  private SimulationConfig config() {
    Realism r = new Realism(stable && !matched("--churn") ? false : churn, minutes(sessionMedian), sessionShape,
        stable && !matched("--flash-crowd") ? 0 : crowd, minutes(crowdMinutes), stable && !matched("--nat") ? 0 : nat,
        stable && !matched("--upload-spread") ? 0 : uploadSpread,
        stable && !matched("--version-every") ? Duration.ZERO : minutes(versionEvery));
    if (model == Model.compact && !faults.isEmpty()) {
      throw new IllegalArgumentException("hostile nodes are played by the full model only: add --model full");
    }
    if (model == Model.compact && mapChurn > 0) {
      throw new IllegalArgumentException("delta bundles (--map-churn above 0) are run by the full model only: add"
          + " --model full");
    }
    Set<Fault> set = faults.isEmpty() ? Set.of() : EnumSet.copyOf(faults);
    int v = stable && !matched("--versions") ? 2 : versions;
    return new SimulationConfig(nodes, seed, degree, mapSize, pids, v, upload, Duration.ofMillis(roundMs), set,
        hostile, maxRounds, Duration.ofSeconds(fallback), r, mapChurn);
  }

  private boolean matched(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  private static Duration minutes(double m) {
    if (!(m >= 0) || m > 1e6) {
      throw new IllegalArgumentException("minutes outside 0..1000000: " + m);
    }
    return Duration.ofNanos(Math.round(m * 60e9));
  }
}
