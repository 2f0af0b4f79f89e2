package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.altoredist.engine.sim.MapMaker;
import org.altoredist.engine.sim.SimulatedAltoServer;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.WireConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's store keeps the deltas it holds (MapStore's {@code .arsd} files): a peer that moved to
 * version 2 by delta, restarted, serves that delta again to a node still on version 1, which then
 * moves by delta too.
 */
class StoredDeltaTest {

  static final InfoHash TORRENT = InfoHash.ofHex("5707ed5707ed5707ed5707ed5707ed5707ed5707");
  static final int MAP_BYTES = 2_000_000;

  @TempDir
  Path dir;

  private final List<RedistributionEngine> engines = new ArrayList<>();
  private final java.util.Map<RedistributionEngine, InetSocketAddress> at = new java.util.HashMap<>();

  @AfterEach
  void close() {
    engines.forEach(RedistributionEngine::close);
  }

  @Test
  void aRestartedPeerServesTheDeltaItHeldToANodeStillOnTheBase() throws Exception {
    SimulatedAltoServer server = new SimulatedAltoServer("https://alto.loopback.example/directory",
        Clock.systemUTC(), 17);
    server.publish(MapMaker.make(4, MAP_BYTES, 17, 1, 0.01), 1, Duration.ofHours(1), RedistributionScope.SERVICE);
    TrustPolicy trust = server.trustPolicy(Clock.systemUTC());
    List<byte[]> v1 = new ArrayList<>();
    for (String id : Arrays.asList(null, MapMaker.NETWORK_MAP_ID, MapMaker.COST_MAP_ID)) {
      v1.add(server.bundle(id));
    }
    RedistributionEngine seeder = start("127.0.5.1", server, trust, null, null);
    InetSocketAddress seederAt = at.get(seeder);
    RedistributionEngine peer = start("127.0.5.2", server, trust, seederAt, dir.resolve("peer"));
    awaitVersion(List.of(seeder, peer), 1);
    server.publish(MapMaker.make(4, MAP_BYTES, 17, 2, 0.01), 2, Duration.ofHours(1), RedistributionScope.SERVICE);
    seeder.refresh();
    awaitVersion(List.of(peer), 2);
    assertEquals(1, peer.stats().deltasApplied());
    Path stored = dir.resolve("peer").resolve("bundles").resolve(MapStore.serviceDirectory(server.service()));
    Await.until("the delta on disk", () -> count(stored, MapStore.DELTA_SUFFIX) == 1);
    peer.close();
    seeder.close();

    RedistributionEngine restarted = start("127.0.5.2", server, trust, null, dir.resolve("peer"));
    awaitVersion(List.of(restarted), 2);
    MapStore onBase = new MapStore(dir.resolve("late").resolve("bundles"));
    for (byte[] b : v1) {
      onBase.put(server.service(), BundleHash.compute(b), b);
    }
    RedistributionEngine late = start("127.0.5.3", server, trust, at.get(restarted), dir.resolve("late"));
    awaitVersion(List.of(late), 2);
    assertEquals(1, late.stats().deltasApplied(), "version 2 came as the restarted peer's stored delta");
    assertEquals(6, server.requests(), "only the first seeder asked the server");
  }

  private static long count(Path d, String suffix) {
    try (var s = Files.list(d)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private RedistributionEngine start(String host, SimulatedAltoServer server, TrustPolicy trust, InetSocketAddress peer,
      Path state) throws Exception {
    WireTransport t = WireTransport.open(new InetSocketAddress(host, 0), WireConfig.defaults());
    RedistributionEngine.Builder b = RedistributionEngine.builder().use(trust)
        .localAddresses(List.of(InetAddress.getByName(host))).transport(t)
        .discovery(peer == null ? Discovery.none() : Discovery.fixed(List.of(peer)))
        .serverFallback(server, peer == null && state == null ? Duration.ZERO : Duration.ofMinutes(10), 0)
        .tick(Duration.ofMillis(100)).resourceRendezvous(false).random(new SplittableRandom(engines.size()));
    if (state != null) {
      b.stateDir(state);
    }
    RedistributionEngine e = b.build();
    e.start();
    e.join(TORRENT);
    engines.add(e);
    at.put(e, t.localAddress());
    return e;
  }

  private static void awaitVersion(List<RedistributionEngine> nodes, long version) throws InterruptedException {
    for (RedistributionEngine e : nodes) {
      Await.until("every node holds version " + version + " of the IRD and both maps",
          () -> e.held().stream().filter(h -> h.sequence() == version).count() == 3);
    }
  }
}
