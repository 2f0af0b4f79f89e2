package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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

/**
 * What a version's origin (the node that fetched it from the ALTO server) tells its peers when it
 * refreshes: each new version in one inventory with the withdrawal of the version it replaces and
 * its delta (bep_ar_alto.md, "inventory": changes are batched, at most 6 inventories per 60 s).
 * A withdrawal sent on its own while the delta is being made spends a second message of the burst
 * per resource, and a seeder refreshing an IRD and two maps then had its last new version held back
 * by the rate for a minute.
 */
class OriginInventoryTest {

  private static final InfoHash TORRENT = InfoHash.ofHex("0000000000000000000000000000000000041417");
  /** Large enough that its delta pays (under half the bundle) and takes a while to make. */
  private static final int MAP_BYTES = 1_000_000;

  @RegisterExtension
  final ScriptedTransport transport = new ScriptedTransport();
  private RedistributionEngine engine;

  @Test
  void aVersionReplacedAtItsOriginIsWithdrawnInTheInventoryThatClaimsItsSuccessor() throws Exception {
    SimulatedAltoServer server = new SimulatedAltoServer("https://alto.loopback.example/directory",
        Clock.systemUTC(), 16);
    server.publish(MapMaker.make(4, MAP_BYTES, 16, 1, 0.01), 1, Duration.ofHours(1), RedistributionScope.SERVICE);
    engine = transport.start(RedistributionEngine.builder().use(server.trustPolicy(Clock.systemUTC()))
        .localAddresses(List.of(InetAddress.getByName("127.0.1.1")))
        .serverFallback(server, Duration.ZERO, 0).tick(Duration.ofMillis(5)).resourceRendezvous(false));
    engine.join(TORRENT);
    PeerLink peer = transport.open(TORRENT, "127.0.2.1");
    Await.until("the IRD and both maps at version 1", () -> held(1).size() == 3);
    Set<BundleHash> first = held(1);
    // Version 1's own claims go out a batch delay after each install: counted as the refresh's
    // inventories, one that left late would fail the test for nothing.
    Await.until("version 1 claimed to the peer", () -> inventories(peer, 0).stream()
        .flatMap(i -> i.bundles().stream()).map(BundleClaim::hash).collect(Collectors.toSet()).containsAll(first));
    int before = transport.sent.size();

    server.publish(MapMaker.make(4, MAP_BYTES, 16, 2, 0.01), 2, Duration.ofHours(1), RedistributionScope.SERVICE);
    engine.refresh();
    Await.until("the IRD and both maps at version 2, and the network map's delta, claimed to the peer",
        () -> held(2).size() == 3 && inventories(peer, before).stream().map(ArAltoMessage.Inventory::dropped)
            .mapToLong(List::size).sum() == 3 && inventories(peer, before).stream().anyMatch(i -> !i.deltas().isEmpty()));

    List<ArAltoMessage.Inventory> refresh = inventories(peer, before);
    for (ArAltoMessage.Inventory i : refresh) {
      assertFalse(i.bundles().isEmpty(), "an inventory that only withdraws: " + i);
      assertTrue(first.containsAll(i.dropped()), "withdrew only version 1: " + i);
    }
    assertTrue(refresh.size() <= 3, "one inventory per new version at most, not " + refresh.size() + ": " + refresh);
  }

  private Set<BundleHash> held(long sequence) {
    return engine.held().stream().filter(h -> h.sequence() == sequence).map(HeldResource::hash)
        .collect(Collectors.toSet());
  }

  private List<ArAltoMessage.Inventory> inventories(PeerLink link, int from) {
    return transport.sent.subList(from, transport.sent.size()).stream().filter(s -> s.link() == link)
        .map(ScriptedTransport.Sent::message).filter(ArAltoMessage.Inventory.class::isInstance)
        .map(ArAltoMessage.Inventory.class::cast).toList();
  }
}
