package org.altoredist.bench;

import bt.torrent.maker.TorrentBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import org.altoredist.binding.bt.AltoBt;
import org.altoredist.binding.bt.BtPeer;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.HeldResource;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.engine.WireTransport;
import org.altoredist.engine.sim.MapMaker;
import org.altoredist.engine.sim.SimulatedAltoServer;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.WireConfig;

/**
 * How long a new map version takes to reach the last ALTO peer of a swarm, with {@code ar_alto}
 * in-wire on Bt's content connections against {@code ar_alto} on endpoints (the libtorrent4j
 * binding's transport), at the same swarm size, in one run. Each swarm: one seeder that publishes
 * each version (its IRD, network map and cost map, signed), the other peers told only the seeder's
 * address and finding the rest through endpoints messages; engines at their default settings. A
 * round publishes the next version, {@link #SPACING} after the last, and times, by polling every
 * 2 ms, until every peer holds its network map.
 *
 * <pre>mvn -B -q -pl plugin -Pbench test -Dbench.main=org.altoredist.bench.TransportPropagationBench -Dbench="12 6 1048576"</pre>
 * (peers, rounds, network-map bytes)
 */
public final class TransportPropagationBench {

  private static final String SERVICE = "https://alto.bench.example/directory";
  private static final Duration DEADLINE = Duration.ofMinutes(2);
  /**
   * Between publications: a version is three inventory messages (IRD, network map, cost map), and
   * a peer may send 6 per 60 s (bep_ar_alto.md), so versions 31 s apart are never held back by the
   * rate limit; faster, every third round would wait out the window and time the limiter instead.
   */
  private static final Duration SPACING = Duration.ofSeconds(31);

  private TransportPropagationBench() {}

  public static void main(String[] args) throws Exception {
    String[] a = args.length == 1 ? args[0].trim().split("\\s+") : args;
    int peers = a.length > 0 && a[0].matches("\\d+") ? Integer.parseInt(a[0]) : 12;
    int rounds = a.length > 1 ? Integer.parseInt(a[1]) : 6;
    int mapBytes = a.length > 2 ? Integer.parseInt(a[2]) : 1 << 20;
    SimulatedAltoServer server = new SimulatedAltoServer(SERVICE, Clock.systemUTC(), 7);
    TrustPolicy trust = server.trustPolicy(Clock.systemUTC());
    Path dir = Files.createTempDirectory("propagation-bench");

    List<long[]> results = new ArrayList<>();
    long[] endpoint = endpointSwarm(server, trust, peers, rounds, mapBytes);
    long[] inWire = inWireSwarm(server, trust, peers, rounds, mapBytes, dir);
    results.add(endpoint);
    results.add(inWire);
    System.out.printf("%n%d peers (1 seeder), %d rounds, network map of %d bytes; load average %s%n%n", peers, rounds,
        mapBytes, loadAverage());
    System.out.println("| transport | median | p90 | worst | rounds (ms) |");
    System.out.println("|---|---|---|---|---|");
    row("endpoint (libtorrent4j binding's)", endpoint);
    row("in-wire (Bt)", inWire);
    System.out.printf("%nin-wire / endpoint, medians: %.2f%n", (double) median(inWire) / median(endpoint));
    System.exit(0);
  }

  /** Engines over their own peer-wire endpoints, as the libtorrent4j binding runs them. */
  private static long[] endpointSwarm(SimulatedAltoServer server, TrustPolicy trust, int peers, int rounds,
      int mapBytes) throws Exception {
    InfoHash torrent = InfoHash.ofHex("be1c4be1c4be1c4be1c4be1c4be1c4be1c4be1c4");
    List<RedistributionEngine> engines = new ArrayList<>();
    try {
      InetSocketAddress seederAt = null;
      for (int i = 0; i < peers; i++) {
        WireTransport t = WireTransport.open(new InetSocketAddress(host(i), 0), WireConfig.defaults());
        RedistributionEngine e = RedistributionEngine.builder().use(trust).localAddresses(List.of(host(i)))
            .transport(t).discovery(i == 0 ? Discovery.none() : Discovery.fixed(List.of(seederAt)))
            .resourceRendezvous(false).build();
        seederAt = i == 0 ? t.localAddress() : seederAt;
        e.start();
        e.join(torrent);
        engines.add(e);
      }
      RedistributionEngine seeder = engines.get(0);
      long[] t = rounds(server, rounds, mapBytes, b -> seeder.publish(b).join(),
          () -> minSequence(engines.subList(1, engines.size()).stream().map(RedistributionEngine::held).toList()));
      System.out.println("endpoint links per peer: " + engines.stream().map(e -> e.stats().peersConnected()).toList());
      return t;
    } finally {
      engines.forEach(RedistributionEngine::close);
    }
  }

