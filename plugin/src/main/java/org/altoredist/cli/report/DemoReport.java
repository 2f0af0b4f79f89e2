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
 */
public record DemoReport(String title, long serverRequests, long serverRequestsWithoutRedistribution,
    int mapVersions, List<Peer> peers, List<String> pids, long[][] altoTraffic, long[][] vanillaTraffic) {

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
   */
  public record Peer(String name, String pid, boolean alto, boolean seeder, double mapsHeldSeconds, String mapsSource,
      double completedSeconds) {
    public Peer {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(pid, "pid");
    }
  }

  public DemoReport {
    peers = List.copyOf(peers);
    pids = List.copyOf(pids);
    checkSquare(altoTraffic, pids.size());
    checkSquare(vanillaTraffic, pids.size());
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

  /** Median completion time of the ALTO or the vanilla downloaders, NaN when none completed. */
  public double medianCompletion(boolean alto) {
    double[] t = peers.stream().filter(p -> p.alto() == alto && !p.seeder() && !Double.isNaN(p.completedSeconds()))
        .mapToDouble(Peer::completedSeconds).sorted().toArray();
    if (t.length == 0) {
      return Double.NaN;
    }
    return t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
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
