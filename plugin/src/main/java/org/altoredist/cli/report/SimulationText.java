package org.altoredist.cli.report;

import java.util.List;
import java.util.Locale;
import org.altoredist.engine.sim.SimulationResult;

/** A simulation run for the terminal: what ran, one line per version, the totals, the floors. */
public final class SimulationText {

  private SimulationText() {}

  /** One sentence saying what ran; the HTML page's subtitle too. */
  public static String setup(SimulationResult r) {
    SimulationResult.Setup s = r.setup();
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s model: %,d nodes (%,d came online, at most"
        + " %,d at once), seed %d; ", r.model(), s.nodes(), r.joined(), r.costs().peakOnline(), s.seed()));
    if (s.churn()) {
      sb.append(String.format(Locale.ROOT, "churn (sessions Weibull, median %.0f min, shape %.2f); ",
          s.sessionMedianMinutes(), s.sessionShape()));
    }
    if (s.crowd() > 0) {
      sb.append(String.format(Locale.ROOT, "flash crowd of %.0f %% (time constant %.1f min); ", 100 * s.crowd(),
          s.crowdMinutes()));
    }
    sb.append(String.format(Locale.ROOT, "%.0f %% behind NAT; uplinks %s %d pieces (%d KiB) per round; ",
        100 * s.nat(), s.uploadSpread() > 0 ? String.format(Locale.ROOT, "lognormal (sigma %.2f) around",
            s.uploadSpread()) : "all", s.uploadPieces(), s.uploadPieces() * 16));
    sb.append(s.versionEveryMinutes() > 0 ? String.format(Locale.ROOT, "a version every %.1f min", s.versionEveryMinutes())
        : "versions back to back");
    sb.append(String.format(Locale.ROOT, "; degree %d; %d-byte network map over %d PIDs; rounds of %d ms; server"
        + " fallback after %d s", s.degree(), s.mapBytes(), s.pids(), s.roundMillis(), s.fallbackSeconds()));
    if (s.mapChurn() > 0) {
      sb.append(String.format(Locale.ROOT, "; %.2f %% of the map's prefixes move per version", 100 * s.mapChurn()));
    }
    if (!s.faults().isEmpty()) {
      sb.append(String.format(Locale.ROOT, "; faults %s x %d", s.faults(), s.hostile()));
    }
    return sb.toString();
  }

  /** A version's wire bytes per node over its network map bundle: median / p90 / worst. */
  static String perNode(SimulationResult.Version v) {
    SimulationResult.Spread b = v.nodeBytes();
    double size = Math.max(1, v.networkMapBytes());
    return String.format(Locale.ROOT, "%.4f / %.4f / %.4f", b.median() / size, b.p90() / size, b.max() / size);
  }

  public static String render(SimulationResult r, List<SimulationFloors.Floor> floors) {
    StringBuilder sb = new StringBuilder(setup(r)).append('\n');
    sb.append(String.format(Locale.ROOT, "%.1f links per node when version 1 came out%n", r.links()));
    sb.append("\nversion  out at  cohort     rounds to 99%/100% (bound)  joiners    join to held, rounds"
        + "   server requests (+ isolated)  baseline    bytes/size\n");
    for (SimulationResult.Version v : r.versions()) {
      sb.append(String.format(Locale.ROOT, "%-8d %-7s %-10d %-27s %-10d %-22s %-29s %-11d %s%n", v.version(),
          clock(v.publishedRound(), r.setup().roundMillis()), v.cohort(),
          rounds(v.rounds99()) + " / " + rounds(v.roundsToAll()) + String.format(Locale.ROOT, " (%.1f)", v.roundBound()),
          v.joiners(), v.joinersServed() == 0 ? "-" : v.joinerMedianRounds() + " / " + v.joinerP99Rounds() + " / "
              + v.joinerMaxRounds() + " (med/p99/max)",
          v.seederRequests() + " + " + v.fallbackRequests() + " (" + v.fallbackNodes() + " nodes)",
          v.baselineRequests(), Double.isNaN(v.bytesRatio()) ? "-" : String.format(Locale.ROOT, "%.3f", v.bytesRatio())));
    }
    sb.append("\nwire bytes each node but the seeder received while a version was the newest, over its network map"
        + " bundle:\n");
    for (SimulationResult.Version v : r.versions()) {
      sb.append(String.format(Locale.ROOT, "  version %d (%,d bytes): %s (median / p90 / worst)%n", v.version(),
          v.networkMapBytes(), perNode(v)));
    }
    sb.append(String.format(Locale.ROOT, "%nALTO-server requests: %,d with redistribution, %,d without (every node"
        + " fetching each version it needed itself: %.0fx as many)%n", r.serverRequests(), r.baselineRequests(),
        r.serverRequests() == 0 ? 0 : (double) r.baselineRequests() / r.serverRequests()));
    sb.append(String.format(Locale.ROOT, "bytes received per version installed from peers / its size: %.3f (piece"
        + " bytes), %.3f (all wire bytes); pieces twice: %d during a download, %d after it; requests given up: %d;"
        + " links dropped: %d%n", r.payloadRatio(), r.wireRatio(), r.duplicatePieces(), r.latePieces(),
        r.requestTimeouts(), r.peersDropped()));
    for (SimulationResult.Offenders o : r.offenders()) {
      sb.append(String.format(Locale.ROOT, "  %s: %d nodes met %d honest nodes and cheated %d; %d of those still"
          + " linked to them at the end%n", o.fault(), o.nodes(), o.honestMet(), o.cheated(), o.stillLinked()));
    }
    SimulationResult.Costs c = r.costs();
    sb.append(String.format(Locale.ROOT, "cost: %.1f s wall on %d processors; live heap %.1f MiB at its largest (%.2f"
        + " KiB per node online at most), %.1f MiB in use after a collection at most; %,d events%n",
        c.wallNanos() / 1e9, c.processors(), c.liveHeapBytes() / 1048576.0,
        c.liveHeapBytes() / 1024.0 / Math.max(1, c.peakOnline()), c.heapAfterCollectionsBytes() / 1048576.0,
        c.events()));
    if (r.ranking() != null) {
      sb.append(String.format(Locale.ROOT, "ranking %d candidates (seeder in %s): median %.1f us, p99 %.1f us%n",
          r.ranking().candidates(), r.ranking().selfPid(), r.ranking().medianNanos() / 1000.0,
          r.ranking().p99Nanos() / 1000.0));
    }
    sb.append('\n');
    for (SimulationFloors.Floor f : floors) {
      sb.append("floor: ").append(f.floor()).append(": ").append(f.met() ? "met" : "MISSED").append(" (")
          .append(f.measured()).append(")\n");
    }
    return sb.toString();
  }

  static String rounds(long r) {
    return r < 0 ? "never" : String.valueOf(r);
  }

  /** A round as minutes:seconds of virtual time. */
  static String clock(long round, long roundMillis) {
    long s = round * roundMillis / 1000;
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
