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
 * A peer that claims a version nobody has must not stop a download of the real version that is
 * under way: the download finishes, and the claim is tried afterwards. When the claim took over,
 * each such peer met mid-download cost a whole request timeout (15 s), and two of them met one
 * after the other kept a node of the every-fault simulation from version 1 past its 300 rounds.
 */
class NewerClaimDuringDownloadTest {

  private static final long SEED = 5;
  private static final int PIDS = 2;
  /** 16 pieces, sent one per round: the phantom's claim arrives long before the last. */
  private static final int MAP_BYTES = 256 * 1024;

  private final SmallSwarm swarm = new SmallSwarm(SEED, PIDS);
  private final InMemoryNetwork network = swarm.network;
  private final SimulatedAltoServer server = swarm.server;

  @Test
  void theRealVersionUnderWayIsFinishedBeforeAClaimOfANewerOne() {
    server.publish(MapMaker.make(PIDS, MAP_BYTES, SEED, 1), 1, Simulation.LIFETIME, RedistributionScope.SERVICE);
    byte[] nm = server.bundle(MapMaker.NETWORK_MAP_ID);
    BundleHash real = BundleHash.compute(nm);
    InetSocketAddress nodeAt = swarm.address(1);
    RedistributionEngine seeder = swarm.engine(0);
    RedistributionEngine node = swarm.engine(1);
    HostilePeer phantom = new HostilePeer(Fault.PHANTOM_VERSION, network.attach(swarm.address(2)));
    phantom.offer(List.of(new HostilePeer.Offer(new BundleClaim(Simulation.SERVICE, MapMaker.NETWORK_MAP_ID, 2,
        nm.length, BundleHash.of(new byte[BundleHash.LENGTH])), null)));
    long[] downloading = {-1};
    long[] claimed = {-1};
    network.tap(s -> {
      if (downloading[0] < 0 && s.from().equals(nodeAt) && s.message() instanceof ArAltoMessage.Request r
          && r.hash().equals(real)) {
        downloading[0] = network.round();
      }
      if (claimed[0] < 0 && s.from().equals(phantom.node.address) && s.message() instanceof ArAltoMessage.Inventory) {
        claimed[0] = network.round();
      }
    });
    network.start();
    seeder.refresh();

    long held = -1;
    boolean dialled = false;
    for (int round = 0; round < 200 && held < 0; round++) {
      swarm.round();
      if (downloading[0] >= 0 && !dialled) {
        dialled = true;
        phantom.node.accept(Simulation.TORRENT);
        phantom.node.dial(Simulation.TORRENT, nodeAt);
      }
      held = SmallSwarm.holdsNetworkMap(node, 1) ? network.round() : -1;
    }
    long phantomAt = claimed[0];
    long heldAt = held;
    assertTrue(phantomAt >= 0 && (heldAt < 0 || phantomAt < heldAt),
        () -> "the phantom's claim did not arrive during the download (claimed in round " + phantomAt
            + ", network map held in round " + heldAt + ")");
    // Well within the request timeout (150 rounds) that waiting on the phantom costs.
    assertTrue(heldAt >= 0 && heldAt - phantomAt < 40, () -> "the network map was held in round " + heldAt
        + ", the phantom claimed a newer one in round " + phantomAt);
    seeder.close();
    node.close();
  }
}
