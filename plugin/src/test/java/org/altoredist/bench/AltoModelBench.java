package org.altoredist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.IpPrefix;
import org.altoredist.alto.MapGenerator;
import org.altoredist.alto.NetworkMap;
import org.altoredist.alto.PidIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jol.info.GraphLayout;

/**
 * Issue 2's floors, each side by side with a naive baseline in the same run: IP→PID lookups on a
 * 100,000-prefix map against a {@code TreeMap.floorEntry} over the same ranges; validating parses
 * of a 20 MB network map and a 1,000×1,000 cost map against plain Jackson tree parsing (which
 * validates nothing). {@link #main} runs them all and prints the derived figures and retained heap
 * sizes as markdown for BENCHMARKS.md.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AltoModelBench {

  static final int LOOKUPS = 1 << 16;
  static final int PREFIXES = 100_000;
  static final int PIDS = 1_000;
  /** About 20 MB of network map text (the report prints the exact size). */
  static final int BIG_MAP_PREFIXES = 1_120_000;
  static final ObjectMapper JACKSON = new ObjectMapper();

  /** A 100,000-prefix map, its index, the TreeMap baseline over the same ranges, and probe addresses. */
  @State(Scope.Benchmark)
  public static class Lookups {
    PidIndex v4;
    PidIndex v6;
    TreeMap<Long, Integer> v4Tree;
    TreeMap<Long, Integer> v6Tree;
    int[] v4Probes = new int[LOOKUPS];
    long[] v6High = new long[LOOKUPS];
    long[] v6Low = new long[LOOKUPS];

    @Setup
    public void setup() throws Exception {
      NetworkMap m4 = AltoDocuments.parseNetworkMap(MapGenerator.networkMap(PREFIXES, PIDS, false, 1));
      NetworkMap m6 = AltoDocuments.parseNetworkMap(MapGenerator.networkMap(PREFIXES, PIDS, true, 2));
      v4 = m4.index();
      v6 = m6.index();
      v4Tree = boundaries(m4, false);
      v6Tree = boundaries(m6, true);
      Random rnd = new Random(3);
      for (int i = 0; i < LOOKUPS; i++) {
        v4Probes[i] = rnd.nextInt();
        v6High[i] = rnd.nextBoolean() ? 0x2000L << 48 | (rnd.nextLong() >>> 16) : rnd.nextLong();
        v6Low[i] = rnd.nextLong();
      }
      for (int i = 0; i < LOOKUPS; i++) {
        if (v4.indexOfIpv4(v4Probes[i]) != v4Tree.floorEntry(v4Probes[i] & 0xffffffffL).getValue()
            || v6.indexOfIpv6(v6High[i], v6Low[i]) != v6Tree.floorEntry(v6High[i]).getValue()) {
          throw new IllegalStateException("baseline disagrees with the index at probe " + i);
        }
      }
    }

    /**
     * The naive structure a Java developer would write: a TreeMap from each range start to its PID.
     * Ranges change only at prefix starts and one past prefix ends, so probing the index there
     * yields exactly the same ranges. IPv6 keys use the top 64 bits (all generated prefixes are
     * /64 or shorter).
     */
    private static TreeMap<Long, Integer> boundaries(NetworkMap m, boolean ipv6) throws Exception {
      TreeMap<Long, Integer> t = new TreeMap<>(Long::compareUnsigned);
      t.put(0L, m.index().indexOf(InetAddress.getByAddress(new byte[ipv6 ? 16 : 4])));
      for (String pid : m.pids()) {
        for (IpPrefix p : m.prefixes(pid)) {
          if (p.ipv6() != ipv6) {
            continue;
          }
          long start = ipv6 ? p.hi() : p.lo();
          long span = ipv6 ? (p.length() >= 64 ? 0 : -1L >>> p.length()) : (0xffffffffL >>> p.length());
          long next = start + span + 1;
          t.put(start, ipv6 ? m.index().indexOfIpv6(start, 0) : m.index().indexOfIpv4((int) start));
          if (next != 0 && (ipv6 || next <= 0xffffffffL)) {
            t.put(next, ipv6 ? m.index().indexOfIpv6(next, 0) : m.index().indexOfIpv4((int) next));
          }
        }
      }
      return t;
    }
  }

  /** The documents parsed. */
  @State(Scope.Benchmark)
  public static class Documents {
    byte[] networkMap;
    byte[] costMap;

    @Setup
    public void setup() {
      networkMap = MapGenerator.networkMap(BIG_MAP_PREFIXES, PIDS, false, 4);
      costMap = MapGenerator.costMap(PIDS, 5);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(LOOKUPS)
  public int ipv4LookupIndex(Lookups s) {
    int acc = 0;
    for (int a : s.v4Probes) {
      acc += s.v4.indexOfIpv4(a);
    }
    return acc;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(LOOKUPS)
  public int ipv4LookupTreeMap(Lookups s) {
    int acc = 0;
    for (int a : s.v4Probes) {
      acc += s.v4Tree.floorEntry(a & 0xffffffffL).getValue();
    }
    return acc;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(LOOKUPS)
  public int ipv6LookupIndex(Lookups s) {
    int acc = 0;
    for (int i = 0; i < LOOKUPS; i++) {
      acc += s.v6.indexOfIpv6(s.v6High[i], s.v6Low[i]);
    }
    return acc;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(LOOKUPS)
  public int ipv6LookupTreeMap(Lookups s) {
    int acc = 0;
    for (int i = 0; i < LOOKUPS; i++) {
      acc += s.v6Tree.floorEntry(s.v6High[i]).getValue();
    }
    return acc;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public NetworkMap networkMapParseValidated(Documents d) throws Exception {
    return AltoDocuments.parseNetworkMap(d.networkMap);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public JsonNode networkMapJacksonTree(Documents d) throws Exception {
    return JACKSON.readTree(d.networkMap);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public CostMap costMapParseValidated(Documents d) throws Exception {
    return AltoDocuments.parseCostMap(d.costMap);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public JsonNode costMapJacksonTree(Documents d) throws Exception {
    return JACKSON.readTree(d.costMap);
  }

  /** Runs every benchmark above and prints the report; arguments are ignored. */
  public static void main(String[] args) throws Exception {
    Collection<RunResult> results = new Runner(new OptionsBuilder().include(AltoModelBench.class.getName()).build()).run();
    Map<String, Double> score = new TreeMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      score.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
    }
    Documents d = new Documents();
    d.setup();
    double mb = d.networkMap.length / 1e6;
    System.out.println("\n## Results\n");
    System.out.println("| measure | altoredist | baseline | altoredist is |");
    System.out.println("|---|---|---|---|");
    row("IPv4 lookups/s, 100,000 prefixes, one thread", score.get("ipv4LookupIndex"), score.get("ipv4LookupTreeMap"), "%.1fM", 1e-6);
    row("IPv6 lookups/s, 100,000 prefixes, one thread", score.get("ipv6LookupIndex"), score.get("ipv6LookupTreeMap"), "%.1fM", 1e-6);
    Double nmOurs = score.get("networkMapParseValidated");
    Double nmBase = score.get("networkMapJacksonTree");
    if (nmOurs != null && nmBase != null) {
      row(String.format("network map parse, MB/s (%.1f MB, %,d prefixes)", mb, BIG_MAP_PREFIXES + 1),
          mb / (nmOurs / 1000), mb / (nmBase / 1000), "%.0f", 1);
    }
    Double cmOurs = score.get("costMapParseValidated");
    Double cmBase = score.get("costMapJacksonTree");
    if (cmOurs != null && cmBase != null) {
      // Times: report the baseline's time over ours, so that above 1× means faster, as in the rows above.
      System.out.printf("| 1,000×1,000 cost map parse, ms (%.1f MB) | %.0f | %.0f | %.2f× as fast |%n",
          d.costMap.length / 1e6, cmOurs, cmBase, cmBase / cmOurs);
    }
    CostMap cm = AltoDocuments.parseCostMap(d.costMap);
    long matrix = GraphLayout.parseInstance(cm.matrix()).totalSize();
    long document = GraphLayout.parseInstance(cm).totalSize();
    long tree = GraphLayout.parseInstance(JACKSON.readTree(d.costMap)).totalSize();
    System.out.printf("%n| retained heap, 1,000×1,000 cost map | bytes |%n|---|---|%n");
    System.out.printf("| CostMatrix (what ranking holds) | %,d |%n", matrix);
    System.out.printf("| CostMap document (matrix + the exact %,d source bytes + meta) | %,d |%n", d.costMap.length, document);
    System.out.printf("| Jackson tree of the same document (baseline) | %,d |%n", tree);
    NetworkMap nm = AltoDocuments.parseNetworkMap(MapGenerator.networkMap(PREFIXES, PIDS, false, 1));
    System.out.printf("| PidIndex, 100,000 IPv4 prefixes (%,d ranges) | %,d |%n", nm.index().rangeCount(),
        GraphLayout.parseInstance(nm.index()).totalSize());
  }

  private static void row(String what, Double ours, Double base, String fmt, double scale) {
    if (ours == null || base == null) {
      return;
    }
    System.out.printf("| %s | " + fmt + " | " + fmt + " | %.2f× as fast |%n", what, ours * scale, base * scale, ours / base);
  }
}
