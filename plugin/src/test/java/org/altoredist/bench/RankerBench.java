package org.altoredist.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.NetworkMap;
import org.altoredist.engine.Ranker;
import org.altoredist.engine.sim.MapMaker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Issue 6's ranking floor: 10,000 candidates ranked by {@link Ranker} (LPM to a PID, the PID's
 * precomputed cost rank, a counting sort, the 10 % random slots) in at most 1 ms, side by side
 * with the obvious baseline in the same run: a comparator sort that looks each candidate's PID
 * and cost up as it compares (the same maps, the same candidates, no random fraction). Maps from
 * the simulation's {@link MapMaker}: a 1 MiB network map (about 58,000 prefixes) in 50 and in 250
 * PIDs with a full cost map; candidates spread over the PIDs.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RankerBench {

  static final int CANDIDATES = 10_000;

  @State(Scope.Benchmark)
  public static class Maps {
    @Param({"50", "250"})
    int pids;

    Ranker ranker;
    NetworkMap networkMap;
    CostMap costMap;
    String selfPid;
    List<InetSocketAddress> candidates;
    SplittableRandom random = new SplittableRandom(1);

    @Setup
    public void setup() throws Exception {
      MapMaker.Maps maps = MapMaker.make(pids, 1024 * 1024, 1, 1);
      networkMap = AltoDocuments.parseNetworkMap(maps.networkMap());
      costMap = AltoDocuments.parseCostMap(maps.costMap());
      InetAddress self = MapMaker.hostAddress(1, 1);
      ranker = Ranker.of(networkMap, costMap, self, 0.1);
      selfPid = networkMap.pidOf(self);
      SplittableRandom r = new SplittableRandom(2);
      candidates = new ArrayList<>(CANDIDATES);
      for (int i = 0; i < CANDIDATES; i++) {
        candidates.add(new InetSocketAddress(MapMaker.hostAddress(1 + r.nextInt(pids), r.nextInt(65536)), 6881));
      }
    }
  }

  @Benchmark
  public List<InetSocketAddress> rank10k(Maps m) {
    return m.ranker.rank(m.candidates, m.random);
  }

  /** Baseline: sort by a comparator that looks the PID and the cost up on every comparison. */
  @Benchmark
  public List<InetSocketAddress> comparatorSort10k(Maps m) {
    List<InetSocketAddress> out = new ArrayList<>(m.candidates);
    Comparator<InetSocketAddress> byCost = Comparator.comparingDouble(a -> {
      String pid = m.networkMap.pidOf(a.getAddress());
      double c = pid == null ? Double.NaN : m.costMap.matrix().cost(m.selfPid, pid);
      return Double.isNaN(c) ? Double.MAX_VALUE : c;
    });
    out.sort(byCost);
    return out;
  }

  /** Runs both and prints the markdown table for BENCHMARKS.md. */
  public static void main(String[] args) throws Exception {
    Map<String, Double> score = new TreeMap<>();
    for (RunResult r : new Runner(new OptionsBuilder().include(RankerBench.class.getName()).build()).run()) {
      String name = r.getParams().getBenchmark();
      score.put(name.substring(name.lastIndexOf('.') + 1) + "/" + r.getParams().getParam("pids"),
          r.getPrimaryResult().getScore());
    }
    System.out.println("\n| PIDs | Ranker.rank, µs per 10,000 | comparator sort (baseline), µs | Ranker is |");
    System.out.println("|---|---|---|---|");
    for (String pids : List.of("50", "250")) {
      double ours = score.getOrDefault("rank10k/" + pids, Double.NaN);
      double base = score.getOrDefault("comparatorSort10k/" + pids, Double.NaN);
      System.out.printf("| %s | %.0f | %.0f | %.1f× as fast |%n", pids, ours, base, base / ours);
    }
  }
}
