package org.altoredist.engine.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.altoredist.engine.PeerLink;
import org.altoredist.engine.PeerTransport;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.WireLimits;
import org.junit.jupiter.api.Test;

/** Who can be dialled: a node behind NAT or gone never answers, and the dial fails at the handshake timeout. */
class NetworkReachabilityTest {

  private final VirtualLoop loop = new VirtualLoop(Instant.parse("2026-03-01T00:00:00Z"));
  private final InMemoryNetwork network = new InMemoryNetwork(loop, Duration.ofMillis(100), WireLimits.PIECE_SIZE, 1);

  /** What a transport tells its engine, with the time of each event. */
  private final class Events implements PeerTransport.Listener {
    final List<String> seen = new ArrayList<>();

    @Override
    public void opened(PeerLink link) {
      seen.add(loop.nanoTime() / 1_000_000 + " ms: opened " + link.remoteAddress());
    }

    @Override
    public void message(PeerLink link, ArAltoMessage message) {}

    @Override
    public void closed(PeerLink link, DisconnectReason reason, String detail) {}

    @Override
    public void dialFailed(InfoHash torrent, InetSocketAddress remote, String why) {
      seen.add(loop.nanoTime() / 1_000_000 + " ms: failed " + why);
    }
  }

  private SimNode node(int i, boolean reachable, Events events) {
    SimNode n = network.attach(Simulation.address(i, 4), WireLimits.PIECE_SIZE, reachable);
    n.start(events);
    n.accept(Simulation.TORRENT);
    return n;
  }

  @Test
  void aDialToANodeBehindNatFailsAtTheHandshakeTimeout() {
    Events a = new Events();
    SimNode dialler = node(0, true, a);
    node(1, false, new Events());
    network.start();
    dialler.dial(Simulation.TORRENT, Simulation.address(1, 4));
    loop.runUntil(Duration.ofSeconds(11).toNanos(), () -> true);
    assertEquals(List.of(WireLimits.HANDSHAKE_TIMEOUT.toMillis() + " ms: failed no answer: behind NAT"), a.seen);
  }

  @Test
  void aNodeBehindNatDialsOutAndANodeThatLeftAnswersNoMore() {
    Events a = new Events();
    SimNode natted = node(0, false, a);
    SimNode open = node(1, true, new Events());
    network.start();
    natted.dial(Simulation.TORRENT, open.address);
    loop.runUntil(Duration.ofSeconds(1).toNanos(), () -> true);
    assertTrue(a.seen.size() == 1 && a.seen.get(0).endsWith("opened " + open.address), a.seen.toString());
    network.detach(open);
    natted.dial(Simulation.TORRENT, open.address);
    loop.runUntil(Duration.ofSeconds(12).toNanos(), () -> true);
    assertTrue(a.seen.get(a.seen.size() - 1).endsWith("failed no answer: nobody is there"), a.seen.toString());
  }
}
