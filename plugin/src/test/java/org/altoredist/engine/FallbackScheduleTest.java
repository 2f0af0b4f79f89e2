package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** When the ALTO server is asked: after the delay and its jitter, with backoff, and never for what peers delivered. */
class FallbackScheduleTest {

  static final ResourceKey IRD = ResourceKey.rootDirectory("https://alto.example/directory");
  static final long SECOND = 1_000_000_000L;

  private final FallbackSchedule fallback = new FallbackSchedule(Duration.ofSeconds(10), 0.5, Duration.ofSeconds(2),
      Duration.ofSeconds(60), new SplittableRandom(1));

  /** The first instant, in whole seconds from 0, at which the key is due. */
  private long dueAfter(long from) {
    for (long t = from; t < 1000; t++) {
      if (!fallback.due(t * SECOND).isEmpty()) {
        return t;
      }
    }
    throw new AssertionError("never due");
  }

  @Test
  void serverIsAskedOnlyAfterTheDelayStretchedByItsJitter() {
    fallback.missing(Set.of(IRD), 0);
    long due = dueAfter(0);
    assertTrue(due >= 10 && due <= 16, "due after " + due + " s, not within 10 s + 50 %");
  }

  @Test
  void aResourceAPeerDeliveredMeanwhileIsNeverFetched() {
    fallback.missing(Set.of(IRD), 0);
    fallback.missing(Set.of(), 5 * SECOND);
    assertEquals(List.of(), fallback.due(100 * SECOND));
  }

  @Test
  void failuresBackOffExponentiallyWithFullJitterUpToTheCeiling() {
    fallback.missing(Set.of(IRD), 0);
    long now = dueAfter(0);
    for (int failure = 0; failure < 8; failure++) {
      fallback.failed(IRD, now * SECOND);
      long bound = Math.min(60, 2L << failure);
      long next = dueAfter(now);
      assertTrue(next - now <= bound, "failure " + failure + ": waited " + (next - now) + " s, bound " + bound);
      now = next;
    }
    assertEquals(8, fallback.failures(IRD));
  }

  @Test
  void aRefreshIsDueAtOnceEvenForAHeldResource() {
    fallback.dueNow(Set.of(IRD), 0);
    fallback.missing(Set.of(), 0);
    assertEquals(List.of(IRD), fallback.due(0));
  }
}
