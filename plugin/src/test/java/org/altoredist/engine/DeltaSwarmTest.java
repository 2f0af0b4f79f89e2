package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.altoredist.engine.sim.MapMaker;
import org.altoredist.engine.sim.SimulatedAltoServer;
import org.altoredist.testing.Await;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.WireConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Incremental updates on engines over the real peer-wire endpoint (bep_ar_alto.md, "Deltas"): a
 * 2 MB network map of which 1 % of the prefixes move to another PID. The seeder fetches the new
 * version from the ALTO server and offers the delta from the old one beside it; the peers that
 * hold the old version fetch the delta, rebuild the new version, verify it and offer both on; a
 * peer that joins later, holding nothing, fetches the full bundles. Every node ends holding the
 * server's exact bytes.
 */
class DeltaSwarmTest {

  static final InfoHash TORRENT = InfoHash.ofHex("de17ade17ade17ade17ade17ade17ade17ade17a");
  static final String[] HOSTS = {"127.0.1.1", "127.0.1.2", "127.0.2.1", "127.0.3.1"};
  static final int MAP_BYTES = 2_000_000;
  static final double CHURN = 0.01;

  private final List<RedistributionEngine> engines = new ArrayList<>();

  @AfterEach
  void close() {
    engines.forEach(RedistributionEngine::close);
  }

  @Test
  void holdersOfTheBaseMoveToTheNextVersionByDeltaAndNewcomersByFullBundles() throws Exception {
    SimulatedAltoServer server = new SimulatedAltoServer("https://alto.loopback.example/directory",
        Clock.systemUTC(), 16);
    server.publish(MapMaker.make(4, MAP_BYTES, 16, 1, CHURN), 1, Duration.ofHours(1), RedistributionScope.SERVICE);
    TrustPolicy trust = server.trustPolicy(Clock.systemUTC());
    InetSocketAddress seeder = null;
    for (String host : HOSTS) {
      seeder = start(host, server, trust, seeder);
    }
    awaitVersion(engines, 1);

    server.publish(MapMaker.make(4, MAP_BYTES, 16, 2, CHURN), 2, Duration.ofHours(1), RedistributionScope.SERVICE);
    byte[] full = server.bundle(MapMaker.NETWORK_MAP_ID);
    List<Long> before = engines.stream().map(e -> e.stats().payloadBytesReceived()).toList();
    engines.get(0).refresh();
    awaitVersion(engines, 2);
    for (int i = 1; i < engines.size(); i++) {
      RedistributionEngine e = engines.get(i);
      // The cost map of 4 PIDs is smaller than its signature: its delta would not pay, and is not offered.
      assertEquals(1, e.stats().deltasApplied(), HOSTS[i] + ": the network map rebuilt from a delta");
      long spent = e.stats().payloadBytesReceived() - before.get(i);
      assertTrue(spent <= full.length * 3 / 100, HOSTS[i] + " received " + spent + " bytes to move to version 2 of a "
          + full.length + "-byte network map bundle");
    }
    assertEquals(6, server.requests(), "only the seeder asks the server, once per resource and version");

    start("127.0.4.1", server, trust, seeder);
    RedistributionEngine newcomer = engines.get(engines.size() - 1);
    awaitVersion(List.of(newcomer), 2);
    assertEquals(0, newcomer.stats().deltasApplied());
    assertTrue(newcomer.stats().payloadBytesReceived() >= full.length, "a node without the base fetches it whole");
    BundleHash sha = BundleHash.compute(full);
    for (RedistributionEngine e : engines) {
      HeldResource nm = e.held().stream().filter(h -> MapMaker.NETWORK_MAP_ID.equals(h.resourceId())).findFirst()
          .orElseThrow();
      assertEquals(sha, nm.hash(), "every node holds the server's exact bundle");
    }
  }

  private InetSocketAddress start(String host, SimulatedAltoServer server, TrustPolicy trust, InetSocketAddress seeder)
      throws Exception {
    WireTransport t = WireTransport.open(new InetSocketAddress(host, 0), WireConfig.defaults());
    RedistributionEngine e = RedistributionEngine.builder().use(trust)
        .localAddresses(List.of(InetAddress.getByName(host))).transport(t)
        .discovery(seeder == null ? Discovery.none() : Discovery.fixed(List.of(seeder)))
        .serverFallback(server, seeder == null ? Duration.ZERO : Duration.ofMinutes(10), 0)
        .tick(Duration.ofMillis(100)).resourceRendezvous(false).random(new SplittableRandom(engines.size()))
        .build();
    e.start();
    e.join(TORRENT);
    engines.add(e);
    return seeder == null ? t.localAddress() : seeder;
  }

  private static void awaitVersion(List<RedistributionEngine> nodes, long version) throws InterruptedException {
    for (RedistributionEngine e : nodes) {
      Await.until("every node holds version " + version + " of the IRD and both maps",
          () -> e.held().stream().filter(h -> h.sequence() == version).count() == 3);
    }
  }
}
