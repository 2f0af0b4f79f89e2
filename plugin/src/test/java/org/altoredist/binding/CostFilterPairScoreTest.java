package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * The score that spreads relief and names gateways: both ends of a pair must reach the same answer
 * alone, and scores must spread uniformly, or one peer would be everyone's first choice.
 */
class CostFilterPairScoreTest {

  @Test
  void bothEndsOfAPairComputeTheSameScore() throws Exception {
    for (int i = 0; i < 200; i++) {
      InetAddress a = InetAddress.getByName("127.0.1." + i);
      InetAddress b = InetAddress.getByName("127.0.2." + (255 - i));
      assertEquals(CostFilter.pairScore(a, b), CostFilter.pairScore(b, a), a + " and " + b);
    }
  }

  @Test
  void pairScoresSpreadUniformly() throws Exception {
    int pairs = 0;
    int under = 0;
    for (int i = 0; i < 100; i++) {
      for (int j = 0; j < 100; j++) {
        double s = CostFilter.pairScore(InetAddress.getByName("127.0.1." + i), InetAddress.getByName("127.0.3." + j));
        assertTrue(s >= 0 && s < 1, "score out of [0, 1): " + s);
        pairs++;
        under += s < 0.1 ? 1 : 0;
      }
    }
    // 10,000 pairs at p = 0.1: the standard deviation is 30, so 850..1150 is five of them.
    assertTrue(under > 850 && under < 1150, under + " of " + pairs + " pairs under 0.1");
  }
}
