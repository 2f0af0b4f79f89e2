package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.altoredist.engine.sim.MapMaker;
import org.altoredist.engine.sim.SimulatedAltoServer;
import org.altoredist.testing.Await;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A holder that knows its upload rate turns a new requester away ("busy") while what
 * its links have queued would keep that requester waiting longer than
 * {@link Uploads#BACKLOG_WAIT_NANOS}; a requester already sent part of the bundle gets the rest,
 * and a holder that does not know its rate turns no one away.
 */
class UploadBacklogTest {

  private static final InfoHash TORRENT = InfoHash.ofHex("0000000000000000000000000000000000041717");
  /** 1 MB/s: the backlog wait of 300 ms is 300,000 bytes. */
  private static final long RATE = 1_000_000;
  private static final long OVER = 400_000;
  private static final long UNDER = 200_000;

  @RegisterExtension
  final ScriptedTransport transport = new ScriptedTransport();
  private RedistributionEngine engine;

  @Test
  void aNewRequesterIsTurnedAwayFromABackloggedUplink() throws Exception {
    BundleHash map = holding(RATE);
    PeerLink busy = transport.open(TORRENT, "127.0.2.1");
    PeerLink newcomer = transport.open(TORRENT, "127.0.2.2");
    ScriptedTransport.queue(busy, OVER);
    assertEquals(RejectReason.BUSY, reject(answer(newcomer, map, 0)));
  }

  @Test
  void aRequesterAlreadyServedPartOfTheBundleGetsTheRest() throws Exception {
    BundleHash map = holding(RATE);
    PeerLink busy = transport.open(TORRENT, "127.0.2.1");
    PeerLink requester = transport.open(TORRENT, "127.0.2.2");
    assertEquals(ArAltoMessage.Data.class, answer(requester, map, 0).getClass());
    ScriptedTransport.queue(busy, OVER);
    assertEquals(ArAltoMessage.Data.class, answer(requester, map, 1).getClass(), "the rest of a copy under way");
  }

  @Test
  void aBacklogThatDrainsInTimeServesANewRequester() throws Exception {
    BundleHash map = holding(RATE);
    PeerLink busy = transport.open(TORRENT, "127.0.2.1");
    PeerLink newcomer = transport.open(TORRENT, "127.0.2.2");
    ScriptedTransport.queue(busy, UNDER);
    assertEquals(ArAltoMessage.Data.class, answer(newcomer, map, 0).getClass());
  }

  @Test
  void withoutAKnownUploadRateNoOneIsTurnedAway() throws Exception {
    BundleHash map = holding(0);
    PeerLink busy = transport.open(TORRENT, "127.0.2.1");
    PeerLink newcomer = transport.open(TORRENT, "127.0.2.2");
    ScriptedTransport.queue(busy, 100 * OVER);
    assertEquals(ArAltoMessage.Data.class, answer(newcomer, map, 0).getClass());
  }

  /** An engine of the given upload rate (0: unknown) holding version 1; the network map's handle. */
  private BundleHash holding(long rate) throws Exception {
    SimulatedAltoServer server = new SimulatedAltoServer("https://alto.loopback.example/directory",
        Clock.systemUTC(), 17);
    server.publish(MapMaker.make(4, 100_000, 17, 1, 0.01), 1, Duration.ofHours(1), RedistributionScope.SERVICE);
    engine = transport.start(RedistributionEngine.builder().use(server.trustPolicy(Clock.systemUTC()))
        .localAddresses(List.of(InetAddress.getByName("127.0.1.1")))
        .serverFallback(server, Duration.ZERO, 0).resourceRendezvous(false).uploadRate(rate));
    engine.join(TORRENT);
    Await.until("the IRD and both maps at version 1", () -> engine.held().size() == 3);
    return engine.held().stream().max((a, b) -> Long.compare(a.size(), b.size())).orElseThrow().hash();
  }

  /** Sends a request for {@code piece} of {@code hash} on {@code link} and waits for its answer. */
  private ArAltoMessage answer(PeerLink link, BundleHash hash, int piece) throws InterruptedException {
    int before = transport.sent.size();
    transport.receive(link, new ArAltoMessage.Request(hash, piece));
    Await.until("an answer to piece " + piece, () -> answerAfter(link, hash, piece, before) != null);
    return answerAfter(link, hash, piece, before);
  }

  private ArAltoMessage answerAfter(PeerLink link, BundleHash hash, int piece, int from) {
    for (ScriptedTransport.Sent s : transport.sent.subList(from, transport.sent.size())) {
      if (s.link() == link && (s.message() instanceof ArAltoMessage.Data d && d.hash().equals(hash) && d.piece() == piece
          || s.message() instanceof ArAltoMessage.Reject r && r.hash().equals(hash) && r.piece() == piece)) {
        return s.message();
      }
    }
    return null;
  }

  /** The reason of a reject; null for any other answer. */
  private static RejectReason reject(ArAltoMessage m) {
    return m instanceof ArAltoMessage.Reject r ? r.reason() : null;
  }
}
