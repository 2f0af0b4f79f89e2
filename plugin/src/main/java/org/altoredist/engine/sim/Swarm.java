package org.altoredist.engine.sim;

/**
 * What a run drives, round by round: the real engines ({@link Simulation}) or their compact model
 * ({@code compact.CompactSimulation}). Both report what happens to a {@link Census}.
 *
 * <p>The calls of one round come in this order: {@link #leave} and {@link #join} for the nodes the
 * {@link Scenario} schedules then, {@link #publish} if a version comes out, then {@link #runRound}.
 * Everything the calls start (an engine's first tick, the seeder's refresh) happens within
 * {@link #runRound}, at the round's start, before its transmissions.
 */
public interface Swarm {

  /** Puts a node in the rendezvous before anyone looks it up (the swarm that exists at round 0). */
  void announce(int node);

  /** The node comes online: its engine starts and looks for peers. */
  void join(int node);

  /** The node goes away: its connections close, its uplink falls silent, its rendezvous entry goes stale. */
  void leave(int node);

  /** Called once, after the nodes of round 0 have joined. */
  default void begun() {}

  /** The ALTO server signs and serves {@code version}; the seeder will fetch it. Returns its bundles' sizes. */
  Sizes publish(int version);

  /** @param bundles the three bundles' total size; @param networkMap the network map bundle's */
  record Sizes(long bundles, long networkMap) {}

  /** One round of virtual time: what the round's calls started, the transmissions, the deliveries. */
  void runRound();

  /** Rounds to run after the last version reached everyone (time for hostile nodes' timeouts). */
  default int settleRounds() {
    return 0;
  }
}
