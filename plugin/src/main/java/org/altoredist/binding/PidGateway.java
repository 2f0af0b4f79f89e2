package org.altoredist.binding;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which ALTO peer of this node's PID imports for the others: the PID's gateway. Every ALTO peer of
 * a PID ranks the ALTO peers it knows there (itself included) by {@link #score}, a hash of the
 * address alone, so all of them name the same gateway without a word exchanged; one that has not
 * yet heard of the lowest-scoring peer takes itself or another for gateway until it does, which
 * costs a second import, never a wall.
 *
 * <p>The gateway blocks nothing: it fetches across PIDs like a vanilla peer and its PID-mates fetch
 * from it. Where transit is scarce this is what saves it: a PID whose every peer fetched across on
 * its own imported each piece 2.4 to 2.8 times (issue 12's transit runs); through one gateway,
 * about once. Its PID-mates block costlier PIDs while they download and wait for the gateway, with
 * relief when they fall behind it or it stalls ({@link Starvation}).
 *
 * <p>Not thread-safe: the steering thread owns it.
 */
final class PidGateway {

  /**
   * How long a PID-mate counts after it was last known: a link that drops and comes back must not
   * flip the filter (each flip disconnects peers), and two minutes outlast a reconnect's backoff.
   */
  static final long MEMORY_NANOS = 120_000_000_000L;

  private final InetAddress self;
  private final Map<InetAddress, Long> mates = new HashMap<>();
  private InetAddress gateway;

  PidGateway(InetAddress self) {
    this.self = self;
  }

  /**
   * Takes the ALTO peers known now; returns whether this node is its PID's gateway. A node that the
   * map places in no PID ({@code ownPid} null) is its own gateway: it has no PID-mates to wait for.
   */
  boolean update(String ownPid, Function<InetAddress, String> pidOf, Set<InetAddress> altoPeers, long nanos) {
    if (ownPid == null) {
      mates.clear();
      gateway = null;
      return true;
    }
    for (InetAddress a : altoPeers) {
      if (!a.equals(self) && ownPid.equals(pidOf.apply(a))) {
        mates.put(a, nanos);
      }
    }
    mates.values().removeIf(seen -> nanos - seen >= MEMORY_NANOS);
    InetAddress best = self;
    for (InetAddress a : mates.keySet()) {
      if (score(a) < score(best)) {
        best = a;
      }
    }
    gateway = best.equals(self) ? null : best;
    return gateway == null;
  }

  /** The PID's gateway as this node sees it; null when this node is. */
  InetAddress gateway() {
    return gateway;
  }

  /** How many other ALTO peers of its PID this node knows. */
  int mates() {
    return mates.size();
  }

  /** Whether this node knows no other ALTO peer of its PID. */
  boolean alone() {
    return mates.isEmpty();
  }

  /**
   * Whether {@code a} blocks this node's PID while it downloads: an ALTO peer with a lower-scoring
   * ALTO peer in its PID is not that PID's gateway. Vanilla peers and gateways accept anyone.
   */
  static boolean blocksOthers(InetAddress a, Function<InetAddress, String> pidOf, Set<InetAddress> altoPeers) {
    String pid = pidOf.apply(a);
    if (pid == null || !altoPeers.contains(a)) {
      return false;
    }
    for (InetAddress other : altoPeers) {
      if (pid.equals(pidOf.apply(other)) && score(other) < score(a)) {
        return true;
      }
    }
    return false;
  }

  /** A number in [0, 1) that depends on the address only, spread uniformly, the same everywhere. */
  static double score(InetAddress a) {
    return CostFilter.pairScore(a, a);
  }
}
