package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rule that makes the cost filter give way: when a download starves, and how far. */
class StarvationTest {

  private static final long S = 1_000_000_000L;

  /** Nobody connected holds a piece it lacks. */
  private static Starvation.Sample nothingHeld(long at) {
    return new Starvation.Sample(at, true, 0.2, 0, 0, 0, 0, Double.NaN);
  }

  /** Peers hold what it lacks but all choke it, and nothing arrives. */
  private static Starvation.Sample choked(long at) {
    return new Starvation.Sample(at, true, 0.2, 3, 0, 0, 0, 1_000_000);
  }

  /** Nearby peers feed it at a fair rate. */
  private static Starvation.Sample fed(long at) {
    return new Starvation.Sample(at, true, 0.2, 3, 3, 3, 1_000_000, 1_000_000);
  }

  @Test
  void aDownloadNoConnectedPeerCanServeStarvesAfterTwoSeconds() {
    Starvation s = new Starvation();
    assertEquals(0, s.observe(nothingHeld(0)));
    assertEquals(0, s.observe(nothingHeld(S)), "a seeder starting, peers dialling it");
    assertEquals(1, s.observe(nothingHeld(2 * S)), "what it lacks is not where it may look");
    assertEquals(Starvation.FIRST_RELIEF, Starvation.admitted(1));
    assertTrue(s.reason().contains("holds"), s.reason());
  }

  @Test
  void aDownloadEveryHolderChokesStarvesAfterTwoSeconds() {
    Starvation s = new Starvation();
    assertEquals(0, s.observe(choked(0)));
    assertEquals(0, s.observe(choked(S)));
    assertEquals(1, s.observe(choked(2 * S)));
    assertTrue(s.reason().contains("chokes"), s.reason());
  }

  @Test
  void chokedFlagsWhileDataFlowsAreNotStarving() {
    Starvation s = new Starvation();
    for (long t = 0; t < 20; t++) {
      assertEquals(0, s.observe(new Starvation.Sample(t * S, true, 0.2, 3, 0, 0, 900_000, 1_000_000)),
          "a choke read at one instant, with the rate at 90 % of its neighbours'");
    }
  }

  @Test
  void aSourceBeforeTheGraceEndsIsNotStarving() {
    Starvation s = new Starvation();
    s.observe(choked(0));
    s.observe(fed(S + S / 2));
    assertEquals(0, s.observe(choked(3 * S)), "the spell without a source started again at 3 s");
    assertEquals(1, s.observe(choked(5 * S)));
  }

  @Test
  void aDownloadUnderHalfItsNeighboursRateStarvesAfterThreeSeconds() {
    Starvation s = new Starvation();
    for (long t = 0; t < 3; t++) {
      assertEquals(0, s.observe(new Starvation.Sample(t * S, true, 0.2, 2, 2, 2, 400_000, 1_000_000)), "at " + t + " s");
    }
    assertEquals(1, s.observe(new Starvation.Sample(3 * S, true, 0.2, 2, 2, 2, 400_000, 1_000_000)));
    assertTrue(s.reason().contains("neighbours"), s.reason());
  }

  @Test
  void halfTheFairShareIsNotStarving() {
    Starvation s = new Starvation();
    for (long t = 0; t < 20; t++) {
      assertEquals(0, s.observe(new Starvation.Sample(t * S, true, 0.2, 2, 2, 2, 500_000, 1_000_000)));
    }
  }

  @Test
  void noFairShareWithoutEnoughNeighbours() {
    Starvation s = new Starvation();
    for (long t = 0; t < 20; t++) {
      assertEquals(0, s.observe(new Starvation.Sample(t * S, true, 0.2, 1, 1, 1, 1_000, Double.NaN)));
    }
  }

  /**
   * One holder, and it chokes the download: libtorrent's rate still reads most of what it was
   * (four fifths kept a second), but nothing arrives.
   */
  @Test
  void aLoneHolderThatChokesStarvesOnceNothingArrivesThoughTheRateStillDecays() {
    Starvation s = new Starvation();
    double rate = 1_000_000;
    for (long t = 0; t < 2; t++, rate *= 0.8) {
      assertEquals(0, s.observe(lone(t * S, 0, rate, 0)), "at " + t + " s");
    }
    assertEquals(1, s.observe(lone(2 * S, 0, rate, 0)));
    assertTrue(s.reason().contains("chokes"), s.reason());
  }

  @Test
  void aLoneHolderThatChokesWhileBytesStillArriveIsNotStarving() {
    Starvation s = new Starvation();
    for (long t = 0; t < 20; t++) {
      assertEquals(0, s.observe(lone(t * S, 0, 500_000, 16_384)), "requests in flight when the choke came");
    }
    Starvation unknown = new Starvation();
    for (long t = 0; t < 20; t++) {
      assertEquals(0, unknown.observe(lone(t * S, 0, 500_000, -1)), "the counter restarted: nothing known");
    }
  }

