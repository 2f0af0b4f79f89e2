package org.altoredist.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.CostMatrix;
import org.altoredist.alto.CostType;
import org.altoredist.alto.NetworkMap;
import org.altoredist.alto.PidIndex;
import org.altoredist.alto.VersionTag;

/**
 * Orders candidate peers by the cost from this node's PID to theirs, keeping a random fraction:
 * the P4P field trial (RFC 5632 §3, Comcast) steered 90 % of peer choices and left 10 % random, so
 * that a wrong or stale map cannot partition a swarm. Every slot whose index crosses a multiple of
 * 1 / fraction (with 10 %: slots 9, 19, 29, ...) takes a uniformly random candidate not yet placed;
 * the others take the cheapest candidate not yet placed. Any prefix of the ranking, which is what a
 * client connects to, therefore holds the same fraction of random choices.
 *
 * <p>Costs are numerical or ordinal and compared in the cost type's direction
 * ({@link CostType#lowerIsBetter()}); a candidate whose address no PID covers, or whose PID has no
 * cost from ours, ranks after every candidate with a cost. Ties are ordered randomly. Everything
 * random comes from the caller's generator, so a seeded generator gives a reproducible ranking.
 *
 * <p>The ranking is for the local caller only: it is returned, never stored, and no message of the
 * extension can carry it. Immutable and thread-safe; ranking n candidates is O(n) after an
 * O(P log P) setup per map version (P PIDs): each PID's rank is computed once, and candidates are
 * placed by a counting sort on it.
 */
public final class Ranker {

  private final PidIndex index;
  private final double[] costOfPid;
  private final int[] bucketOfPid;
  private final int unknownBucket;
  private final String selfPid;
  private final double randomFraction;
  private final VersionTag networkMap;
  private final CostType costType;

  private Ranker(PidIndex index, double[] costOfPid, int[] bucketOfPid, int unknownBucket, String selfPid,
      double randomFraction, VersionTag networkMap, CostType costType) {
    this.index = index;
    this.costOfPid = costOfPid;
    this.bucketOfPid = bucketOfPid;
    this.unknownBucket = unknownBucket;
    this.selfPid = selfPid;
    this.randomFraction = randomFraction;
    this.networkMap = networkMap;
    this.costType = costType;
  }

  /**
   * @param self this node's address; its PID is the row of the cost map used
   * @param randomFraction the share of random choices, 0 to 1
   * @throws IllegalArgumentException if the cost map does not depend on this network map version
   */
  public static Ranker of(NetworkMap nm, CostMap cm, InetAddress self, double randomFraction) {
    if (!(randomFraction >= 0 && randomFraction <= 1)) {
      throw new IllegalArgumentException("random fraction outside 0..1: " + randomFraction);
    }
    if (!cm.dependentVtag().equals(nm.vtag())) {
      throw new IllegalArgumentException("the cost map depends on " + cm.dependentVtag() + ", not on " + nm.vtag());
    }
    String selfPid = nm.pidOf(Objects.requireNonNull(self, "self"));
    List<String> pids = nm.index().pids();
    CostMatrix m = cm.matrix();
    int src = selfPid == null ? -1 : m.indexOf(selfPid);
    double[] raw = new double[pids.size()];
    double[] cost = new double[pids.size()];
    for (int i = 0; i < cost.length; i++) {
      int dst = m.indexOf(pids.get(i));
      raw[i] = src < 0 || dst < 0 ? Double.NaN : m.cost(src, dst);
      cost[i] = cm.costType().lowerIsBetter() ? raw[i] : -raw[i];
    }
    double[] distinct = Arrays.stream(cost).filter(c -> !Double.isNaN(c)).sorted().distinct().toArray();
    int[] bucket = new int[cost.length];
    for (int i = 0; i < cost.length; i++) {
      bucket[i] = Double.isNaN(cost[i]) ? distinct.length : Arrays.binarySearch(distinct, cost[i]);
    }
    return new Ranker(nm.index(), raw, bucket, distinct.length, selfPid, randomFraction, nm.vtag(), cm.costType());
  }

  /** This node's PID, or null when the network map does not cover its address. */
  public String selfPid() {
    return selfPid;
  }

  /** The PID of {@code address}, or null when the map does not cover it. */
  public String pidOf(InetAddress address) {
    return index.pidOf(address);
  }

  public VersionTag networkMap() {
    return networkMap;
  }

  /** The network map's longest-prefix index, whose PID indexes {@link #costTo} takes. */
  public PidIndex index() {
    return index;
  }

  /**
   * The cost from this node's PID to PID {@code pid} (an index into {@code index().pids()}), in
   * the cost map's units and direction; NaN when the map defines none.
   */
  public double costTo(int pid) {
    return pid < 0 || pid >= costOfPid.length ? Double.NaN : costOfPid[pid];
  }

  public CostType costType() {
    return costType;
  }

  public double randomFraction() {
    return randomFraction;
  }

  /** Whether place {@code slot} of a ranking holds a random choice rather than a guided one. */
  public boolean randomSlot(int slot) {
    return Math.floor((slot + 1) * randomFraction) > Math.floor(slot * randomFraction);
  }

  /** {@code candidates}, best first, with the random fraction interleaved. */
  public List<InetSocketAddress> rank(List<InetSocketAddress> candidates, RandomGenerator random) {
    return rank(candidates, InetSocketAddress::getAddress, random);
  }

  /** Ranks any candidates by the address {@code addressOf} gives for each. */
  public <T> List<T> rank(List<T> candidates, Function<T, InetAddress> addressOf, RandomGenerator random) {
    int n = candidates.size();
    int[] bucket = new int[n];
    int[] start = new int[unknownBucket + 2];
    for (int i = 0; i < n; i++) {
      int pid = index.indexOf(addressOf.apply(candidates.get(i)));
      bucket[i] = pid < 0 ? unknownBucket : bucketOfPid[pid];
      start[bucket[i] + 1]++;
    }
    for (int b = 1; b < start.length; b++) {
      start[b] += start[b - 1];
    }
    int[] guided = new int[n];
    int[] fill = Arrays.copyOf(start, start.length);
    for (int i = 0; i < n; i++) {
      guided[fill[bucket[i]]++] = i;
    }
    for (int b = 0; b + 1 < start.length; b++) {
      shuffle(guided, start[b], start[b + 1], random);
    }
    return interleave(candidates, guided, random);
  }

  /** Fills the slots: random ones from the candidates not yet placed, the others from the guided order. */
  private <T> List<T> interleave(List<T> candidates, int[] guided, RandomGenerator random) {
    int n = guided.length;
    int[] pool = new int[n];
    int[] at = new int[n];
    for (int i = 0; i < n; i++) {
      pool[i] = i;
      at[i] = i;
    }
    boolean[] placed = new boolean[n];
    List<T> out = new ArrayList<>(n);
    int g = 0;
    int left = n;
    for (int slot = 0; slot < n; slot++) {
      int pick;
      if (randomSlot(slot)) {
        pick = pool[random.nextInt(left)];
      } else {
        while (placed[guided[g]]) {
          g++;
        }
        pick = guided[g];
      }
      placed[pick] = true;
      int last = pool[--left];
      pool[at[pick]] = last;
      at[last] = at[pick];
      out.add(candidates.get(pick));
    }
    return out;
  }

  private static void shuffle(int[] a, int from, int to, RandomGenerator random) {
    for (int i = to - 1; i > from; i--) {
      int j = from + random.nextInt(i - from + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
