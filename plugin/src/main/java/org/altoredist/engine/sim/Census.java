package org.altoredist.engine.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What happened in a run, counted the same way whichever model ran it: who held which version when,
 * who asked the ALTO server, which piece bytes arrived. The run reports to it; it turns that into the
 * per-version figures and the series over time.
 *
 * <p>A node <i>holds</i> version v when it holds all three resources (IRD, network map, cost map) at
 * sequence v or newer. The <i>cohort</i> of v is the nodes online when v was published; its
 * propagation is the share of the cohort still online that holds v, round by round. A node that
 * joins while v is the newest version is one of v's <i>joiners</i>; its time is the rounds from its
 * join until it holds v. The baseline is what the server would answer if every node fetched every
 * version it needs itself: three requests for each cohort member and for each joiner (a lower bound:
 * clients that poll would ask more often).
 *
 * <p>Each version's per-node bytes are the wire bytes every node but the seeder received while it was
 * the newest version, over the nodes online at some time then: their tail, not only their average,
 * is what a per-node floor is read against.
 */
public final class Census {

  /** The root IRD, the network map and the cost map. */
  public static final int RESOURCES = 3;
  /** A propagation curve stops when the cohort is complete, or after this many rounds. */
  static final int MAX_CURVE = 2000;

  private final int nodes;
  private final int[] held;
  private final int[] holds;
  private final boolean[] online;
  private final int[] joinRound;
  private final int[] askedDuring;
  /** Wire bytes each node received since the newest version came out. */
  private final long[] windowBytes;
  /** Whether each node was online at some time since the newest version came out. */
  private final boolean[] inWindow;
  private final List<VersionTally> versions = new ArrayList<>();
  private final Series series = new Series();
  private int onlineCount;
  private int peakOnline;
  private int joinedCount;
  private int holdersOfNewest;
  private int round;
  private int requestsThisRound;
  private int baselineThisRound;
  private long wireBytes;

  /** @param nodes the run's N: every node id is below it */
  public Census(int nodes) {
    this.nodes = nodes;
    this.held = new int[nodes * RESOURCES];
    this.holds = new int[nodes];
    this.online = new boolean[nodes];
    this.joinRound = new int[nodes];
    this.askedDuring = new int[nodes];
    this.windowBytes = new long[nodes];
    this.inWindow = new boolean[nodes];
  }

  /** Round {@code r} is about to run: what follows happens in it. */
  void startRound(int r) {
    this.round = r;
  }

  void joined(int node) {
    online[node] = true;
    inWindow[node] = true;
    joinRound[node] = round;
    onlineCount++;
    peakOnline = Math.max(peakOnline, onlineCount);
    joinedCount++;
    VersionTally v = newest();
    if (v != null) {
      v.joiners++;
      baselineThisRound += RESOURCES;
      v.baseline += RESOURCES;
    }
    if (v != null && holds[node] >= v.version) {
      holdersOfNewest++;
    }
  }

  void left(int node) {
    online[node] = false;
    onlineCount--;
    for (VersionTally v : versions) {
      if (joinRound[node] <= v.publishedRound) {
        v.cohortOnline--;
        v.cohortHolding -= holds[node] >= v.version ? 1 : 0;
      }
    }
    VersionTally v = newest();
    if (v != null && holds[node] >= v.version) {
      holdersOfNewest--;
    }
  }

  /**
   * Version {@code version} is out, with its three bundles' total size and its network map bundle's;
   * nobody holds it yet.
   */
  void published(int version, long bytes, long networkMapBytes) {
    closeWindow();
    Arrays.fill(windowBytes, 0);
    System.arraycopy(online, 0, inWindow, 0, nodes);
    VersionTally v = new VersionTally(version, round, bytes, networkMapBytes, onlineCount);
    versions.add(v);
    holdersOfNewest = 0;
    baselineThisRound += RESOURCES * onlineCount;
    v.baseline += (long) RESOURCES * onlineCount;
  }

