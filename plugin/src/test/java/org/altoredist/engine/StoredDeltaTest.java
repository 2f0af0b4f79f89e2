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
import org.altoredist.testing.Await;
import org.altoredist.trust.DeltaBundle;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.SignedBundle;
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
 * moves by delta too. A seeder that has held several versions keeps the older ones on disk as
 * bases, and offers deltas from them, so a node two versions behind moves by delta as well.
 */
class StoredDeltaTest {

  static final InfoHash TORRENT = InfoHash.ofHex("5707ed5707ed5707ed5707ed5707ed5707ed5707");
  static final int MAP_BYTES = 2_000_000;
  static final Duration VERSION_DEADLINE = Duration.ofMinutes(2);

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
    SimulatedAltoServer server = serverAtVersion1(17);
    TrustPolicy trust = server.trustPolicy(Clock.systemUTC());
    List<byte[]> v1 = bundles(server);
    RedistributionEngine seeder = start("127.0.5.1", server, trust, null, null, true);
    InetSocketAddress seederAt = at.get(seeder);
    RedistributionEngine peer = start("127.0.5.2", server, trust, seederAt, dir.resolve("peer"), false);
    awaitVersion(List.of(seeder, peer), 1);
    server.publish(MapMaker.make(4, MAP_BYTES, 17, 2, 0.01), 2, Duration.ofHours(1), RedistributionScope.SERVICE);
    seeder.refresh();
    awaitVersion(List.of(peer), 2);
    assertEquals(1, peer.stats().deltasApplied());
    Path stored = dir.resolve("peer").resolve("bundles").resolve(MapStore.serviceDirectory(server.service()));
    Await.until("the delta on disk", () -> count(stored, MapStore.DELTA_SUFFIX) == 1);
    peer.close();
    seeder.close();

    RedistributionEngine restarted = start("127.0.5.2", server, trust, null, dir.resolve("peer"), false);
    awaitVersion(List.of(restarted), 2);
    MapStore onBase = new MapStore(dir.resolve("late").resolve("bundles"));
    for (byte[] b : v1) {
      onBase.put(server.service(), BundleHash.compute(b), b);
    }
    RedistributionEngine late = start("127.0.5.3", server, trust, at.get(restarted), dir.resolve("late"), false);
    awaitVersion(List.of(late), 2);
    assertEquals(1, late.stats().deltasApplied(), "version 2 came as the restarted peer's stored delta");
    assertEquals(6, server.requests(), "only the first seeder asked the server");
  }

  @Test
  void aNodeTwoVersionsBehindMovesByTheOriginsDeltaFromItsVersion() throws Exception {
    SimulatedAltoServer server = serverAtVersion1(18);
    TrustPolicy trust = server.trustPolicy(Clock.systemUTC());
    List<byte[]> v1 = bundles(server);
    RedistributionEngine seeder = start("127.0.5.4", server, trust, null, dir.resolve("seeder"), true);
    awaitVersion(List.of(seeder), 1);
    Path stored = dir.resolve("seeder").resolve("bundles").resolve(MapStore.serviceDirectory(server.service()));
    String v1Base = "-" + BundleHash.compute(v1.get(1)).hex() + MapStore.BASE_SUFFIX;
    for (int v = 2; v <= 3; v++) {
      server.publish(MapMaker.make(4, MAP_BYTES, 18, v, 0.01), v, Duration.ofHours(1), RedistributionScope.SERVICE);
      seeder.refresh();
      awaitVersion(List.of(seeder), v);
      if (v == 2) {
        // Version 1 is retired as a base only once version 2's delta is made, and then on the disk
        // thread; version 3's deltas are made from the bases on disk at its install, so a refresh
        // before that (seen at load 30) makes none from version 1. Versions come minutes apart.
        Await.until("version 1 kept as a base", VERSION_DEADLINE, () -> count(stored, v1Base) == 1);
      }
    }
    // The seeder offers (and stores) the delta from version 1 once made; a node joining before that
    // would be told of the full version 3 only.
    byte[] fromV1 = DeltaBundle.between(SignedBundle.parse(v1.get(1)),
        SignedBundle.parse(server.bundle(MapMaker.NETWORK_MAP_ID))).encoded();
    Path deltaFile = stored.resolve(BundleHash.compute(fromV1).hex() + MapStore.DELTA_SUFFIX);
    Await.until("the seeder offers the delta from version 1", VERSION_DEADLINE, () -> Files.exists(deltaFile));
    MapStore onBase = new MapStore(dir.resolve("late").resolve("bundles"));
    for (byte[] b : v1) {
      onBase.put(server.service(), BundleHash.compute(b), b);
    }
    RedistributionEngine late = start("127.0.5.5", server, trust, at.get(seeder), dir.resolve("late"), false);
    awaitVersion(List.of(late), 3);
    assertEquals(1, late.stats().deltasApplied(), "version 3 came as the delta from version 1");
    assertTrue(late.stats().payloadBytesReceived() < server.bundle(MapMaker.NETWORK_MAP_ID).length / 4,
        late.stats().payloadBytesReceived() + " bytes received");
    assertEquals(9, server.requests(), "only the seeder asked the server");
  }

  /** An ALTO server with version 1 of the IRD and a 2 MB network map and its cost map. */
  private static SimulatedAltoServer serverAtVersion1(long seed) {
    SimulatedAltoServer server = new SimulatedAltoServer("https://alto.loopback.example/directory", Clock.systemUTC(),
        seed);
    server.publish(MapMaker.make(4, MAP_BYTES, seed, 1, 0.01), 1, Duration.ofHours(1), RedistributionScope.SERVICE);
    return server;
  }

  /** The bundles the server serves now: the IRD, the network map, the cost map. */
  private static List<byte[]> bundles(SimulatedAltoServer server) {
    List<byte[]> out = new ArrayList<>();
    for (String id : Arrays.asList(null, MapMaker.NETWORK_MAP_ID, MapMaker.COST_MAP_ID)) {
      out.add(server.bundle(id));
    }
    return out;
  }

  private static long count(Path d, String suffix) {
    try (var s = Files.list(d)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  /** A node; only one started with {@code asksServer} asks the ALTO server (at once), the others never in time. */
  private RedistributionEngine start(String host, SimulatedAltoServer server, TrustPolicy trust, InetSocketAddress peer,
      Path state, boolean asksServer) throws Exception {
    WireTransport t = WireTransport.open(new InetSocketAddress(host, 0), WireConfig.defaults());
    RedistributionEngine.Builder b = RedistributionEngine.builder().use(trust)
        .localAddresses(List.of(InetAddress.getByName(host))).transport(t)
        .discovery(peer == null ? Discovery.none() : Discovery.fixed(List.of(peer)))
        .serverFallback(server, asksServer ? Duration.ZERO : Duration.ofMinutes(10), 0)
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
      // A sender may hold an inventory back for up to a minute (6 per 60 s, bep_ar_alto.md), and on
      // a loaded machine a version's three resources can take more than one.
      Await.until("every node holds version " + version + " of the IRD and both maps", VERSION_DEADLINE,
          () -> e.held().stream().filter(h -> h.sequence() == version).count() == 3);
    }
  }
}