  /** Bt clients with ar_alto in-wire, all downloading one torrent nobody seeds, so their connections stay. */
  private static long[] inWireSwarm(SimulatedAltoServer server, TrustPolicy trust, int peers, int rounds, int mapBytes,
      Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("content"));
    byte[] content = new byte[4 << 20];
    new Random(7).nextBytes(content);
    Files.write(data.resolve("content.bin"), content);
    Path torrent = dir.resolve("content.torrent");
    Files.write(torrent, new TorrentBuilder().rootPath(data).addFile(data.resolve("content.bin")).build());
    List<BtPeer> clients = new ArrayList<>();
    try {
      for (int i = 0; i < peers; i++) {
        AltoBt.Builder b = AltoBt.builder().trust(trust).noServerFallback();
        if (i > 0) {
          b.bootstrap(clients.get(0).address);
        }
        clients.add(new BtPeer(host(i).getHostAddress(), torrent, Files.createDirectories(dir.resolve("bt-" + i)),
            b.build()));
      }
      AltoBt seeder = clients.get(0).alto;
      long[] t = rounds(server, rounds, mapBytes, bundle -> seeder.publish(bundle).join(),
          () -> minSequence(clients.subList(1, clients.size()).stream().map(c -> c.alto.held()).toList()));
      System.out.println("in-wire links per peer: " + clients.stream().map(c -> c.alto.stats().peersConnected()).toList());
      return t;
    } finally {
      clients.forEach(BtPeer::close);
    }
  }

  interface Publisher {
    void publish(byte[] bundle) throws Exception;
  }

  /**
   * Version 1 first, untimed (links form, every peer learns the maps once); then each round
   * publishes the next version at the seeder and times until the lowest network-map sequence any
   * peer holds is that version's.
   */
  private static long[] rounds(SimulatedAltoServer server, int rounds, int mapBytes, Publisher seeder,
      LongSupplier lowest) throws Exception {
    long[] times = new long[rounds];
    for (int v = 1; v <= rounds + 1; v++) {
      if (v > 1) {
        Thread.sleep(SPACING.toMillis());
      }
      server.publish(MapMaker.make(4, mapBytes, 1, v), v, Duration.ofHours(1), RedistributionScope.SERVICE);
      long start = System.nanoTime();
      for (String id : new String[] {null, MapMaker.NETWORK_MAP_ID, MapMaker.COST_MAP_ID}) {
        seeder.publish(server.bundle(id));
      }
      long deadline = start + DEADLINE.toNanos();
      while (lowest.getAsLong() < v) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("version " + v + " did not reach every peer within " + DEADLINE);
        }
        Thread.sleep(2);
      }
      if (v > 1) {
        times[v - 2] = (System.nanoTime() - start) / 1_000_000;
      }
    }
    return times;
  }

  /** The lowest network-map sequence held across the peers; -1 while one holds none. */
  private static long minSequence(List<List<HeldResource>> helds) {
    long min = Long.MAX_VALUE;
    for (List<HeldResource> held : helds) {
      long seq = held.stream().filter(h -> MapMaker.NETWORK_MAP_ID.equals(h.resourceId()))
          .mapToLong(HeldResource::sequence).max().orElse(-1);
      min = Math.min(min, seq);
    }
    return min;
  }

  /** Peer i at 127.0.p.(100+i), four PIDs. */
  private static InetAddress host(int i) {
    try {
      return InetAddress.getByName("127.0." + (1 + i % 4) + "." + (100 + i));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void row(String name, long[] ms) {
    long[] s = ms.clone();
    Arrays.sort(s);
    System.out.printf("| %s | %d ms | %d ms | %d ms | %s |%n", name, median(ms), s[(int) Math.ceil(0.9 * s.length) - 1],
        s[s.length - 1], Arrays.toString(ms));
  }

  private static long median(long[] ms) {
    long[] s = ms.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