  /** A node installed a verified version of a resource, from a peer or from the server. */
  public void installed(int node, int resource, int version, boolean fromPeer, int bytes) {
    int i = node * RESOURCES + resource;
    if (version <= held[i]) {
      return;
    }
    held[i] = version;
    if (fromPeer && version >= 1 && version <= versions.size()) {
      versions.get(version - 1).neededBytes += bytes;
    }
    int now = Math.min(held[node * RESOURCES], Math.min(held[node * RESOURCES + 1], held[node * RESOURCES + 2]));
    int before = holds[node];
    if (now <= before) {
      return;
    }
    holds[node] = now;
    for (VersionTally v : versions) {
      if (v.version > before && v.version <= now && online[node]) {
        reached(node, v);
      }
    }
  }

  private void reached(int node, VersionTally v) {
    int since = round - v.publishedRound + 1;
    int joinedAt = joinRound[node];
    if (joinedAt <= v.publishedRound) {
      v.cohortHolding++;
    } else if (joinerOf(joinedAt) == v) {
      v.joinerRounds.add(round - joinedAt + 1);
    }
    if (node == 0 && v.seederRounds < 0) {
      v.seederRounds = since;
    }
    if (v == newest()) {
      holdersOfNewest++;
    }
  }

  /** The version that was newest when a node joined at {@code joinedAt}, if one had been published before. */
  private VersionTally joinerOf(int joinedAt) {
    VersionTally found = null;
    for (VersionTally v : versions) {
      if (v.publishedRound < joinedAt) {
        found = v;
      }
    }
    return found;
  }

  /** Piece bytes of {@code version}'s bundles that arrived at a node, answering its request. */
  public void pieceBytes(int version, long bytes) {
    if (version >= 1 && version <= versions.size()) {
      versions.get(version - 1).pieceBytes += bytes;
    }
  }

  /** Wire bytes (handshakes, messages, pieces) that reached a node; the seeder's are not counted. */
  public void wireBytes(int node, long bytes) {
    if (node != 0) {
      wireBytes += bytes;
      windowBytes[node] += bytes;
    }
  }

  /** The newest version's per-node bytes, now that it is no longer the newest (or the run is over). */
  private void closeWindow() {
    VersionTally v = newest();
    if (v == null || v.nodeBytes != null) {
      return;
    }
    int n = 0;
    for (int i = 1; i < nodes; i++) {
      n += inWindow[i] ? 1 : 0;
    }
    long[] values = new long[n];
    for (int i = 1, k = 0; i < nodes; i++) {
      if (inWindow[i]) {
        values[k++] = windowBytes[i];
      }
    }
    v.nodeBytes = SimulationResult.Spread.of(values);
  }

  /** A node asked the ALTO server for a resource. */
  public void serverRequest(int node) {
    requestsThisRound++;
    VersionTally v = newest();
    if (v == null) {
      return;
    }
    v.requests++;
    if (node == 0) {
      v.seederRequests++;
    } else if (askedDuring[node] != v.version) {
      askedDuring[node] = v.version;
      v.askingNodes++;
    }
  }

  /** The round ran: thresholds and the series. */
  void endRound() {
    for (VersionTally v : versions) {
      int since = round - v.publishedRound + 1;
      if (v.rounds99 < 0 && v.cohortHolding >= 0.99 * v.cohortOnline) {
        v.rounds99 = since;
      }
      if (v.roundsAll < 0 && v.cohortHolding >= v.cohortOnline) {
        v.roundsAll = since;
      }
      if (v == newest() && v.curve.size() < MAX_CURVE && (v.roundsAll < 0 || v.roundsAll == since)) {
        v.curve.add(v.cohortOnline == 0 ? 1 : (double) v.cohortHolding / v.cohortOnline);
      }
    }
    series.add(round, onlineCount, holdersOfNewest, requestsThisRound, baselineThisRound);
    requestsThisRound = 0;
    baselineThisRound = 0;
  }

  /** Whether every online node holds the newest version (the cue to publish the next, back to back). */
  boolean everyoneHoldsNewest() {
    return holdersOfNewest >= onlineCount;
  }

  /** Whether the newest version reached every online member of its cohort. */
  boolean newestReachedCohort() {
    VersionTally v = newest();
    return v != null && v.roundsAll >= 0;
  }

  int online() {
    return onlineCount;
  }

  int joinedCount() {
    return joinedCount;
  }

  public int peakOnline() {
    return peakOnline;
  }

