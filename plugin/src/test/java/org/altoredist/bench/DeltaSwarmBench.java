package org.altoredist.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.HeldResource;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.engine.WireTransport;
import org.altoredist.engine.sim.MapMaker;
import org.altoredist.engine.sim.SimulatedAltoServer;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.WireConfig;

/**
 * What moving to the next version of a large network map costs each peer of a real swarm (engines
 * over the peer-wire endpoint on loopback, default settings), with delta bundles: version 1 arrives
 * whole (the baseline, in the same run), version 2 moves {@code churn} of the prefixes to another
 * PID and reaches every peer that holds version 1 as a delta. Reports each non-seeding peer's piece
 * bytes for each version over the network map bundle's size (median, p90, worst), and checks that
 * every peer ends holding the server's exact bundles.
 *
 * <pre>mvn -B -q -pl plugin -Pbench test -Dbench.main=org.altoredist.bench.DeltaSwarmBench -Dbench="8 20000000 0.01"</pre>
 * (peers, network-map bytes, churn)
 */
public final class DeltaSwarmBench {

  private static final String SERVICE = "https://alto.bench.example/directory";
  private static final InfoHash TORRENT = InfoHash.ofHex("de17ab0de17ab0de17ab0de17ab0de17ab0de17a");
  private static final Duration DEADLINE = Duration.ofMinutes(5);
  /**
   * Between version 1 reaching every peer and version 2's publication: a peer may send 6
   * inventories per 60 s (bep_ar_alto.md), and a version installed resource by resource takes
   * several, so versions closer together would time the rate limit, not the transfer. Real maps
   * change minutes apart.
   */
  private static final Duration SPACING = Duration.ofSeconds(61);

  private DeltaSwarmBench() {}

  public static void main(String[] args) throws Exception {
    String[] a = args.length == 1 ? args[0].trim().split("\\s+") : args;
    int peers = a.length > 0 && a[0].matches("\\d+") ? Integer.parseInt(a[0]) : 8;
    int mapBytes = a.length > 1 ? Integer.parseInt(a[1]) : 20_000_000;
    double churn = a.length > 2 ? Double.parseDouble(a[2]) : 0.01;
    SimulatedAltoServer server = new SimulatedAltoServer(SERVICE, Clock.systemUTC(), 3);
    TrustPolicy trust = server.trustPolicy(Clock.systemUTC());
    List<RedistributionEngine> engines = new ArrayList<>();
    try {
      server.publish(MapMaker.make(8, mapBytes, 3, 1, churn), 1, Duration.ofHours(1), RedistributionScope.SERVICE);
      InetSocketAddress seeder = null;
      for (int i = 0; i < peers; i++) {
        String host = "127.0." + (1 + i % 8) + "." + (1 + i / 8);
        WireTransport t = WireTransport.open(new InetSocketAddress(host, 0), WireConfig.defaults());
        RedistributionEngine e = RedistributionEngine.builder().use(trust)
            .localAddresses(List.of(InetAddress.getByName(host))).transport(t)
            .discovery(seeder == null ? Discovery.none() : Discovery.fixed(List.of(seeder)))
            .serverFallback(server, seeder == null ? Duration.ZERO : Duration.ofHours(1), 0)
            .resourceRendezvous(false).random(new SplittableRandom(i)).build();
        e.start();
        e.join(TORRENT);
        seeder = seeder == null ? t.localAddress() : seeder;
        engines.add(e);
      }
      System.out.printf("%d peers on loopback, network map %d bytes, %.2f %% of its prefixes moving per version;"
          + " load average at start %.2f%n", peers, mapBytes, churn * 100, loadAverage());
      for (int v = 1; v <= 2; v++) {
        if (v > 1) {
          Thread.sleep(SPACING.toMillis());
          server.publish(MapMaker.make(8, mapBytes, 3, v, churn), v, Duration.ofHours(1), RedistributionScope.SERVICE);
          engines.get(0).refresh();
        }
        long[] before = engines.stream().skip(1).mapToLong(e -> e.stats().payloadBytesReceived()).toArray();
        long start = System.nanoTime();
        await(engines, v);
        long ms = (System.nanoTime() - start) / 1_000_000;
        byte[] full = server.bundle(MapMaker.NETWORK_MAP_ID);
        long[] spent = new long[before.length];
        for (int i = 0; i < spent.length; i++) {
          spent[i] = engines.get(i + 1).stats().payloadBytesReceived() - before[i];
        }
        Arrays.sort(spent);
        long deltas = engines.stream().skip(1).mapToLong(e -> e.stats().deltasApplied()).sum();
        System.out.printf("version %d: every peer held it after %d ms; piece bytes per peer over the network map bundle"
            + " (%d bytes): median %.4f, p90 %.4f, worst %.4f; versions rebuilt from deltas so far: %d%n", v, ms,
            full.length, ratio(spent[(spent.length - 1) / 2], full), ratio(spent[(int) Math.ceil(0.9 * spent.length) - 1],
            full), ratio(spent[spent.length - 1], full), deltas);
        BundleHash exact = BundleHash.compute(full);
        for (RedistributionEngine e : engines) {
          if (e.held().stream().noneMatch(h -> h.hash().equals(exact))) {
            throw new AssertionError("a peer does not hold the server's exact network map of version " + v);
          }
        }
      }
      System.out.printf("load average at the end %.2f%n", loadAverage());
    } finally {
      engines.forEach(RedistributionEngine::close);
    }
  }

  private static double ratio(long bytes, byte[] full) {
    return (double) bytes / full.length;
  }

  private static void await(List<RedistributionEngine> engines, long version) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    for (RedistributionEngine e : engines) {
      while (e.held().stream().filter(h -> h.sequence() == version).map(HeldResource::resourceId).count() < 3) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("version " + version + " did not reach every peer within " + DEADLINE);
        }
        Thread.sleep(5);
      }
    }
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
