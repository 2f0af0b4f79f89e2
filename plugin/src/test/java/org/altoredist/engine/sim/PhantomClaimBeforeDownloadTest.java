package org.altoredist.engine.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
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

  private final SmallSwarm swarm = new SmallSwarm(SEED, PIDS);
  private final InMemoryNetwork network = swarm.network;
  private final SimulatedAltoServer server = swarm.server;

  @Test
  void anOlderVersionOnOfferIsFetchedWhileAPhantomNewerOneDeliversNothing() {
    server.publish(MapMaker.make(PIDS, MAP_BYTES, SEED, 1), 1, Simulation.LIFETIME, RedistributionScope.SERVICE);
    byte[] nm = server.bundle(MapMaker.NETWORK_MAP_ID);
    BundleHash phantomHash = BundleHash.of(new byte[BundleHash.LENGTH]);
    InetSocketAddress nodeAt = swarm.address(1);
    // The phantom is met first, so the node's first choice is its newer claim.
    RedistributionEngine node = swarm.engine(1);
    HostilePeer phantom = new HostilePeer(Fault.PHANTOM_VERSION, network.attach(swarm.address(2)));
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
      swarm.round();
      if (askedPhantom[0] >= 0 && seeder == null) {
        seeder = swarm.engine(0);
        seeder.refresh();
      }
      held = SmallSwarm.holdsNetworkMap(node, 1) ? network.round() : -1;
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
}
