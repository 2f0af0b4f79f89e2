package org.altoredist.engine.sim;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.altoredist.engine.EngineStats;
import org.altoredist.engine.RedistributionEngine;

/** The figures of one simulation run, and how they print. */
public final class SimulationResult {

  /**
   * One map version.
   *
   * @param roundsToSeeder rounds from publication until the seeder held all three resources
   * @param roundsToAll rounds from publication until every honest node held them, or -1 if some never did
   * @param serverRequests ALTO-server requests while this version spread
   * @param bytes the three bundles' total size
   * @param networkMapBytes the network map bundle's size
   * @param nodeBytes wire bytes each non-seeding node received while this version spread: median,
   *     90th percentile and most
   */
  public record Version(int version, long roundsToSeeder, long roundsToAll, long serverRequests, long bytes,
      long networkMapBytes, Spread nodeBytes) {}

  /** A distribution over the nodes: median, 90th percentile and worst. */
  public record Spread(long median, long p90, long max) {
    static Spread of(long[] values) {
      long[] v = values.clone();
      java.util.Arrays.sort(v);
      return v.length == 0 ? new Spread(0, 0, 0)
          : new Spread(v[(v.length - 1) / 2], v[(int) Math.ceil(0.9 * v.length) - 1], v[v.length - 1]);
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

  private final SimulationConfig config;
  private final List<Version> versions;
  private final double links;
  private final long serverRequests;
  private final long baselineRequests;
  private final double payloadRatio;
  private final double wireRatio;
  private final long duplicatePieces;
  private final long latePieces;
  private final long peersDropped;
  private final List<Offenders> offenders;
  private final long heapBytes;
  private final long events;
  private final Ranking ranking;
  private final long wallNanos;

  private SimulationResult(Builder b) {
    this.config = b.config;
    this.versions = List.copyOf(b.versions);
    this.links = b.links;
    this.serverRequests = b.serverRequests;
    this.baselineRequests = b.baselineRequests;
    this.payloadRatio = b.payloadRatio;
    this.wireRatio = b.wireRatio;
    this.duplicatePieces = b.duplicatePieces;
    this.latePieces = b.latePieces;
    this.peersDropped = b.peersDropped;
    this.offenders = List.copyOf(b.offenders);
    this.heapBytes = b.heapBytes;
    this.events = b.events;
    this.ranking = b.ranking;
    this.wallNanos = b.wallNanos;
  }

  public List<Version> versions() {
    return versions;
  }

  /** 2 × log2(N), the round bound of the issue. */
  public double roundBound() {
    return 2 * Math.log(config.nodes()) / Math.log(2);
  }

  public boolean converged() {
    return versions.stream().allMatch(v -> v.roundsToAll() >= 0);
  }

  public long serverRequests() {
    return serverRequests;
  }

  public long baselineRequests() {
    return baselineRequests;
  }

  /** Piece bytes received per non-seeding node, over the bytes of every version it received. */
  public double payloadRatio() {
    return payloadRatio;
  }

  public double wireRatio() {
    return wireRatio;
  }

  public long peersDropped() {
    return peersDropped;
  }

  public List<Offenders> offenders() {
    return offenders;
  }

  public Ranking ranking() {
    return ranking;
  }

  static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  public void print(PrintWriter out) {
    SimulationConfig c = config;
    out.printf("simulation: %d honest nodes (1 seeder), seed %d, degree %d (%.1f links per node on average),"
        + " %d PIDs, faults %s x %d%n", c.nodes(), c.seed(), c.degree(), links, c.pids(),
        c.faults().isEmpty() ? "none" : c.faults(), c.faults().isEmpty() ? 0 : c.hostile());
    out.printf("round: one message latency (%d ms virtual); each node transmits at most %d pieces (%d KiB) per"
        + " round; a request and its answer take 2 rounds%n", c.round().toMillis(), c.uploadPiecesPerRound(),
        c.uploadPiecesPerRound() * 16);
    for (Version v : versions) {
      out.printf("version %d (%d bytes: IRD, network map, cost map): seeder held it after %d rounds; every node"
          + " after %s rounds from publication (bound 2*log2(N) = %.1f); ALTO-server requests %d%n", v.version(),
          v.bytes(), v.roundsToSeeder(), v.roundsToAll() < 0 ? "NEVER (within " + c.maxRounds() + ")"
              : v.roundsToAll() + " (" + (v.roundsToAll() - v.roundsToSeeder()) + " after the seeder)",
          roundBound(), v.serverRequests());
      out.printf("version %d: wire bytes each node received while it spread, over the network map bundle (%d bytes):"
          + " median %.4f, p90 %.4f, worst %.4f%n", v.version(), v.networkMapBytes(),
          (double) v.nodeBytes().median() / v.networkMapBytes(), (double) v.nodeBytes().p90() / v.networkMapBytes(),
          (double) v.nodeBytes().max() / v.networkMapBytes());
    }
    out.printf("ALTO-server requests: %d with redistribution (%d resources x %d versions), %s without%n",
        serverRequests, 3, versions.size(), baselineRequests < 0 ? "not run"
            : baselineRequests + " (measured for one version; x" + versions.size() + " = "
                + baselineRequests * versions.size() + ")");
    out.printf("bytes received per node per version / version size: %.3f (piece bytes), %.3f (all wire bytes);"
        + " pieces that came twice: %d during a download, %d after it completed%n", payloadRatio, wireRatio,
        duplicatePieces, latePieces);
    if (!offenders.isEmpty()) {
      out.printf("offenders: %d peers dropped by honest nodes in all%n", peersDropped);
      for (Offenders r : offenders) {
        out.printf("  %s: %d nodes met %d honest nodes and cheated %d; %d of those still linked to them at the"
            + " end%n", r.fault(), r.nodes(), r.honestMet(), r.cheated(), r.stillLinked());
      }
    }
    out.printf("memory: %.1f MiB heap in use after the run (%.1f KiB per node); %d loop events%n",
        heapBytes / 1048576.0, heapBytes / 1024.0 / c.nodes(), events);
    if (ranking != null) {
      out.printf("ranking %d candidates (seeder in %s): median %.1f us, p99 %.1f us (quick timing; see RankerBench)%n",
          ranking.candidates(), ranking.selfPid(), ranking.medianNanos() / 1000.0, ranking.p99Nanos() / 1000.0);
    }
    out.printf("wall time %.1f s on %d processors%n", wallNanos / 1e9, Runtime.getRuntime().availableProcessors());
  }

  static final class Builder {
    private final SimulationConfig config;
    private final List<Version> versions = new ArrayList<>();
    private double links;
    private long serverRequests;
    private long baselineRequests = -1;
    private double payloadRatio;
    private double wireRatio;
    private long duplicatePieces;
    private long latePieces;
    private long peersDropped;
    private List<Offenders> offenders = List.of();
    private long heapBytes;
    private long events;
    private Ranking ranking;
    private long wallNanos;

    Builder(SimulationConfig config) {
      this.config = config;
    }

    void links(double average) {
      this.links = average;
    }

    void version(int v, long toSeeder, long toAll, long requests, long bytes, long networkMapBytes, Spread nodeBytes) {
      versions.add(new Version(v, toSeeder, toAll, requests, bytes, networkMapBytes, nodeBytes));
    }

    void serverRequests(long n) {
      this.serverRequests = n;
    }

    void baseline(long n) {
      this.baselineRequests = n;
    }

    /** Ratios over the non-seeding honest nodes: what they received against the versions' sizes. */
    void traffic(List<RedistributionEngine> engines, List<SimNode> nodes) {
      long versionBytes = versions.stream().mapToLong(Version::bytes).sum();
      long payload = 0;
      long wire = 0;
      for (RedistributionEngine e : engines) {
        EngineStats s = e.stats();
        payload += s.payloadBytesReceived();
        duplicatePieces += s.duplicatePieces();
        latePieces += s.latePieces();
        peersDropped += s.peersDropped();
      }
      for (SimNode n : nodes) {
        wire += n.bytesReceived();
      }
      double denominator = (double) versionBytes * Math.max(1, engines.size());
      payloadRatio = payload / denominator;
      wireRatio = wire / denominator;
    }

    void offenders(List<Offenders> reports) {
      this.offenders = reports;
    }

    void memory(long heap, long loopEvents) {
      this.heapBytes = heap;
      this.events = loopEvents;
    }

    void ranking(Ranking t) {
      this.ranking = t;
    }

    void wallNanos(long n) {
      this.wallNanos = n;
    }

    SimulationResult build() {
      return new SimulationResult(this);
    }
  }
}
