package org.altoredist.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.altoredist.engine.sim.Fault;
import org.altoredist.engine.sim.Simulation;
import org.altoredist.engine.sim.SimulationConfig;
import org.altoredist.engine.sim.SimulationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulate}: a whole swarm of engines in one JVM, in virtual time, and its figures. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
        "Run N redistribution engines on an in-memory network in virtual time, deterministically from a seed:"
            + " one seeder gets each map version from a simulated, signing ALTO server; everyone else from peers.",
        "Prints ALTO-server requests with and without redistribution, rounds until every node holds each"
            + " version against 2*log2(N), bytes received per version against its size, memory, and the time to"
            + " rank 10,000 candidates; then the issue's floors, met or missed.",
        "Exit codes: 0 every version reached every honest node, 1 some did not, 2 usage error."})
final class SimulateCommand implements Callable<Integer> {

  private static final String ENGINE_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.altoredist.engine";

  @Spec
  CommandSpec spec;

  @Option(names = "--nodes", paramLabel = "N", description = "Honest nodes, the seeder included (default ${DEFAULT-VALUE}).")
  int nodes = 1000;

  @Option(names = "--seed", paramLabel = "S", description = "Everything random derives from it (default ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--degree", paramLabel = "D", description = "Links each node dials toward; it accepts up to 2D (default ${DEFAULT-VALUE}).")
  int degree = 8;

  @Option(names = "--map-size", paramLabel = "BYTES", description = "Network map size (default ${DEFAULT-VALUE}, 1 MiB).")
  int mapSize = 1024 * 1024;

  @Option(names = "--pids", paramLabel = "P", description = "PIDs in the maps, 1-250 (default ${DEFAULT-VALUE}).")
  int pids = 50;

  @Option(names = "--versions", paramLabel = "V", description = "Map versions published one after another (default ${DEFAULT-VALUE}).")
  int versions = 2;

  @Option(names = "--upload", paramLabel = "PIECES", description = "Pieces of 16 KiB each node transmits per round (default ${DEFAULT-VALUE}).")
  int upload = 128;

  @Option(names = "--round-ms", paramLabel = "MS", description = "Virtual length of a round, one message latency (default ${DEFAULT-VALUE}).")
  int roundMs = 100;

  @Option(names = "--churn", paramLabel = "SHARE", description = "Share of the network map's prefixes that move to another PID with each version, e.g. 0.01; 0 (default) makes each version a new map.")
  double churn;

  @Option(names = "--faults", split = ",", paramLabel = "FAULT", description = "Hostile behaviours to include: ${COMPLETION-CANDIDATES}.")
  List<Fault> faults = List.of();

  @Option(names = "--hostile", paramLabel = "K", description = "Hostile nodes per fault (default ${DEFAULT-VALUE}).")
  int hostile = 2;

  @Option(names = "--max-rounds", paramLabel = "R", description = "Give up on a version after this many rounds (default ${DEFAULT-VALUE}).")
  int maxRounds = 400;

  @Option(names = "--timeline", description = "Print, round by round, how many nodes hold the version spreading.")
  boolean timeline;

  @Option(names = "--no-baseline", description = "Skip the run without redistribution (its request count is then not measured).")
  boolean noBaseline;

  @Option(names = "--verbose", description = "Keep the engines' log at INFO (every install of every node); default WARN.")
  boolean verbose;

  @Override
  public Integer call() {
    if (!verbose && System.getProperty(ENGINE_LOG_LEVEL) == null) {
      // Thousands of engines each log every install; the figures are the output here.
      System.setProperty(ENGINE_LOG_LEVEL, "warn");
    }
    PrintWriter out = spec.commandLine().getOut();
    SimulationConfig config;
    try {
      Set<Fault> set = faults.isEmpty() ? Set.of() : EnumSet.copyOf(faults);
      config = new SimulationConfig(nodes, seed, degree, mapSize, pids, versions, upload, Duration.ofMillis(roundMs),
          set, hostile, maxRounds, !noBaseline, churn);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return Main.EXIT_USAGE;
    }
    SimulationResult r = new Simulation(config, timeline ? out::println : line -> { }).run();
    r.print(out);
    floors(out, r);
    return r.converged() ? Main.EXIT_OK : Main.EXIT_REFUSED;
  }

  /** The issue's floors, read against this run. */
  private void floors(PrintWriter out, SimulationResult r) {
    long perVersion = 3L * r.versions().size();
    out.printf("floor: ALTO-server requests <= 1 per resource version (%d): %s%n", perVersion,
        r.serverRequests() <= perVersion ? "met" : "MISSED");
    boolean rounds = r.converged() && r.versions().stream().allMatch(v -> v.roundsToAll() <= r.roundBound());
    out.printf("floor: every node holds each version within 2*log2(N) = %.1f rounds: %s%n", r.roundBound(),
        rounds ? "met" : "MISSED");
    out.printf("floor: bytes received per version <= 1.1 x its size: %s%n", r.payloadRatio() <= 1.1 ? "met" : "MISSED");
    if (r.ranking() != null) {
      out.printf("floor: ranking 10,000 candidates <= 1 ms: %s (median of this quick timing)%n",
          r.ranking().medianNanos() <= 1_000_000 ? "met" : "MISSED");
    }
  }
}
