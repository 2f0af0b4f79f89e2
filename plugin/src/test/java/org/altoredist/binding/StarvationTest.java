package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rule that makes the cost filter give way: when a download starves, and how far. */
class StarvationTest {

  private static final long S = 1_000_000_000L;

  private static Starvation.Sample noSource(long at) {
    return new Starvation.Sample(at, true, 0, 0, Double.NaN);
  }

  private static Starvation.Sample fed(long at) {
    return new Starvation.Sample(at, true, 3, 1_000_000, 1_000_000);
  }

  @Test
  void aDownloadWithoutAnUnchokedSourceStarvesAfterTwoSeconds() {
    Starvation s = new Starvation();
    assertEquals(0, s.observe(noSource(0)));
    assertEquals(0, s.observe(noSource(1 * S)));
    assertEquals(1, s.observe(noSource(2 * S)), "two seconds without a source");
    assertEquals(Starvation.FIRST_RELIEF, Starvation.admitted(1));
  }

  @Test
  void aSourceBeforeTheGraceEndsIsNotStarving() {
    Starvation s = new Starvation();
    s.observe(noSource(0));
    s.observe(fed(S + S / 2));
    assertEquals(0, s.observe(noSource(3 * S)), "the spell without a source started again at 3 s");
    assertEquals(1, s.observe(noSource(5 * S)));
  }

  @Test
  void aDownloadFarBehindItsNeighboursStarvesAfterFiveSeconds() {
    Starvation s = new Starvation();
    for (long t = 0; t < 5; t++) {
      assertEquals(0, s.observe(new Starvation.Sample(t * S, true, 2, 100_000, 1_000_000)), "at " + t + " s");
    }
    assertEquals(1, s.observe(new Starvation.Sample(5 * S, true, 2, 100_000, 1_000_000)));
    assertTrue(s.reason().contains("neighbours"), s.reason());
  }

  @Test
  void aThirdOfTheFairShareIsNotStarving() {
    Starvation s = new Starvation();
    for (long t = 0; t < 20; t++) {
      assertEquals(0, s.observe(new Starvation.Sample(t * S, true, 2, 400_000, 1_000_000)));
    }
  }

  @Test
  void noFairShareWithoutEnoughNeighbours() {
    Starvation s = new Starvation();
    for (long t = 0; t < 20; t++) {
      assertEquals(0, s.observe(new Starvation.Sample(t * S, true, 1, 1_000, Double.NaN)));
    }
  }

  @Test
  void reliefDoublesEveryThreeSecondsWhileStarvingUpToEveryPeer() {
    Starvation s = new Starvation();
    int level = 0;
    for (long t = 0; t <= 40; t++) {
      level = s.observe(noSource(t * S));
    }
    assertEquals(Starvation.MAX_LEVEL, level);
    assertEquals(Integer.MAX_VALUE, Starvation.admitted(level));
    assertEquals(8, Starvation.admitted(3));
    Starvation t = new Starvation();
    for (long at = 0; at <= 5 * S; at += S) {
      t.observe(noSource(at));
    }
    assertEquals(2, t.level(), "raised at 2 s and again at 5 s");
  }

  @Test
  void reliefStaysWhileItHelpsAndStepsDownAfterACalmMinute() {
    Starvation s = new Starvation();
    s.observe(noSource(0));
    assertEquals(1, s.observe(noSource(2 * S)));
    for (long t = 3; t < 62; t++) {
      assertEquals(1, s.observe(fed(t * S)), "at " + t + " s");
    }
    assertEquals(0, s.observe(fed(63 * S)));
  }

  @Test
  void aCompletedDownloadEndsRelief() {
    Starvation s = new Starvation();
    s.observe(noSource(0));
    s.observe(noSource(2 * S));
    assertEquals(0, s.observe(new Starvation.Sample(3 * S, false, 0, 0, Double.NaN)));
    assertEquals(0, s.observe(noSource(4 * S)), "a new spell needs its own grace");
  }
}
