package org.altoredist.engine.sim;

import java.util.function.Consumer;

/**
 * The course of a run, the same for both models: the {@link Scenario}'s joins and leaves, the
 * publications, round after round, and what the {@link Census} counts.
 *
 * <p>Version 1 comes out after {@link Scenario#CONNECT_ROUNDS}. With a version interval the next
 * ones follow at fixed rounds and the run ends one interval after the last. Back to back, the next
 * comes out as soon as every online node holds the current one, and a version that has not reached
 * everyone within {@code maxRounds} ends the run.
 */
public final class Driver {

  /**
   * The live heap is read this many rounds after each publication: the newest version is then
   * spreading, with downloads, requests and pieces under way everywhere.
   */
  static final int LIVE_SAMPLE_ROUNDS = 20;

  private Driver() {}

  /**
   * Runs {@code swarm} through {@code scenario}.
   *
   * @param heap reads the live heap while each version spreads
   * @param progress receives one line per round: the round, who is online and how far the newest version is
   */
  public static void run(SimulationConfig config, Scenario scenario, Swarm swarm, Census census, HeapWatch heap,
      Consumer<String> progress) {
    int joins = 0;
    int leaves = 0;
    int version = 0;
    int nextPublication = Scenario.CONNECT_ROUNDS;
    int settleUntil = -1;
    for (int round = 0; ; round++) {
      census.startRound(round);
      for (; leaves < scenario.nodes() && scenario.leave(scenario.leaving(leaves)) <= round; leaves++) {
        swarm.leave(scenario.leaving(leaves));
        census.left(scenario.leaving(leaves));
      }
      if (round == 0) {
        for (int k = 0; k < scenario.nodes() && scenario.join(scenario.joining(k)) == 0; k++) {
          swarm.announce(scenario.joining(k));
        }
      }
      for (; joins < scenario.nodes() && scenario.join(scenario.joining(joins)) <= round; joins++) {
        swarm.join(scenario.joining(joins));
        census.joined(scenario.joining(joins));
      }
      if (round == 0) {
        swarm.begun();
      }
      if (round == nextPublication && version < config.versions()) {
        version++;
        Swarm.Sizes sizes = swarm.publish(version);
        census.published(version, sizes.bundles(), sizes.networkMap());
        nextPublication = scenario.versionEvery() > 0 ? round + scenario.versionEvery() : -1;
      }
      swarm.runRound();
      census.endRound();
      if (version > 0 && round == census.publishedRound() + LIVE_SAMPLE_ROUNDS) {
        heap.sampleLive();
      }
      progress.accept(String.format("round %d: %d online; version %d held by %d of them", round, census.online(),
          version, census.heldNewestByOnline()));
      if (scenario.versionEvery() > 0) {
        if (round + 1 >= scenario.end()) {
          return;
        }
        continue;
      }
      // Back to back: the next version once this one is everywhere; give up after maxRounds.
      if (version >= 1 && nextPublication < 0) {
        if (census.everyoneHoldsNewest()) {
          if (version < config.versions()) {
            nextPublication = round + 1;
          } else if (settleUntil < 0) {
            settleUntil = round + swarm.settleRounds();
          }
        } else if (round - census.publishedRound() + 1 >= config.maxRounds()) {
          return;
        }
      }
      if (settleUntil >= 0 && round >= settleUntil) {
        return;
      }
    }
  }
}
