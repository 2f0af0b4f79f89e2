package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.SendOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * BEP 27 in the engine: a private torrent is met through the private discovery alone, and its
 * links exchange no endpoints, either way. The test plays the transport: it opens links to the
 * engine, hands it messages and records what the engine sends and dials. A public torrent on the
 * same engine at the same time is the control that shows each check can fail: the engine's loop
 * handles one task after another, so what the control shows happened, the private case had its
 * chance to do too.
 */
class PrivateTorrentTest {

  static final InfoHash PRIVATE = InfoHash.ofHex("0000000000000000000000000000000000000b27");
  static final InfoHash PUBLIC = InfoHash.ofHex("00000000000000000000000000000000000000b3");
  static final InetSocketAddress SELF = new InetSocketAddress("127.0.1.1", 7000);

  record Dial(InfoHash torrent, InetSocketAddress remote) {}

  record Sent(Link link, ArAltoMessage message) {}

  private final List<Dial> dials = new CopyOnWriteArrayList<>();
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final List<RendezvousKey> publicJoins = new CopyOnWriteArrayList<>();
  private final List<RendezvousKey> privateJoins = new CopyOnWriteArrayList<>();
  private volatile PeerTransport.Listener engineSide;
  private RedistributionEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private void start() {
    engine = RedistributionEngine.builder()
        .use(TrustPolicy.forService("https://alto.example/directory").pin(new byte[32]).build())
        .transport(new Transport()).resourceRendezvous(false).tick(Duration.ofMillis(20))
        .discovery((key, self, found) -> {
          publicJoins.add(key);
          return () -> { };
        })
        .privateDiscovery((key, self, found) -> {
          privateJoins.add(key);
          return () -> { };
        })
        .build();
    engine.start();
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
    Link priv1 = open(PRIVATE, "127.0.2.1");
    Link priv2 = open(PRIVATE, "127.0.2.2");
    Link pub1 = open(PUBLIC, "127.0.3.1");
    Link pub2 = open(PUBLIC, "127.0.3.2");
    Await.until("the public peers were told of each other", () -> endpointsSentOn(pub1) && endpointsSentOn(pub2));
    assertFalse(endpointsSentOn(priv1) || endpointsSentOn(priv2), "endpoints went out on a private torrent's link");

    // A peer names an endpoint on each torrent's link, the private one first.
    InetSocketAddress named = new InetSocketAddress("127.0.4.1", 7001);
    engineSide.message(priv1, new ArAltoMessage.Endpoints(List.of(named)));
    engineSide.message(pub1, new ArAltoMessage.Endpoints(List.of(named)));
    Await.until("the endpoint named on the public link was dialled", () -> dials.contains(new Dial(PUBLIC, named)));
    assertFalse(dials.contains(new Dial(PRIVATE, named)), "dialled an endpoint a private torrent's peer named");
    assertTrue(dials.stream().noneMatch(d -> d.torrent().equals(PRIVATE)), dials.toString());
  }

  private Link open(InfoHash torrent, String ip) {
    Link l = new Link(torrent, new InetSocketAddress(ip, 7000));
    engineSide.opened(l);
    return l;
  }

  private boolean endpointsSentOn(Link l) {
    return sent.stream().anyMatch(s -> s.link() == l && s.message() instanceof ArAltoMessage.Endpoints);
  }

  /** The engine's side of the wire, played by the test. */
  private final class Transport implements PeerTransport {
    @Override
    public void start(Listener listener) {
      engineSide = listener;
    }

    @Override
    public void accept(InfoHash torrent) {}

    @Override
    public void refuse(InfoHash torrent) {}

    @Override
    public void dial(InfoHash torrent, InetSocketAddress remote) {
      dials.add(new Dial(torrent, remote));
    }

    @Override
    public InetSocketAddress localAddress() {
      return SELF;
    }

    @Override
    public void close() {}
  }

  /** A link the test opened: an incoming connection whose peer listens where it connected from. */
  private final class Link implements PeerLink {
    private final InfoHash torrent;
    private final InetSocketAddress remote;

    Link(InfoHash torrent, InetSocketAddress remote) {
      this.torrent = torrent;
      this.remote = remote;
    }

    @Override
    public InfoHash torrent() {
      return torrent;
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return remote;
    }

    @Override
    public Optional<InetSocketAddress> listenAddress() {
      return Optional.of(remote);
    }

    @Override
    public boolean outgoing() {
      return false;
    }

    @Override
    public SendOutcome send(ArAltoMessage message) {
      sent.add(new Sent(this, message));
      return SendOutcome.SENT;
    }

    @Override
    public void disconnect() {
      engineSide.closed(this, DisconnectReason.CLOSED_LOCALLY, "closed by the test");
    }
  }
}
