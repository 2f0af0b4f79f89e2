package org.altoredist.engine.sim;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One simulation run's parameters.
 *
 * @param nodes honest nodes, the seeder included
 * @param seed everything random derives from it
 * @param degree links each node dials toward; it accepts up to twice as many
 * @param mapBytes size the network map grows to (bytes of JSON)
 * @param pids PIDs with hosts in the maps
 * @param versions map versions published one after the other
 * @param uploadPiecesPerRound each node's uplink per round, in 16 KiB pieces
 * @param round the virtual duration of one round (one message latency)
 * @param faults hostile behaviours present
 * @param hostile hostile nodes per fault
 * @param maxRounds a version not everywhere after this many rounds ends the run (as a failure)
 * @param baseline whether to also run every node against the server alone, for the comparison
 * @param churn the share of the network map's prefixes that move to another PID from one version
 *     to the next (an ISP's map changes a little at a time); 0 makes every version a new map
 */
public record SimulationConfig(int nodes, long seed, int degree, int mapBytes, int pids, int versions,
    int uploadPiecesPerRound, Duration round, Set<Fault> faults, int hostile, int maxRounds, boolean baseline,
    double churn) {

  /** Every version a new map. */
  public SimulationConfig(int nodes, long seed, int degree, int mapBytes, int pids, int versions,
      int uploadPiecesPerRound, Duration round, Set<Fault> faults, int hostile, int maxRounds, boolean baseline) {
    this(nodes, seed, degree, mapBytes, pids, versions, uploadPiecesPerRound, round, faults, hostile, maxRounds,
        baseline, 0);
  }

  public SimulationConfig {
    // In declaration order: the hostile nodes take their addresses in this order, and Set.copyOf
    // would iterate by identity hash codes and a per-JVM salt, so each JVM would build another swarm.
    faults = faults.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(faults));
    if (nodes < 2 || degree < 1 || mapBytes < 1 || pids < 1 || versions < 1 || uploadPiecesPerRound < 1
        || maxRounds < 1 || hostile < 0 || !(churn >= 0 && churn <= 1)) {
      throw new IllegalArgumentException("a simulation needs at least 2 nodes, and positive degree, map size, PIDs,"
          + " versions, upload and rounds, and a churn between 0 and 1");
    }
  }
}
