package org.altoredist.binding.bt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bt.bencoding.types.BEInteger;
import bt.metainfo.TorrentId;
import bt.net.ConnectionKey;
import bt.net.InetPeer;
import bt.protocol.extended.ExtendedHandshake;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.altoredist.engine.PeerLink;
import org.altoredist.engine.PeerTransport;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.ExtensionMessageCodec;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.WireConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The in-wire transport between Bt's messaging and the engine, driven as Bt drives it. Bt sends
 * our extension handshake as soon as a connection opens, which can be before the binding has
 * joined the torrent (it polls Bt's registry), and the peer answers with its inventory at once.
 */
class InWireTransportTest {

  private static final InfoHash TORRENT = InfoHash.of(filled(20, 7));
  private static final int PEER_PORT = 7001;

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Recording engine = new Recording();
  private final InWireTransport transport = new InWireTransport(WireConfig.defaults(), timer);
  private final ConnectionKey key;

  InWireTransportTest() throws Exception {
    key = new ConnectionKey(InetPeer.build(InetAddress.getByName("127.0.1.1"), PEER_PORT), PEER_PORT,
        TorrentId.fromBytes(TORRENT.bytes()));
    transport.start(engine);
  }

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void anInventorySentBeforeTheTorrentIsJoinedReachesTheEngineOnceItIs() {
    transport.handshake(peerHandshake(), key);
    ArAltoMessage.Inventory inventory = new ArAltoMessage.Inventory(
        List.of(new BundleClaim("https://alto.example/directory", "net", 1, 100, BundleHash.of(filled(32, 1)))),
        List.of());
    transport.payload(ArAltoPayload.received(ExtensionMessageCodec.encode(inventory)), key);
    assertEquals(List.of(), engine.events, "nothing reaches the engine before it joins the torrent");

    transport.accept(TORRENT);

    assertEquals(List.of("opened", "message " + inventory), engine.events);
  }

  @Test
  void earlyMessagesPastWhatAPeerSendsUnpromptedAreDropped() {
    transport.handshake(peerHandshake(), key);
    int sent = InWireLink.EARLY_MESSAGES + 3;
    for (int piece = 0; piece < sent; piece++) {
      ArAltoMessage.Request r = new ArAltoMessage.Request(BundleHash.of(filled(32, 2)), piece);
      transport.payload(ArAltoPayload.received(ExtensionMessageCodec.encode(r)), key);
    }

    transport.accept(TORRENT);

    assertEquals(1 + InWireLink.EARLY_MESSAGES, engine.events.size(), engine.events.toString());
  }

  @Test
  void messagesOnAnOpenLinkGoStraightToTheEngine() {
    transport.accept(TORRENT);
    transport.handshake(peerHandshake(), key);
    ArAltoMessage.Endpoints endpoints = new ArAltoMessage.Endpoints(List.of(new InetSocketAddress("127.0.4.1", 6881)));
    transport.payload(ArAltoPayload.received(ExtensionMessageCodec.encode(endpoints)), key);

    assertEquals(List.of("opened", "message " + endpoints), engine.events);
  }

  private static ExtendedHandshake peerHandshake() {
    return ExtendedHandshake.builder().addMessageType("ar_alto", 3).property("p", new BEInteger(PEER_PORT)).build();
  }

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }

  /** The engine's side of the transport, as a list of what it heard. */
  private static final class Recording implements PeerTransport.Listener {
    final List<String> events = new ArrayList<>();

    @Override
    public synchronized void opened(PeerLink link) {
      events.add("opened");
    }

    @Override
    public synchronized void message(PeerLink link, ArAltoMessage message) {
      events.add("message " + message);
    }

    @Override
    public synchronized void closed(PeerLink link, DisconnectReason reason, String detail) {
      events.add("closed " + reason);
    }

    @Override
    public synchronized void dialFailed(InfoHash torrent, InetSocketAddress remote, String why) {
      events.add("dial failed " + remote);
    }
  }
}
