package org.altoredist.engine.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.altoredist.engine.BundleCache;
import org.altoredist.engine.HeldResource;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.WireLimits;
import org.junit.jupiter.api.Test;

/**
 * A node that holds nothing and hears a claim of a newer version nobody can deliver before it
 * starts on the real, older one must not wait the whole request timeout (150 rounds) on the
 * claimant: the older version is useful at once. In the every-fault simulation this wait, repeated
 * at every node the phantom reached, delayed version 1 from round 24 to round 155.
 */
class PhantomClaimBeforeDownloadTest {

  private static final long SEED = 7;
  private static final int PIDS = 2;
  private static final int MAP_BYTES = 64 * 1024;

  private final VirtualLoop loop = new VirtualLoop(Instant.parse("2026-03-01T00:00:00Z"));
  private final InMemoryNetwork network = new InMemoryNetwork(loop, Duration.ofMillis(100), WireLimits.PIECE_SIZE,
      SEED);
  private final InMemoryRendezvous rendezvous = new InMemoryRendezvous(8, SEED);
  private final SimulatedAltoServer server = new SimulatedAltoServer(Simulation.SERVICE, loop.clock(), SEED);
  private final TrustPolicy trust = server.trustPolicy(loop.clock());
  private final BundleCache cache = new BundleCache();

  @Test
  void anOlderVersionOnOfferIsFetchedWhileAPhantomNewerOneDeliversNothing() {
    server.publish(MapMaker.make(PIDS, MAP_BYTES, SEED, 1), 1, Simulation.LIFETIME, RedistributionScope.SERVICE);
    byte[] nm = server.bundle(MapMaker.NETWORK_MAP_ID);
    BundleHash phantomHash = BundleHash.of(new byte[BundleHash.LENGTH]);
    InetSocketAddress nodeAt = Simulation.address(1, PIDS);
    // The phantom is met first, so the node's first choice is its newer claim.
    RedistributionEngine node = engine(1);
    HostilePeer phantom = new HostilePeer(Fault.PHANTOM_VERSION, network.attach(Simulation.address(2, PIDS)));
    phantom.offer(List.of(new HostilePeer.Offer(new BundleClaim(Simulation.SERVICE, MapMaker.NETWORK_MAP_ID, 2,
        nm.length, phantomHash), null)));
    long[] askedPhantom = {-1};
    network.tap(s -> {
      if (askedPhantom[0] < 0 && s.from().equals(nodeAt) && s.message() instanceof ArAltoMessage.Request r
          && r.hash().equals(phantomHash)) {
        askedPhantom[0] = network.round();
      }
    });
    network.start();
    phantom.node.accept(Simulation.TORRENT);
    phantom.node.dial(Simulation.TORRENT, nodeAt);

    RedistributionEngine seeder = null;
    long held = -1;
    for (int round = 0; round < 200 && held < 0; round++) {
      loop.runUntil(loop.nanoTime() + network.roundNanos(), () -> true);
      if (askedPhantom[0] >= 0 && seeder == null) {
        seeder = engine(0);
        seeder.refresh();
      }
      held = holdsNetworkMap(node, 1) ? network.round() : -1;
    }
    long askedAt = askedPhantom[0];
    long heldAt = held;
    assertTrue(askedAt >= 0, "the node never asked the phantom for its newer version");
    // Well within the request timeout (150 rounds) that waiting on the phantom costs.
    assertTrue(heldAt >= 0 && heldAt - askedAt < 40, () -> "version 1 was held in round " + heldAt
        + ", the node first asked the phantom for version 2 in round " + askedAt);
    seeder.close();
    node.close();
  }

  private boolean holdsNetworkMap(RedistributionEngine e, long sequence) {
    for (HeldResource h : e.held()) {
      if (MapMaker.NETWORK_MAP_ID.equals(h.resourceId()) && h.sequence() == sequence) {
        return true;
      }
    }
    return false;
  }

  private RedistributionEngine engine(int i) {
    InetSocketAddress a = Simulation.address(i, PIDS);
    RedistributionEngine e = RedistributionEngine.builder().use(trust).localAddresses(List.of(a.getAddress()))
        .transport(network.attach(a)).discovery(rendezvous).serverFallback(server, Simulation.FALLBACK, 0.5)
        .peers(4, 8).tick(Duration.ofMillis(100)).resourceRendezvous(false).loop(loop)
        .random(new SplittableRandom(SEED * 1_000_003L + i)).cache(cache).build();
    e.start();
    e.join(Simulation.TORRENT);
    return e;
  }
}