  /** Online nodes that hold the newest version. */
  int heldNewestByOnline() {
    return holdersOfNewest;
  }

  /** The round the newest version came out. */
  int publishedRound() {
    return newest().publishedRound;
  }

  long wireBytes() {
    return wireBytes;
  }

  boolean holds(int node, int version) {
    return holds[node] >= version;
  }

  private VersionTally newest() {
    return versions.isEmpty() ? null : versions.get(versions.size() - 1);
  }

  /** The per-version figures; the run is over. */
  List<SimulationResult.Version> versions() {
    closeWindow();
    List<SimulationResult.Version> out = new ArrayList<>();
    for (VersionTally v : versions) {
      out.add(v.figures(nodes));
    }
    return out;
  }

  /** The series in buckets of whole rounds, at most {@code points} of them. */
  SimulationResult.Series series(int points) {
    int n = series.rounds.size();
    int bucket = Math.max(1, (n + points - 1) / Math.max(1, points));
    int buckets = (n + bucket - 1) / bucket;
    int[] start = new int[buckets];
    int[] on = new int[buckets];
    int[] hold = new int[buckets];
    int[] req = new int[buckets];
    int[] base = new int[buckets];
    for (int i = 0; i < n; i++) {
      int b = i / bucket;
      if (i % bucket == 0) {
        start[b] = series.rounds.get(i);
      }
      on[b] = series.online.get(i);
      hold[b] = series.holders.get(i);
      req[b] += series.requests.get(i);
      base[b] += series.baseline.get(i);
    }
    return new SimulationResult.Series(bucket, start, on, hold, req, base);
  }

  /** One version's counters while the run goes on. */
  private static final class VersionTally {
    final int version;
    final int publishedRound;
    final long bytes;
    final long networkMapBytes;
    final int cohort;
    int cohortOnline;
    int cohortHolding;
    int seederRounds = -1;
    int rounds99 = -1;
    int roundsAll = -1;
    int joiners;
    final IntList joinerRounds = new IntList();
    long requests;
    long seederRequests;
    int askingNodes;
    long baseline;
    long pieceBytes;
    long neededBytes;
    SimulationResult.Spread nodeBytes;
    final List<Double> curve = new ArrayList<>();

    VersionTally(int version, int publishedRound, long bytes, long networkMapBytes, int cohort) {
      this.version = version;
      this.publishedRound = publishedRound;
      this.bytes = bytes;
      this.networkMapBytes = networkMapBytes;
      this.cohort = cohort;
      this.cohortOnline = cohort;
    }

    /** @param nodes the run's N, the bound's */
    SimulationResult.Version figures(int nodes) {
      int[] t = joinerRounds.sorted();
      return new SimulationResult.Version(version, publishedRound, cohort, seederRounds, rounds99, roundsAll,
          SimulationConfig.roundBound(nodes), joiners, t.length, percentile(t, 0.5), percentile(t, 0.99),
          t.length == 0 ? -1 : t[t.length - 1], requests, seederRequests, requests - seederRequests, askingNodes,
          baseline, bytes, pieceBytes, neededBytes, networkMapBytes, nodeBytes, List.copyOf(curve));
    }

    private static int percentile(int[] sorted, double q) {
      return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }
  }

  /** A growable list of ints: a million joiners' times without a million boxes. */
  static final class IntList {
    private int[] a = new int[16];
    private int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, 2 * n);
      }
      a[n++] = v;
    }

    int size() {
      return n;
    }

    int get(int i) {
      return a[i];
    }

    int[] sorted() {
      int[] s = Arrays.copyOf(a, n);
      Arrays.sort(s);
      return s;
    }
  }

  /** Per round: nodes online, of those the holders of the newest version, server requests with and without redistribution. */
  static final class Series {
    final IntList rounds = new IntList();
    final IntList online = new IntList();
    final IntList holders = new IntList();
    final IntList requests = new IntList();
    final IntList baseline = new IntList();

    void add(int round, int onlineNow, int holdersNow, int requestsNow, int baselineNow) {
      rounds.add(round);
      online.add(onlineNow);
      holders.add(holdersNow);
      requests.add(requestsNow);
      baseline.add(baselineNow);
    }
  }
}
