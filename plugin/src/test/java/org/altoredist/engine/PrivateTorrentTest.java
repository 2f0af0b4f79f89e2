package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.altoredist.testing.Await;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.InfoHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * BEP 27 in the engine: a private torrent is met through the private discovery alone, and its
 * links exchange no endpoints, either way. The test plays the transport ({@link ScriptedTransport}).
 * A public torrent on the
 * same engine at the same time is the control that shows each check can fail: the engine's loop
 * handles one task after another, so what the control shows happened, the private case had its
 * chance to do too.
 */
class PrivateTorrentTest {

  static final InfoHash PRIVATE = InfoHash.ofHex("0000000000000000000000000000000000000b27");
  static final InfoHash PUBLIC = InfoHash.ofHex("00000000000000000000000000000000000000b3");
  @RegisterExtension
  final ScriptedTransport transport = new ScriptedTransport();
  private final List<RendezvousKey> publicJoins = new CopyOnWriteArrayList<>();
  private final List<RendezvousKey> privateJoins = new CopyOnWriteArrayList<>();
  private RedistributionEngine engine;

  private void start() {
    engine = transport.start(RedistributionEngine.builder()
        .use(TrustPolicy.forService("https://alto.example/directory").pin(new byte[32]).build())
        .resourceRendezvous(false).tick(Duration.ofMillis(20))
        .discovery((key, self, found) -> {
          publicJoins.add(key);
          return () -> { };
        })
        .privateDiscovery((key, self, found) -> {
          privateJoins.add(key);
          return () -> { };
        }));
  }

  @Test
  void aPrivateTorrentIsMetThroughThePrivateDiscoveryAlone() throws Exception {
    start();
    engine.joinPrivate(PRIVATE);
    engine.join(PUBLIC);
    Await.until("the public torrent joined the public discovery",
        () -> publicJoins.contains(RendezvousKey.forTorrent(PUBLIC)));
    assertEquals(List.of(RendezvousKey.forTorrent(PRIVATE)), privateJoins);
    assertEquals(List.of(RendezvousKey.forTorrent(PUBLIC)), publicJoins, "the private torrent's key never goes public");
  }

  @Test
  void aPrivateTorrentsLinksNeitherPassOnNorTakeEndpoints() throws Exception {
    start();
    engine.joinPrivate(PRIVATE);
    engine.join(PUBLIC);
    // Two peers on each torrent, the private ones opened first: the tick that tells the public
    // peers about each other finds the private links open too.
    PeerLink priv1 = transport.open(PRIVATE, "127.0.2.1");
    PeerLink priv2 = transport.open(PRIVATE, "127.0.2.2");
    PeerLink pub1 = transport.open(PUBLIC, "127.0.3.1");
    PeerLink pub2 = transport.open(PUBLIC, "127.0.3.2");
    Await.until("the public peers were told of each other", () -> transport.sentOn(pub1, ArAltoMessage.Endpoints.class) && transport.sentOn(pub2, ArAltoMessage.Endpoints.class));
    assertFalse(transport.sentOn(priv1, ArAltoMessage.Endpoints.class) || transport.sentOn(priv2, ArAltoMessage.Endpoints.class), "endpoints went out on a private torrent's link");

    // A peer names an endpoint on each torrent's link, the private one first.
    InetSocketAddress named = new InetSocketAddress("127.0.4.1", 7001);
    transport.receive(priv1, new ArAltoMessage.Endpoints(List.of(named)));
    transport.receive(pub1, new ArAltoMessage.Endpoints(List.of(named)));
    Await.until("the endpoint named on the public link was dialled", () -> transport.dials.contains(new ScriptedTransport.Dial(PUBLIC, named)));
    assertFalse(transport.dials.contains(new ScriptedTransport.Dial(PRIVATE, named)), "dialled an endpoint a private torrent's peer named");
    assertTrue(transport.dials.stream().noneMatch(d -> d.torrent().equals(PRIVATE)), transport.dials.toString());
  }
}
