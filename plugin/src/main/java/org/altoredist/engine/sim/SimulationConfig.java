package org.altoredist.engine.sim;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One simulation run's parameters.
 *
 * @param nodes honest nodes, the seeder included (with churn: every node that joins at some time)
 * @param seed everything random derives from it
 * @param degree links each node dials toward; it keeps up to four times as many (the engine's defaults
 *     are 8 and 32)
 * @param mapBytes size the network map grows to (bytes of JSON)
 * @param pids PIDs with hosts in the maps
 * @param versions map versions published one after the other
 * @param uploadPiecesPerRound each node's uplink per round, in 16 KiB pieces (the median, when uplinks differ)
 * @param round the virtual duration of one round (one message latency)
 * @param faults hostile behaviours present
 * @param hostile hostile nodes per fault
 * @param maxRounds with versions back to back, a version not everywhere after this many rounds ends
 *     the run (as a failure)
 * @param fallback how long a node that holds nothing waits for peers before it asks the ALTO server
 *     (stretched by up to half again, the engine's jitter)
 * @param realism churn, flash crowd, NAT, uplinks and the version interval
 * @param mapChurn the share of the network map's prefixes that move to another PID from one version
 *     to the next (an ISP's map changes a little at a time, and holders move by delta bundle); 0
 *     makes every version a new map. Not {@link Realism#churn()}, which is nodes coming and going.
 */
public record SimulationConfig(int nodes, long seed, int degree, int mapBytes, int pids, int versions,
    int uploadPiecesPerRound, Duration round, Set<Fault> faults, int hostile, int maxRounds, Duration fallback,
    Realism realism, double mapChurn) {

  /** The engine's own default fallback delay. */
  public static final Duration ENGINE_FALLBACK = Duration.ofSeconds(30);

  /** Every version a new map. */
  public SimulationConfig(int nodes, long seed, int degree, int mapBytes, int pids, int versions,
      int uploadPiecesPerRound, Duration round, Set<Fault> faults, int hostile, int maxRounds, Duration fallback,
      Realism realism) {
    this(nodes, seed, degree, mapBytes, pids, versions, uploadPiecesPerRound, round, faults, hostile, maxRounds,
        fallback, realism, 0);
  }

  public SimulationConfig {
    // In declaration order: the hostile nodes take their addresses in this order, and Set.copyOf
    // would iterate by identity hash codes and a per-JVM salt, so each JVM would build another swarm.
    faults = faults.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(faults));
    if (nodes < 2 || degree < 1 || mapBytes < 1 || pids < 1 || versions < 1 || uploadPiecesPerRound < 1
        || maxRounds < 1 || hostile < 0 || round.isNegative() || round.isZero() || fallback.isNegative()
        || !(mapChurn >= 0 && mapChurn <= 1)) {
      throw new IllegalArgumentException("a simulation needs at least 2 nodes, and positive degree, map size, PIDs,"
          + " versions, upload, round and rounds, and a map churn between 0 and 1");
    }
    if (!faults.isEmpty() && realism.churn()) {
      throw new IllegalArgumentException("hostile nodes are scripted for a swarm without churn");
    }
  }

  /** The issue-6 swarm (see {@link Realism#NONE}) with the engine's fallback delay. */
  public static SimulationConfig stable(int nodes, long seed, int degree, int mapBytes, int pids, int versions,
      int uploadPiecesPerRound, Duration round, Set<Fault> faults, int hostile, int maxRounds) {
    return new SimulationConfig(nodes, seed, degree, mapBytes, pids, versions, uploadPiecesPerRound, round, faults,
        hostile, maxRounds, ENGINE_FALLBACK, Realism.NONE);
  }

  /** The same run under other realism parameters. */
  public SimulationConfig with(Realism r) {
    return new SimulationConfig(nodes, seed, degree, mapBytes, pids, versions, uploadPiecesPerRound, round, faults,
        hostile, maxRounds, fallback, r, mapChurn);
  }

  /** The most links a node keeps: as the engine's defaults, four times those it dials toward. */
  public int maxPeers() {
    return 4 * degree;
  }

  /** 2 × log2(n): the bound on the rounds a version may take to reach n nodes. */
  public static double roundBound(long n) {
    return 2 * Math.log(Math.max(2, n)) / Math.log(2);
  }
}
