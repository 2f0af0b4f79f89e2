package org.altoredist.engine.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a run's events become its figures: cohorts, joiners, thresholds, server load and its baseline. */
class CensusTest {

  static final int N = 200;

  /** Everyone online from round 0: the cohort of every version is whoever is still online. */
  private static Census census() {
    Census c = new Census(N);
    c.startRound(0);
    for (int i = 0; i < N; i++) {
      c.joined(i);
    }
    return c;
  }

  private static void publishAt(Census c, int round, int version) {
    c.startRound(round);
    c.published(version, 3000, 1000);
  }

  private static void holdAll(Census c, int node, int version) {
    for (int r = 0; r < Census.RESOURCES; r++) {
      c.installed(node, r, version, node != 0, 1000);
    }
  }

  @Test
  void aVersionReaches99AndThen100PercentOfItsCohort() {
    Census c = census();
    publishAt(c, 20, 1);
    holdAll(c, 0, 1);
    c.endRound();
    for (int round = 21, node = 1; node < N; round++) {
      c.startRound(round);
      for (int k = 0; k < 50 && node < N; k++, node++) {
        if (node != N - 1) {
          holdAll(c, node, 1);
        }
      }
      c.endRound();
    }
    c.startRound(30);
    holdAll(c, N - 1, 1);
    c.endRound();
    SimulationResult.Version v = c.versions().get(0);
    assertEquals(N, v.cohort());
    assertEquals(1, v.roundsToSeeder());
    assertEquals(5, v.rounds99(), "199 of 200 hold it after the round that began 4 rounds after publication");
    assertEquals(11, v.roundsToAll());
    assertEquals(3L * N, v.baselineRequests());
    assertEquals(3000, v.bytes());
  }

  @Test
  void aNodeHoldsAVersionOnlyWithAllThreeResources() {
    Census c = census();
    publishAt(c, 20, 1);
    c.installed(5, 0, 1, true, 1000);
    c.installed(5, 1, 1, true, 1000);
    assertFalse(c.holds(5, 1));
    c.installed(5, 2, 1, true, 1000);
    assertTrue(c.holds(5, 1));
    c.installed(5, 0, 2, true, 1000);
    assertFalse(c.holds(5, 2), "a newer IRD alone");
  }

  @Test
  void aCohortMemberThatLeavesNoLongerCounts() {
    Census c = census();
    publishAt(c, 20, 1);
    for (int i = 0; i < N - 1; i++) {
      holdAll(c, i, 1);
    }
    c.endRound();
    c.startRound(21);
    c.left(N - 1);
    c.endRound();
    SimulationResult.Version v = c.versions().get(0);
    assertEquals(1, v.rounds99());
    assertEquals(2, v.roundsToAll(), "everyone still online holds it once the last one left");
  }

  @Test
  void joinersAreTimedFromTheirJoinAndCountInTheBaseline() {
    Census c = census();
    publishAt(c, 20, 1);
    c.endRound();
    c.startRound(40);
    c.left(7);
    c.joined(7);
    c.endRound();
    c.startRound(45);
    holdAll(c, 7, 1);
    c.endRound();
    SimulationResult.Version v = c.versions().get(0);
    assertEquals(1, v.joiners());
    assertEquals(1, v.joinersServed());
    assertEquals(6, v.joinerMedianRounds());
    assertEquals(3L * N + 3, v.baselineRequests());
  }

  @Test
  void serverRequestsGoToTheNewestVersionSplitBetweenSeederAndIsolatedNodes() {
    Census c = census();
    publishAt(c, 20, 1);
    for (int k = 0; k < 3; k++) {
      c.serverRequest(0);
    }
    c.serverRequest(9);
    c.serverRequest(9);
    c.serverRequest(11);
    c.endRound();
    publishAt(c, 60, 2);
    c.serverRequest(0);
    c.endRound();
    SimulationResult.Version v1 = c.versions().get(0);
    assertEquals(6, v1.serverRequests());
    assertEquals(3, v1.seederRequests());
    assertEquals(3, v1.fallbackRequests());
    assertEquals(2, v1.fallbackNodes());
    assertEquals(1, c.versions().get(1).serverRequests());
  }

  @Test
  void bytesAreCountedAgainstWhatCameFromPeers() {
    Census c = census();
    publishAt(c, 20, 1);
    holdAll(c, 0, 1);
    holdAll(c, 1, 1);
    c.pieceBytes(1, 3300);
    c.endRound();
    SimulationResult.Version v = c.versions().get(0);
    assertEquals(3000, v.neededBytes(), "the seeder's copy came from the server");
    assertEquals(1.1, v.bytesRatio(), 1e-9);
  }

  /**
   * Each version's per-node bytes are those received while it was the newest, over the nodes online
   * at some time then, the seeder left out: a node that joined late counts, one gone before does not.
   */
  @Test
  void perNodeBytesAreCountedWhileAVersionIsTheNewest() {
    Census c = census();
    c.wireBytes(1, 99_999);
    publishAt(c, 20, 1);
    c.left(N - 1);
    for (int i = 0; i < N - 1; i++) {
      c.wireBytes(i, 10L * i);
    }
    c.endRound();
    publishAt(c, 30, 2);
    c.joined(N - 1);
    c.wireBytes(N - 1, 7);
    c.endRound();
    SimulationResult.Spread first = c.versions().get(0).nodeBytes();
    // Nodes 1..199: the one that left after the publication was online then, so it counts, with 0 bytes.
    assertEquals(new SimulationResult.Spread(990, 1790, 1980), first);
    assertEquals(1000, c.versions().get(0).networkMapBytes());
    assertEquals(new SimulationResult.Spread(0, 0, 7), c.versions().get(1).nodeBytes());
  }
}
