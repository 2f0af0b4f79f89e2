package org.altoredist.engine.sim;

import java.util.Arrays;
import java.util.List;

/**
 * The figures of one simulation run, the same for both models; records of plain values, so that
 * they print as JSON as they are.
 *
 * @param model "full" (the real engines) or "compact" (the model of them)
 * @param setup what ran
 * @param joined nodes that came online during the run
 * @param links average links per node when version 1 came out
 * @param versions per version: propagation, joiners, server load, bytes
 * @param serverRequests ALTO-server requests in all
 * @param baselineRequests what the server would have answered had every node fetched every version it needed
 * @param payloadRatio piece bytes received over the bytes of the versions nodes installed from peers
 * @param wireRatio every wire byte received over the same
 * @param duplicatePieces pieces that arrived again while their download ran (endgame)
 * @param latePieces pieces that arrived after their download ended
 * @param peersDropped links honest nodes dropped and banned (hostile peers, or honest ones that let requests lapse)
 * @param requestTimeouts requests honest nodes gave up on
 * @param offenders what became of each fault's hostile nodes (full model only)
 * @param ranking a quick timing of the seeder's ranking (full model only; null otherwise)
 * @param costs wall time and memory
 * @param series the run over time, for the report's charts
 */
public record SimulationResult(String model, Setup setup, int joined, double links, List<Version> versions, long serverRequests,
    long baselineRequests, double payloadRatio, double wireRatio, long duplicatePieces, long latePieces,
    long peersDropped, long requestTimeouts, List<Offenders> offenders, Ranking ranking, Costs costs, Series series) {

  public SimulationResult {
    versions = List.copyOf(versions);
    offenders = List.copyOf(offenders);
  }

  /**
   * One map version.
   *
   * @param publishedRound the round it came out
   * @param cohort nodes online then
   * @param roundsToSeeder rounds from publication until the seeder held it
   * @param rounds99 rounds until 99 % of the cohort still online held it; -1 if never
   * @param roundsToAll rounds until all of the cohort still online held it; -1 if never
   * @param roundBound 2 × log2(N), the bound, N the run's nodes
   * @param joiners nodes that joined while it was the newest version
   * @param joinersServed of those, the ones that came to hold it
   * @param joinerMedianRounds median rounds from join to holding it, over the served joiners (-1 if none)
   * @param joinerP99Rounds the 99th percentile of the same
   * @param joinerMaxRounds the longest
   * @param serverRequests ALTO-server requests while it was the newest version
   * @param seederRequests of those, the seeder's (its refresh when the version came out)
   * @param fallbackRequests the others: nodes that held nothing and found no peer to deliver it in time
   * @param fallbackNodes how many nodes made them
   * @param baselineRequests three for every cohort member and every joiner: every node asking the server itself
   * @param bytes its three bundles' total size
   * @param pieceBytes piece bytes of its bundles that nodes received from peers
   * @param neededBytes the sizes of its bundles that nodes installed from peers
   * @param networkMapBytes its network map bundle's size
   * @param nodeBytes wire bytes each node but the seeder received while it was the newest version (the
   *     nodes online at some time then): median, 90th percentile and most
   * @param curve the share of the cohort still online that held it, round by round from publication
   */
  public record Version(int version, int publishedRound, int cohort, long roundsToSeeder, long rounds99,
      long roundsToAll, double roundBound, int joiners, int joinersServed, long joinerMedianRounds,
      long joinerP99Rounds, long joinerMaxRounds, long serverRequests, long seederRequests, long fallbackRequests,
      int fallbackNodes, long baselineRequests, long bytes, long pieceBytes, long neededBytes, long networkMapBytes,
      Spread nodeBytes, List<Double> curve) {

    /** Piece bytes received per byte installed from peers; NaN when nothing came from peers. */
    public double bytesRatio() {
      return neededBytes == 0 ? Double.NaN : (double) pieceBytes / neededBytes;
    }
  }

  /** A distribution over the nodes: median, 90th percentile and worst. */
  public record Spread(long median, long p90, long max) {
    /** @param values sorted in place */
    static Spread of(long[] values) {
      Arrays.sort(values);
      int n = values.length;
      return n == 0 ? new Spread(0, 0, 0)
          : new Spread(values[(n - 1) / 2], values[(int) Math.ceil(0.9 * n) - 1], values[n - 1]);
    }
  }

  /** The run's parameters, as plain values. */
  public record Setup(int nodes, long seed, int degree, int mapBytes, int pids, int versions, int uploadPieces,
      long roundMillis, List<Fault> faults, int hostile, long fallbackSeconds, boolean churn,
      double sessionMedianMinutes, double sessionShape, double crowd, double crowdMinutes, double nat,
      double uploadSpread, double versionEveryMinutes, double mapChurn) {

    static Setup of(SimulationConfig c) {
      Realism r = c.realism();
      return new Setup(c.nodes(), c.seed(), c.degree(), c.mapBytes(), c.pids(), c.versions(),
          c.uploadPiecesPerRound(), c.round().toMillis(), List.copyOf(c.faults()), c.hostile(),
          c.fallback().toSeconds(), r.churn(), r.sessionMedian().toSeconds() / 60.0, r.sessionShape(), r.crowd(),
          r.crowdTime().toSeconds() / 60.0, r.nat(), r.uploadSpread(), r.versionEvery().toSeconds() / 60.0,
          c.mapChurn());
    }
  }

  /**
   * What became of one fault's hostile nodes: how many honest nodes they met, how many of those
   * they cheated (lied to, or let down after being asked), and how many cheated nodes still kept
   * a link to them at the end.
   */
  public record Offenders(Fault fault, int nodes, int honestMet, int cheated, int stillLinked) {}

  /** A quick timing of one ranking: median and 99th percentile in nanoseconds. */
  public record Ranking(long medianNanos, long p99Nanos, String selfPid, int candidates) {}

  /**
   * @param wallNanos the run's wall time
   * @param liveHeapBytes the live heap at its largest: read after a full collection while each version
   *     spread and at the end, every online node's state still held
   * @param heapAfterCollectionsBytes the most heap in use after any collection (an upper bound: a young
   *     collection leaves the old generation's garbage)
   * @param peakOnline the most nodes online at once
   * @param events tasks or messages the run processed
   * @param processors processors the JVM saw
   */
  public record Costs(long wallNanos, long liveHeapBytes, long heapAfterCollectionsBytes, int peakOnline, long events,
      int processors) {}

  /**
   * The run over time, in buckets of {@code bucketRounds} rounds: nodes online and holders of the
   * newest version at each bucket's end, ALTO-server requests within it with redistribution and in
   * the baseline.
   */
  public record Series(int bucketRounds, int[] startRound, int[] online, int[] holdersOfNewest, int[] serverRequests,
      int[] baselineRequests) {}

  public boolean converged() {
    return versions.stream().allMatch(v -> v.roundsToAll() >= 0);
  }
}
