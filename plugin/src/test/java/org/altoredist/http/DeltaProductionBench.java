package org.altoredist.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.altoredist.bench.TempTree;
import org.altoredist.engine.sim.MapMaker;
import org.altoredist.trust.SignedBundle;

/**
 * What the server's delta production (alto-http.md §4.10) costs per new version of a large network
 * map, side by side with what publishing the version costs without it (its bundle written to the
 * state directory, fsync and rename: the part {@link DeltaHistory} adds in any case), and what the
 * deltas weigh against the full bundle. Versions move {@code churn} of the prefixes each, as
 * {@code DeltaSwarmBench}'s do. Arguments: "map-bytes churn versions".
 *
 * <p>{@code mvn -B -q -pl plugin -Pbench test -Dbench.main=org.altoredist.http.DeltaProductionBench
 * -Dbench="20000000 0.01 8"}
 */
public final class DeltaProductionBench {

  private DeltaProductionBench() {}

  public static void main(String[] args) throws Exception {
    String[] a = args.length == 1 ? args[0].trim().split("\\s+") : args;
    int mapBytes = a.length > 0 ? Integer.parseInt(a[0]) : 20_000_000;
    double churn = a.length > 1 ? Double.parseDouble(a[1]) : 0.01;
    int versions = a.length > 2 ? Integer.parseInt(a[2]) : 8;
    byte[] sig = new byte[1300];
    new SplittableRandom(1).nextBytes(sig);
    Path with = Files.createTempDirectory("delta-bench-with");
    Path without = Files.createTempDirectory("delta-bench-without");
    DeltaHistory deltas = new DeltaHistory(with, "https://isp.example/directory");
    System.out.printf("network map %,d bytes, %.1f %% of prefixes move per version, load average %.2f%n", mapBytes,
        churn * 100, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.println("version  bases  publish with deltas ms  bundle only ms  ratio  delta bytes / full bundle");
    try {
      run(deltas, without, sig, mapBytes, churn, versions);
    } finally {
      // Both state directories hold every version written: hundreds of MB for a 20 MB map.
      TempTree.delete(with);
      TempTree.delete(without);
    }
  }

  private static void run(DeltaHistory deltas, Path without, byte[] sig, int mapBytes, double churn, int versions)
      throws Exception {
    for (int v = 1; v <= versions; v++) {
      byte[] body = MapMaker.make(8, mapBytes, 3, v, churn).networkMap();
      SignedBundle b = SignedBundle.of(sig, body);
      long t0 = System.nanoTime();
      Map<String, byte[]> made = deltas.publish("nm", v, b);
      long t1 = System.nanoTime();
      // The baseline: the same bundle kept in a state directory without deltas (one write, fsync, rename).
      new DeltaHistory(without.resolve("v" + v), "https://isp.example/directory").publish("nm", v, b);
      long t2 = System.nanoTime();
      double[] shares = made.values().stream().mapToDouble(d -> (double) d.length / b.encoded().length).sorted()
          .toArray();
      System.out.printf("%7d  %5d  %22.0f  %14.0f  %5.1f  %s%n", v, made.size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6,
          (double) (t1 - t0) / (t2 - t1), Arrays.toString(Arrays.stream(shares).mapToObj(x -> String.format("%.4f", x))
              .toArray()));
    }
  }
}
