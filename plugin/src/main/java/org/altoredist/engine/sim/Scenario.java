package org.altoredist.engine.sim;

import java.util.SplittableRandom;
import org.altoredist.wire.WireLimits;

/**
 * Who is online when, and with what: each node's join and leave round, whether it accepts incoming
 * connections, its uplink, and the rounds at which map versions come out. Drawn once from the seed,
 * so the full engines and the compact model run the same population. Node 0 is the seeder: online
 * from round 0 to the end, reachable, with the median uplink.
 *
 * <p>Every attribute has its own random stream, so that changing one flag (the NAT share, say) leaves
 * the others' draws as they were.
 */
public final class Scenario {

  /** A round that never comes: the node never joins (its arrival falls after the end) or never leaves. */
  public static final int NEVER = Integer.MAX_VALUE;
  /** Rounds for the first nodes to find and dial each other before version 1 is published. */
  public static final int CONNECT_ROUNDS = 20;

  private final int nodes;
  private final int[] join;
  private final int[] leave;
  private final boolean[] unreachable;
  private final int[] upload;
  private final int versionEvery;
  private final int end;
  private final int[] byJoin;
  private final int[] byLeave;

  private Scenario(int nodes, int versionEvery, int end) {
    this.nodes = nodes;
    this.join = new int[nodes];
    this.leave = new int[nodes];
    this.unreachable = new boolean[nodes];
    this.upload = new int[nodes];
    this.versionEvery = versionEvery;
    this.end = end;
    this.byJoin = new int[nodes];
    this.byLeave = new int[nodes];
  }

  public static Scenario of(SimulationConfig c) {
    Realism r = c.realism();
    long roundNanos = c.round().toNanos();
    int every = (int) Math.min(Integer.MAX_VALUE / 4, r.versionEvery().toNanos() / roundNanos);
    int end = every == 0 ? NEVER : CONNECT_ROUNDS + c.versions() * every;
    Scenario s = new Scenario(c.nodes(), every, end);
    SplittableRandom arrivals = new SplittableRandom(c.seed() * 0x9E3779B97F4A7C15L + 1);
    SplittableRandom sessions = new SplittableRandom(c.seed() * 0x9E3779B97F4A7C15L + 2);
    SplittableRandom nat = new SplittableRandom(c.seed() * 0x9E3779B97F4A7C15L + 3);
    SplittableRandom uplinks = new SplittableRandom(c.seed() * 0x9E3779B97F4A7C15L + 4);
    double crowdRounds = (double) r.crowdTime().toNanos() / roundNanos;
    double weibullScale = r.sessionMedian().toNanos() / (double) roundNanos
        / Math.pow(Math.log(2), 1 / r.sessionShape());
    double median = (double) c.uploadPiecesPerRound() * WireLimits.PIECE_SIZE;
    for (int i = 0; i < c.nodes(); i++) {
      // Every stream draws for every node, whatever the node turns out to be.
      boolean inCrowd = arrivals.nextDouble() < r.crowd();
      double wait = -Math.log(1 - arrivals.nextDouble()) * crowdRounds;
      double spread = arrivals.nextDouble();
      double session = weibullScale * Math.pow(-Math.log(1 - sessions.nextDouble()), 1 / r.sessionShape());
      boolean behindNat = nat.nextDouble() < r.nat();
      double gaussian = uplinks.nextGaussian();
      if (i == 0) {
        s.join[i] = 0;
        s.leave[i] = NEVER;
        s.upload[i] = (int) Math.round(median);
        continue;
      }
      long at = inCrowd ? CONNECT_ROUNDS + Math.round(wait) : r.churn() ? (long) (spread * end) : 0;
      s.join[i] = at >= end ? NEVER : (int) at;
      long until = at + Math.max(1, Math.round(session));
      s.leave[i] = !r.churn() || s.join[i] == NEVER || until >= end ? NEVER : (int) until;
      s.unreachable[i] = behindNat;
      s.upload[i] = (int) Math.max(WireLimits.PIECE_SIZE, Math.min(Integer.MAX_VALUE / 2,
          Math.round(median * Math.exp(r.uploadSpread() * gaussian))));
    }
    sortBy(s.join, s.byJoin);
    sortBy(s.leave, s.byLeave);
    return s;
  }

  /** Node ids ordered by {@code rounds}, ties by id: one primitive sort of (round, id) pairs. */
  private static void sortBy(int[] rounds, int[] into) {
    long[] keys = new long[rounds.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = (long) rounds[i] << 32 | i;
    }
    java.util.Arrays.sort(keys);
    for (int i = 0; i < keys.length; i++) {
      into[i] = (int) keys[i];
    }
  }

  public int nodes() {
    return nodes;
  }

  public int join(int node) {
    return join[node];
  }

  public int leave(int node) {
    return leave[node];
  }

  /** Behind NAT: it dials out, and nobody can dial it. */
  public boolean unreachable(int node) {
    return unreachable[node];
  }

  /** Bytes the node can transmit per round. */
  public int upload(int node) {
    return upload[node];
  }

  /** Rounds between versions; 0 publishes the next when every online node holds the current one. */
  public int versionEvery() {
    return versionEvery;
  }

  /** The round the run ends at, or {@link #NEVER} with versions back to back. */
  public int end() {
    return end;
  }

  /** The {@code k}-th node to join (ties by id); {@link #join} says when. */
  public int joining(int k) {
    return byJoin[k];
  }

  /** The {@code k}-th node to leave (ties by id); {@link #leave} says when. */
  public int leaving(int k) {
    return byLeave[k];
  }
}
