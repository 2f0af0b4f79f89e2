package org.altoredist.cli.report;

import java.util.List;
import java.util.Objects;

/**
 * What a demo run measured, in the units it reports them: the ALTO server's load with and without
 * redistribution, when each ALTO peer held the verified maps, when each peer completed the
 * content, and the content bytes that crossed from PID to PID for ALTO-steered and vanilla peers.
 *
 * @param title one line saying what ran (peers, PIDs, content size)
 * @param serverRequests requests the ALTO server answered in this run
 * @param serverRequestsWithoutRedistribution what it would have answered had every ALTO peer asked it
 *     for every map version itself
 * @param mapVersions signed map versions published during the run
 * @param peers one row per peer
 * @param pids PID names, indexing both traffic matrices
 * @param altoTraffic content bytes received by ALTO peers, [from PID][to PID]
 * @param vanillaTraffic the same for vanilla peers
 * @param altoCompletion the ALTO downloaders' completion times, tail included
 * @param vanillaCompletion the vanilla downloaders'
 */
public record DemoReport(String title, long serverRequests, long serverRequestsWithoutRedistribution,
    int mapVersions, List<Peer> peers, List<String> pids, long[][] altoTraffic, long[][] vanillaTraffic,
    Tail altoCompletion, Tail vanillaCompletion) {

  /** A report with the completion tails computed from the peers. */
  public static DemoReport of(String title, long serverRequests, long serverRequestsWithoutRedistribution,
      int mapVersions, List<Peer> peers, List<String> pids, long[][] altoTraffic, long[][] vanillaTraffic) {
    return new DemoReport(title, serverRequests, serverRequestsWithoutRedistribution, mapVersions, peers, pids,
        altoTraffic, vanillaTraffic, Tail.of(peers, true), Tail.of(peers, false));
  }

  /**
   * Completion times of one kind of downloader (the seeder left out), the tail beside the middle:
   * a starved peer shows as a slowest time far from the median, or as one not completed.
   *
   * @param peers downloaders of this kind
   * @param completed how many of them completed
   * @param median seconds, NaN when none completed
   * @param p90 the 90th percentile (nearest rank), seconds; NaN when it falls on a peer that did not complete
   * @param slowest the last completion, seconds; NaN when one did not complete
   */
  public record Tail(int peers, int completed, double median, double p90, double slowest) {

    static Tail of(List<Peer> peers, boolean alto) {
      return of(peers.stream().filter(p -> p.alto() == alto).toList());
    }

    /** The tail of every downloader in {@code peers}, whatever its kind. */
    public static Tail of(List<Peer> peers) {
      double[] t = peers.stream().filter(p -> !p.seeder())
          .mapToDouble(p -> Double.isNaN(p.completedSeconds()) ? Double.POSITIVE_INFINITY : p.completedSeconds())
          .sorted().toArray();
      int done = (int) java.util.Arrays.stream(t).filter(Double::isFinite).count();
      if (t.length == 0) {
        return new Tail(0, 0, Double.NaN, Double.NaN, Double.NaN);
      }
      double median = t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
      double p90 = t[(int) Math.ceil(0.9 * t.length) - 1];
      return new Tail(t.length, done, finite(median), finite(p90), finite(t[t.length - 1]));
    }

    private static double finite(double d) {
      return Double.isFinite(d) ? d : Double.NaN;
    }
  }

  /**
   * @param name peer name, e.g. {@code alto-3@127.0.2.1}
   * @param pid the PID its address falls in
   * @param alto whether it runs the plugin
   * @param seeder whether it is the seeder, which held the content from the start (left out of the
   *     completion medians)
   * @param mapsHeldSeconds seconds from the maps' publication until it held them verified; NaN when
   *     it never did (always NaN for vanilla peers)
   * @param mapsSource where its maps came from: "peer", "server" or "seed"; null if none
   * @param completedSeconds seconds from the content's release (the seeder starting to seed) until
   *     it held the whole content; NaN if never
   * @param receivedBytes content bytes it received from peers (0 for the seeder)
   * @param crossedBytes those of them that came from another PID than its own: per peer, because a
   *     peer alone in its PID fetches everything across whatever steers it, and a swarm's share of
   *     crossing bytes means little without knowing whose they are
   */
  public record Peer(String name, String pid, boolean alto, boolean seeder, double mapsHeldSeconds, String mapsSource,
      double completedSeconds, long receivedBytes, long crossedBytes) {
    public Peer {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(pid, "pid");
      if (crossedBytes < 0 || crossedBytes > receivedBytes) {
        throw new IllegalArgumentException("crossed " + crossedBytes + " of " + receivedBytes + " bytes received");
      }
    }
  }

  public DemoReport {
    peers = List.copyOf(peers);
    pids = List.copyOf(pids);
    checkSquare(altoTraffic, pids.size());
    checkSquare(vanillaTraffic, pids.size());
  }

  /** Content bytes every downloader received from another PID than its own. */
  public long interPidBytes() {
    return offDiagonal(altoTraffic) + offDiagonal(vanillaTraffic);
  }

  private static long offDiagonal(long[][] m) {
    long inter = 0;
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m.length; j++) {
        inter += i == j ? 0 : m[i][j];
      }
    }
    return inter;
  }

  /** Share of the content bytes that crossed between different PIDs. */
  public static double interPidShare(long[][] traffic) {
    long total = 0;
    long inter = 0;
    for (int i = 0; i < traffic.length; i++) {
      for (int j = 0; j < traffic.length; j++) {
        total += traffic[i][j];
        if (i != j) {
          inter += traffic[i][j];
        }
      }
    }
    return total == 0 ? Double.NaN : (double) inter / total;
  }

  private static void checkSquare(long[][] m, int n) {
    if (m.length != n) {
      throw new IllegalArgumentException("traffic matrix has " + m.length + " rows for " + n + " PIDs");
    }
    for (long[] row : m) {
      if (row.length != n) {
        throw new IllegalArgumentException("traffic matrix row of " + row.length + " for " + n + " PIDs");
      }
    }
  }
}