  /** One holder and no fair share: {@code sources} 0 or 1, the rate, and the bytes since the last tick. */
  private static Starvation.Sample lone(long at, int sources, double rate, long received) {
    return new Starvation.Sample(at, true, 0.2, 1, sources, sources, rate, Double.NaN, Double.NaN, Long.MAX_VALUE,
        false, received);
  }

  @Test
  void reliefDoublesEverySixSecondsWhileStarvingUpToEveryPeer() {
    Starvation s = new Starvation();
    int level = 0;
    for (long t = 0; t <= 80; t++) {
      level = s.observe(nothingHeld(t * S));
    }
    assertEquals(Starvation.MAX_LEVEL, level);
    assertEquals(Integer.MAX_VALUE, Starvation.admitted(level));
    assertEquals(8, Starvation.admitted(3));
    Starvation t = new Starvation();
    for (long at = 0; at <= 7 * S; at += S) {
      t.observe(nothingHeld(at));
    }
    assertEquals(1, t.level(), "raised at 2 s, not yet again");
    t.observe(nothingHeld(8 * S));
    assertEquals(2, t.level(), "raised at 2 s and again at 8 s");
  }

  /** It holds nothing, nor does any connected peer; {@code reliefConnected}: every peer let through is connected. */
  private static Starvation.Sample nothingInSight(long at, boolean reliefConnected) {
    return new Starvation.Sample(at, true, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, Long.MAX_VALUE, reliefConnected, 0);
  }

  @Test
  void withNothingInSightReliefStopsAtItsFirstLevelForHalfAMinute() {
    Starvation s = new Starvation();
    long capSeconds = Starvation.NOTHING_SEEN_NANOS / S;
    for (long t = 0; t < capSeconds; t++) {
      int level = s.observe(nothingInSight(t * S, s.level() > 0));
      assertEquals(t < 2 ? 0 : Starvation.NOTHING_SEEN_LEVEL, level, "a swarm before its seeder, at " + t + " s");
    }
    assertTrue(s.reason().contains("holds"), s.reason());
    long lifted = capSeconds * S;
    assertEquals(Starvation.NOTHING_SEEN_LEVEL, s.observe(nothingInSight(lifted, true)),
        "a step after the cap, not at once");
    assertEquals(Starvation.NOTHING_SEEN_LEVEL + 1, s.observe(nothingInSight(lifted + 6 * S, true)),
        "cut off, not early: it looks further");
  }

  @Test
  void withNothingInSightReliefStillRisesPastPeersItCannotReach() {
    Starvation s = new Starvation();
    for (long t = 0; t <= 8; t++) {
      s.observe(nothingInSight(t * S, false));
    }
    assertEquals(2, s.level(), "the peers let through never connected: others may hold the content");
  }

  @Test
  void aReliefPeerReconnectingForOneTickDoesNotRaiseTheLevelAtOnce() {
    Starvation s = new Starvation();
    for (long t = 0; t <= 20; t++) {
      s.observe(nothingInSight(t * S, s.level() > 0));
    }
    assertEquals(1, s.observe(nothingInSight(21 * S, false)), "the cap held the clock, not only the level");
  }

  @Test
  void reliefEscalatesAgainOnceSomethingIsHeldAnywhere() {
    Starvation s = new Starvation();
    for (long t = 0; t <= 20; t++) {
      s.observe(nothingInSight(t * S, s.level() > 0));
    }
    for (long t = 21; t < 26; t++) {
      assertEquals(1, s.observe(heldNowhereNear(t * S)), "a step's wait after the cap's last tick, at " + t + " s");
    }
    assertEquals(2, s.observe(heldNowhereNear(26 * S)),
        "it holds a piece, so pieces exist, and none of them is in reach");
  }

  /** It holds a piece, no connected peer holds one it lacks, and every peer let through is connected. */
  private static Starvation.Sample heldNowhereNear(long at) {
    return new Starvation.Sample(at, true, 0.01, 0, 0, 0, 0, Double.NaN, Double.NaN, Long.MAX_VALUE, true, 0);
  }

  @Test
  void reliefEndsOnceNearbySourcesHaveFedTheDownloadForFiveSeconds() {
    Starvation s = new Starvation();
    s.observe(nothingHeld(0));
    assertEquals(1, s.observe(nothingHeld(2 * S)));
    for (long t = 3; t < 8; t++) {
      assertEquals(1, s.observe(fed(t * S)), "at " + t + " s");
    }
    assertEquals(0, s.observe(fed(8 * S)));
  }

