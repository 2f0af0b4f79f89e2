package org.altoredist.engine.sim;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.altoredist.engine.Ranker;
import org.altoredist.engine.RedistributionEngine;

/**
 * Times the seeder's ranking of 10,000 candidates spread over the PIDs: a quick reading for the
 * simulation's report (the JMH benchmark {@code RankerBench} is the measurement that counts).
 */
final class Rankings {

  static final int CANDIDATES = 10_000;
  private static final int WARMUP = 2_000;
  private static final int SAMPLES = 500;

  private Rankings() {}

  static SimulationResult.Ranking time(RedistributionEngine seeder, int pids, long seed) {
    Ranker r = seeder.ranker().orElse(null);
    if (r == null) {
      return null;
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<InetSocketAddress> candidates = new ArrayList<>(CANDIDATES);
    for (int i = 0; i < CANDIDATES; i++) {
      candidates.add(new InetSocketAddress(MapMaker.hostAddress(1 + random.nextInt(pids), random.nextInt(65536)), 6881));
    }
    long sink = 0;
    for (int i = 0; i < WARMUP; i++) {
      sink += r.rank(candidates, random).get(0).getPort();
    }
    long[] t = new long[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      long start = System.nanoTime();
      sink += r.rank(candidates, random).get(0).getPort();
      t[i] = System.nanoTime() - start;
    }
    Arrays.sort(t);
    if (sink == 42) {
      throw new IllegalStateException("unreachable: keeps the rankings from being optimised away");
    }
    return new SimulationResult.Ranking(t[SAMPLES / 2], t[SAMPLES * 99 / 100], r.selfPid(), CANDIDATES);
  }
}
