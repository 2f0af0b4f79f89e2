package org.altoredist.engine.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.altoredist.wire.WireLimits;
import org.junit.jupiter.api.Test;

/** The population both models run: drawn from the seed, each realism parameter doing what its flag says. */
class ScenarioTest {

  static final int N = 100_000;

  static SimulationConfig config(Realism r, int versions, Duration every) {
    return SimulationConfig.stable(N, 3, 8, 1024, 4, versions, 128, Duration.ofMillis(100), Set.of(), 0, 100)
        .with(new Realism(r.churn(), r.sessionMedian(), r.sessionShape(), r.crowd(), r.crowdTime(), r.nat(),
            r.uploadSpread(), every));
  }

  @Test
  void withoutRealismEveryoneIsOnlineFromTheStartReachableWithTheSameUplink() {
    Scenario s = Scenario.of(config(Realism.NONE, 2, Duration.ZERO));
    for (int i = 0; i < N; i++) {
      assertEquals(0, s.join(i));
      assertEquals(Scenario.NEVER, s.leave(i));
      assertFalse(s.unreachable(i));
      assertEquals(128 * WireLimits.PIECE_SIZE, s.upload(i));
    }
    assertEquals(Scenario.NEVER, s.end());
  }

  @Test
  void theSeederIsOnlineThroughoutReachableWithTheMedianUplink() {
    Scenario s = Scenario.of(config(Realism.internet(), 3, Duration.ofMinutes(10)));
    assertEquals(0, s.join(0));
    assertEquals(Scenario.NEVER, s.leave(0));
    assertFalse(s.unreachable(0));
    assertEquals(128 * WireLimits.PIECE_SIZE, s.upload(0));
    assertEquals(Scenario.CONNECT_ROUNDS + 3 * 6000, s.end());
  }

  @Test
  void theFlashCrowdArrivesAfterPublicationWithTheConfiguredTimeConstant() {
    Scenario s = Scenario.of(config(Realism.internet(), 3, Duration.ofMinutes(10)));
    int tau = 1200;
    int within1 = 0;
    int within3 = 0;
    for (int i = 1; i < N; i++) {
      int wait = s.join(i) - Scenario.CONNECT_ROUNDS;
      within1 += wait >= 0 && wait <= tau ? 1 : 0;
      within3 += wait >= 0 && wait <= 3 * tau ? 1 : 0;
    }
    // 90 % in the crowd; of those 63 % within one time constant, 95 % within three; the rest spread
    // evenly over the 30 minutes adds a little to both.
    assertEquals(0.9 * 0.632 + 0.1 * tau / 18020.0, within1 / (double) N, 0.01);
    assertEquals(0.9 * 0.950 + 0.1 * 3 * tau / 18020.0, within3 / (double) N, 0.01);
  }

  @Test
  void sessionsAreWeibullWithTheConfiguredMedian() {
    Scenario s = Scenario.of(config(Realism.internet(), 1, Duration.ofDays(365)));
    long[] sessions = new long[N - 1];
    for (int i = 1; i < N; i++) {
      assertTrue(s.leave(i) > s.join(i));
      sessions[i - 1] = s.leave(i) == Scenario.NEVER ? Long.MAX_VALUE : s.leave(i) - s.join(i);
    }
    Arrays.sort(sessions);
    double medianMinutes = sessions[sessions.length / 2] / 600.0;
    assertEquals(100, medianMinutes, 3);
    // Shape 0.6: the 90th percentile is (ln 10 / ln 2)^(1/0.6) = 7.4 times the median.
    assertEquals(7.4, sessions[sessions.length * 9 / 10] / 600.0 / medianMinutes, 0.5);
  }

  @Test
  void theNatShareAndTheUplinkSpreadAreAsConfigured() {
    Scenario s = Scenario.of(config(Realism.internet(), 3, Duration.ofMinutes(10)));
    int behind = 0;
    double[] logs = new double[N];
    for (int i = 0; i < N; i++) {
      behind += s.unreachable(i) ? 1 : 0;
      logs[i] = Math.log(s.upload(i) / (128.0 * WireLimits.PIECE_SIZE));
    }
    assertEquals(0.5, behind / (double) N, 0.01);
    Arrays.sort(logs);
    assertEquals(0, logs[N / 2], 0.02, "median uplink");
    // Lognormal with sigma 1: the 84th percentile is e times the median.
    assertEquals(1, logs[(int) (N * 0.8413)], 0.03);
  }

  @Test
  void oneParameterChangedLeavesTheOthersDrawsAlone() {
    Scenario a = Scenario.of(config(Realism.internet(), 3, Duration.ofMinutes(10)));
    Realism r = Realism.internet();
    Scenario b = Scenario.of(config(new Realism(r.churn(), r.sessionMedian(), r.sessionShape(), r.crowd(), r.crowdTime(),
        0.2, r.uploadSpread(), r.versionEvery()), 3, Duration.ofMinutes(10)));
    for (int i = 0; i < N; i += 97) {
      assertEquals(a.join(i), b.join(i));
      assertEquals(a.leave(i), b.leave(i));
      assertEquals(a.upload(i), b.upload(i));
    }
  }

  @Test
  void joinsAndLeavesComeInOrder() {
    Scenario s = Scenario.of(config(Realism.internet(), 3, Duration.ofMinutes(10)));
    for (int k = 1; k < N; k++) {
      assertTrue(s.join(s.joining(k - 1)) <= s.join(s.joining(k)));
      assertTrue(s.leave(s.leaving(k - 1)) <= s.leave(s.leaving(k)));
    }
  }

  @Test
  void churnWithVersionsBackToBackIsRefused() {
    Realism r = Realism.internet();
    assertThrows(IllegalArgumentException.class, () -> new Realism(true, r.sessionMedian(), r.sessionShape(), 0,
        r.crowdTime(), 0, 0, Duration.ZERO));
  }
}
