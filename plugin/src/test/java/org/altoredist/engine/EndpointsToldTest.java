package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.altoredist.testing.Await;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.InfoHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a peer is told of the others of its torrent (bep_ar_alto.md, "endpoints"), and what the
 * engine remembers of having told it. The test plays the transport ({@link ScriptedTransport}).
 */
class EndpointsToldTest {

  static final InfoHash TORRENT = InfoHash.ofHex("00000000000000000000000000000000000000e9");
  @RegisterExtension
  final ScriptedTransport transport = new ScriptedTransport();
  private RedistributionEngine engine;

  private void start() {
    engine = transport.start(RedistributionEngine.builder()
        .use(TrustPolicy.forService("https://alto.example/directory").pin(new byte[32]).build())
        .resourceRendezvous(false).tick(Duration.ofMillis(20))
        .discovery((key, self, found) -> () -> { }));
  }

  /** How many endpoints messages sent on {@code to} named {@code endpoint}. */
  private long told(PeerLink to, InetSocketAddress endpoint) {
    return transport.sent.stream()
        .filter(s -> s.link() == to && s.message() instanceof ArAltoMessage.Endpoints e && e.added().contains(endpoint))
        .count();
  }

  /**
   * Only endpoints still connected are remembered as told: otherwise a client reconnecting under
   * ever new listen ports would make the record kept for every other peer grow without end, and a
   * peer that left and came back would never be named again.
   */
  @Test
  void anEndpointThatLeftAndCameBackIsToldAgain() throws Exception {
    start();
    engine.join(TORRENT);
    PeerLink stays = transport.open(TORRENT, "127.0.3.1");
    InetSocketAddress comesBack = new InetSocketAddress("127.0.3.2", 7000);
    PeerLink first = transport.open(TORRENT, "127.0.3.2");
    Await.until("the peer that stays was told of the other", () -> told(stays, comesBack) == 1);
    transport.close(first, DisconnectReason.CLOSED_BY_PEER, "left");
    PeerLink other = transport.open(TORRENT, "127.0.3.3");
    Await.until("the peer that stays was told of a third", () -> told(stays, new InetSocketAddress("127.0.3.3", 7000)) == 1);
    assertEquals(1, told(stays, comesBack), "named again while it was away");
    transport.open(TORRENT, "127.0.3.2");
    Await.until("the peer that stays was told again of the one that came back", () -> told(stays, comesBack) == 2);
    transport.close(other, DisconnectReason.CLOSED_BY_PEER, "left");
  }
}