  @Test
  void inTheTailReliefComesAtOnceAndDoublesEveryTick() {
    Starvation s = new Starvation();
    assertEquals(1, s.observe(new Starvation.Sample(0, true, 0.9, 0, 0, 0, 1_000_000, Double.NaN)),
        "the last pieces are not held nearby: no grace");
    assertEquals(2, s.observe(new Starvation.Sample(S, true, 0.9, 0, 0, 0, 900_000, Double.NaN)));
    assertEquals(2, s.observe(new Starvation.Sample(2 * S, true, 0.97, 2, 2, 0, 1_500_000, Double.NaN)),
        "relieved peers hold what it lacks");
  }

  @Test
  void reliefPastHalfTheDownloadStaysUntilItCompletes() {
    Starvation s = new Starvation();
    s.observe(nothingHeld(0));
    s.observe(nothingHeld(2 * S));
    for (long t = 3; t < 60; t++) {
      assertEquals(1, s.observe(new Starvation.Sample(t * S, true, 0.6, 3, 3, 3, 1_000_000, 1_000_000)), "at " + t + " s");
    }
  }

  @Test
  void reliefStaysWhileOnlyTheRelievedPeersFeedTheDownload() {
    Starvation s = new Starvation();
    s.observe(nothingHeld(0));
    s.observe(nothingHeld(2 * S));
    for (long t = 3; t < 60; t++) {
      assertEquals(1, s.observe(new Starvation.Sample(t * S, true, 0.2, 2, 2, 0, 1_000_000, 1_000_000)), "at " + t + " s");
    }
  }

  @Test
  void aCompletedDownloadEndsRelief() {
    Starvation s = new Starvation();
    s.observe(nothingHeld(0));
    s.observe(nothingHeld(2 * S));
    assertEquals(0, s.observe(new Starvation.Sample(3 * S, false, 0.2, 0, 0, 0, 0, Double.NaN)));
    assertEquals(0, s.observe(nothingHeld(4 * S)), "a new spell needs its own grace");
  }

  /**
   * Nothing held nearby, its gateway connected {@code lead} ahead and last completing a piece
   * {@code idle} ago; it keeps pace with its gateway and its neighbours (it fetches each piece as soon
   * as the gateway has it).
   */
  private static Starvation.Sample awaiting(long at, double progress, double lead, long idle) {
    return new Starvation.Sample(at, true, progress, 0, 0, 0, 900_000, 1_000_000, lead, idle, false, 900_000);
  }

  @Test
  void aPidMateWaitsWhileItsGatewayBringsPiecesIn() {
    Starvation s = new Starvation();
    for (long t = 0; t < 30; t++) {
      assertEquals(0, s.observe(awaiting(t * S, 0.2, 0, S / 2)), "at " + t + " s");
      assertEquals(0, s.observe(awaiting(t * S + S / 2, 0.7, 0.01, S / 2)), "in the tail too, at " + t + " s");
    }
  }

  @Test
  void beforeAnythingArrivesAPidMateWaitsForItsGateway() {
    Starvation s = new Starvation();
    for (long t = 0; t < 30; t++) {
      assertEquals(0, s.observe(awaiting(t * S, 0, 0, Long.MAX_VALUE)), "a swarm before its seeder, at " + t + " s");
    }
  }

  @Test
  void aPidMateStopsWaitingWhenItsGatewayStalls() {
    Starvation s = new Starvation();
    long idle = Starvation.GATEWAY_IDLE_NANOS + 1;
    assertEquals(0, s.observe(awaiting(0, 0.2, 0, idle)));
    assertEquals(0, s.observe(awaiting(S, 0.2, 0, idle)));
    assertEquals(1, s.observe(awaiting(2 * S, 0.2, 0, idle)), "nothing held nearby, nothing coming in");
    assertTrue(s.reason().contains("holds"), s.reason());
  }

  @Test
  void aPidMateAheadOfItsGatewayDoesNotWaitForIt() {
    Starvation s = new Starvation();
    assertEquals(0, s.observe(awaiting(0, 0.3, -0.05, 0)));
    assertEquals(0, s.observe(awaiting(S, 0.3, -0.05, 0)));
    assertEquals(1, s.observe(awaiting(2 * S, 0.3, -0.05, 0)), "what the gateway brings in, it already has");
  }

  @Test
  void aPidMateTrailingItsGatewayWhileKeepingPaceWithItsNeighboursIsNotStarving() {
    Starvation s = new Starvation();
    for (long t = 0; t < 30; t++) {
      assertEquals(0, s.observe(new Starvation.Sample(t * S, true, 0.3, 2, 2, 2, 400_000, 500_000, 0.1, 0, false, 400_000)),
          "40 % of its gateway's rate, as fast as its neighbours, at " + t + " s");
    }
  }
}
