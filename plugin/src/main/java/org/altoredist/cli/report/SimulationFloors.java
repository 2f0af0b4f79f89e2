package org.altoredist.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.altoredist.engine.sim.SimulationResult;

/**
 * The floors of issues 6 and 17, read against one simulation run: each a sentence and whether the
 * run met it. The terminal, the HTML page and the JSON show the same list.
 */
public final class SimulationFloors {

  /** One floor: what it asks, what the run did, met or not. */
  public record Floor(String floor, String measured, boolean met) {}

  /** Requests from the seeder per resource version: one. */
  static final int REQUESTS_PER_RESOURCE_VERSION = 1;
  /**
   * Isolated nodes: a joiner is isolated when none of the 16 endpoints its rendezvous lookup answers
   * takes its dial (behind NAT, gone, or full) within the fallback delay. With a share p of the
   * rendezvous' entries taking a dial, that is about (1 - p)^16 of the joins: p = 0.35 gives one in
   * a thousand; with half the nodes behind NAT, p is about 0.4, three in ten thousand.
   */
  static final int ISOLATED_PER_JOINS = 1000;
  static final double BYTES_RATIO = 1.1;
  static final long WALL_NANOS = 30L * 60 * 1_000_000_000L;
  static final long HEAP_BYTES = 16L << 30;
  private static final double GIB = 1 << 30;
  static final long RANKING_NANOS = 1_000_000;

  private SimulationFloors() {}

  public static List<Floor> of(SimulationResult r) {
    List<Floor> out = new ArrayList<>();
    long seeder = 0;
    long fallback = 0;
    long fallbackNodes = 0;
    long joins = r.joined();
    boolean rounds = true;
    boolean bytes = true;
    StringBuilder roundsSeen = new StringBuilder();
    StringBuilder bytesSeen = new StringBuilder();
    for (SimulationResult.Version v : r.versions()) {
      seeder = Math.max(seeder, v.seederRequests());
      fallback += v.fallbackRequests();
      fallbackNodes += v.fallbackNodes();
      rounds &= v.rounds99() >= 0 && v.rounds99() <= v.roundBound();
      roundsSeen.append(String.format(Locale.ROOT, "%sv%d: %s of %.1f", roundsSeen.length() == 0 ? "" : ", ",
          v.version(), v.rounds99() < 0 ? "never" : String.valueOf(v.rounds99()), v.roundBound()));
      double ratio = v.bytesRatio();
      bytes &= Double.isNaN(ratio) || ratio <= BYTES_RATIO;
      bytesSeen.append(String.format(Locale.ROOT, "%sv%d: %s", bytesSeen.length() == 0 ? "" : ", ", v.version(),
          Double.isNaN(ratio) ? "none from peers" : String.format(Locale.ROOT, "%.3f", ratio)));
    }
    boolean requests = seeder <= 3L * REQUESTS_PER_RESOURCE_VERSION && fallback <= 3 * fallbackNodes
        && fallbackNodes <= joins / ISOLATED_PER_JOINS;
    out.add(new Floor("ALTO-server requests: at most one per resource version (the seeder's refresh), plus at most"
        + " three (the IRD, then its two maps) per isolated node, one that holds nothing and whose peers deliver"
        + " nothing within the fallback delay, and at most one isolated node per " + ISOLATED_PER_JOINS + " joins",
        String.format(Locale.ROOT, "at most %d per version from the seeder; %d from %d isolated nodes, %.3f %% of"
            + " the %d joins", seeder, fallback, fallbackNodes, joins == 0 ? 0 : 100.0 * fallbackNodes / joins, joins),
        requests));
    out.add(new Floor("99 % of the nodes online at a version's publication hold it within 2 log2(N) rounds",
        roundsSeen.toString(), rounds));
    out.add(new Floor("piece bytes received per version at most 1.1 x its size", bytesSeen.toString(), bytes));
    SimulationResult.Costs c = r.costs();
    out.add(new Floor("wall time at most 30 minutes (the issue's floor, at 1,000,000 nodes)",
        String.format(Locale.ROOT, "%.1f min", c.wallNanos() / 60e9), c.wallNanos() <= WALL_NANOS));
    out.add(new Floor("heap at most 16 GiB (the issue's floor, at 1,000,000 nodes)",
        String.format(Locale.ROOT, "%.2f GiB live at its largest, %.2f GiB in use after a collection at most, of %.2f"
            + " GiB the JVM may use", c.liveHeapBytes() / GIB, c.heapAfterCollectionsBytes() / GIB,
            Runtime.getRuntime().maxMemory() / GIB), c.heapAfterCollectionsBytes() <= HEAP_BYTES));
    if (r.ranking() != null) {
      out.add(new Floor("ranking 10,000 candidates within 1 ms (median of a quick timing; see RankerBench)",
          String.format(Locale.ROOT, "%.1f us", r.ranking().medianNanos() / 1000.0),
          r.ranking().medianNanos() <= RANKING_NANOS));
    }
    return out;
  }
}
