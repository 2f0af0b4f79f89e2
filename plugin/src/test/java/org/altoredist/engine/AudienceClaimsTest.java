package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.altoredist.alto.IpPrefix;
import org.altoredist.engine.sim.MapMaker;
import org.altoredist.engine.sim.SimulatedAltoServer;
import org.altoredist.testing.Await;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.InfoHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * bep_ar_alto.md, "inventory": an audience-scoped bundle is claimed only to peers inside its
 * audience, as only they are served it. A real engine holds maps scoped to 127.0.1.0/24 and
 * 127.0.2.0/24; a peer of 127.0.2.0/24 is told of them, one of 127.0.3.0/24 is not.
 */
class AudienceClaimsTest {

  static final InfoHash TORRENT = InfoHash.ofHex("a0d1e2c3a0d1e2c3a0d1e2c3a0d1e2c3a0d1e2c3");

  @TempDir
  Path dir;

  @RegisterExtension
  final ScriptedTransport transport = new ScriptedTransport();

  @Test
  void anAudienceBundleIsClaimedOnlyToPeersInsideItsAudience() throws Exception {
    SimulatedAltoServer server = new SimulatedAltoServer("https://alto.loopback.example/directory",
        Clock.systemUTC(), 31);
    server.publish(MapMaker.make(4, 20_000, 31, 1, 0.01), 1, Duration.ofHours(1), RedistributionScope.audience(
        List.of(IpPrefix.parse("127.0.1.0/24"), IpPrefix.parse("127.0.2.0/24"))));
    MapStore store = new MapStore(dir.resolve("bundles"));
    for (String id : Arrays.asList(null, MapMaker.NETWORK_MAP_ID, MapMaker.COST_MAP_ID)) {
      byte[] b = server.bundle(id);
      store.put(server.service(), BundleHash.compute(b), b);
    }
    RedistributionEngine engine = transport.start(RedistributionEngine.builder()
        .use(server.trustPolicy(Clock.systemUTC())).localAddresses(List.of(InetAddress.getByName("127.0.1.1")))
        .stateDir(dir).tick(Duration.ofMillis(20)).resourceRendezvous(false));
    engine.join(TORRENT);
    Await.until("the audience maps loaded from the store", () -> engine.held().size() == 3);

    PeerLink inside = transport.open(TORRENT, "127.0.2.1");
    PeerLink outside = transport.open(TORRENT, "127.0.3.1");
    Await.until("the peer inside the audience told of all three", () -> claimed(inside).size() == 3);
    assertEquals(3, claimed(inside).size());
    assertTrue(claimed(outside).isEmpty(), "the peer outside is told of nothing it could not be sent");
  }

  private Set<BundleHash> claimed(PeerLink link) {
    return transport.sent.stream().filter(s -> s.link() == link && s.message() instanceof ArAltoMessage.Inventory)
        .flatMap(s -> ((ArAltoMessage.Inventory) s.message()).bundles().stream()).map(BundleClaim::hash)
        .collect(Collectors.toSet());
  }
}
