package org.altoredist.wire.endpoint;

import static org.altoredist.wire.endpoint.RecordingListener.next;
import static org.altoredist.wire.endpoint.ScriptedPeer.ascii;
import static org.altoredist.wire.endpoint.ScriptedPeer.extended;
import static org.altoredist.wire.endpoint.ScriptedPeer.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.ExtensionMessageCodec;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.PeerStats.Counter;
import org.altoredist.wire.RejectReason;
import org.altoredist.wire.SendOutcome;
import org.altoredist.wire.WireConfig;
import org.altoredist.wire.WireLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A scripted hostile peer against a real endpoint on loopback (PID 1: endpoint 127.0.1.1, peer
 * 127.0.1.2). Each test names the rule and asserts the outcome: ignored, rejected with a reason,
 * or disconnected with a reason.
 */
class HostilePeerTest {

  static final InfoHash TORRENT = InfoHash.ofHex("cd0291a84c098f90aa0dd6590f0f843978b679ec");
  /** The vectors' bundle: 40960 bytes, byte i = i mod 251, three pieces. */
  static final byte[] BUNDLE = pattern(40960);
  static final BundleHash HANDLE = BundleHash.compute(BUNDLE);
  /** The scripted peer asks to receive ar_alto under 42, so anything else the endpoint uses is wrong. */
  static final int PEER_ID = 42;
  static final String PEER_HANDSHAKE = "d1:md7:ar_altoi42eee";
  static final Duration SHORT = Duration.ofMillis(400);

  private final RecordingListener listener = new RecordingListener();
  private WireEndpoint endpoint;
  private ScriptedPeer peer;

  static byte[] pattern(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i % 251);
    }
    return b;
  }

  private void start(WireConfig config) throws IOException {
    endpoint = WireEndpoint.open(new InetSocketAddress("127.0.1.1", 0), config, listener);
    endpoint.register(TORRENT);
    listener.serve(BUNDLE);
    peer = ScriptedPeer.connect(endpoint.localAddress(), "127.0.1.2");
  }

  private void start() throws IOException {
    start(WireConfig.defaults());
  }

  /** Connected and both extension handshakes exchanged. */
  private WirePeer startOpened() throws Exception {
    start();
    peer.open(TORRENT, PEER_HANDSHAKE);
    return next(listener.extensionEnabled);
  }

  @AfterEach
  void stop() throws IOException {
    if (peer != null) {
      peer.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }

  private static byte[] message(ArAltoMessage m) {
    return extended(1, ExtensionMessageCodec.encode(m));
  }

  /** Proof of life: a request that the listener answers, after whatever came before it. */
  private void assertStillServes() throws Exception {
    assertStillServes(PEER_ID);
  }

  private void assertStillServes(int peerId) throws Exception {
    peer.send(message(new ArAltoMessage.Request(HANDLE, 2)));
    ScriptedPeer.Frame f = peer.readExtended(peerId);
    ArAltoMessage m = ExtensionMessageCodec.decode(f.payload());
    assertEquals(new ArAltoMessage.Data(HANDLE, 2, BUNDLE.length, ByteBuffer.wrap(BUNDLE, 32768, 8192)), m);
  }

  @Test
  void garbageHandshakeIsDisconnectedAtItsFirstWrongByte() throws Exception {
    start();
    peer.send(ascii("GET /announce HTTP/1.1\r\n\r\n"));
    listener.awaitDisconnect(DisconnectReason.BAD_HANDSHAKE);
    assertEquals(0, peer.bytesUntilClosed());
  }

  @Test
  void unregisteredInfoHashIsRefusedWithoutAnswer() throws Exception {
    start();
    peer.send(handshake(InfoHash.of(new byte[20]), true, true));
    listener.awaitDisconnect(DisconnectReason.UNKNOWN_INFO_HASH);
    assertEquals(0, peer.bytesUntilClosed(), "the endpoint must not reveal itself for another torrent");
    assertFalse(DisconnectReason.UNKNOWN_INFO_HASH.peerFault(), "a dialler may try keys until one fits");
  }

  @Test
  void peerWithoutTheExtensionBitIsRefused() throws Exception {
    start();
    peer.send(handshake(TORRENT, false, true));
    listener.awaitDisconnect(DisconnectReason.NO_EXTENSION_PROTOCOL);
  }

  @Test
  void haveNoneWithoutTheFastExtensionIsFatal() throws Exception {
    start();
    peer.send(handshake(TORRENT, true, false), new byte[] {0, 0, 0, 1, 0x0f});
    listener.awaitDisconnect(DisconnectReason.FAST_NOT_NEGOTIATED);
  }

  @Test
  void oversizedLengthPrefixDisconnectsBeforeAnyBodyArrives() throws Exception {
    startOpened();
    peer.send(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    listener.awaitDisconnect(DisconnectReason.FRAME_TOO_LARGE);
  }

  @Test
  void extensionMessageOverSeventeenKibDisconnectsBeforeItsBody() throws Exception {
    startOpened();
    int length = 2 + WireLimits.MAX_MESSAGE_SIZE + 1;
    peer.send(ByteBuffer.allocate(6).putInt(length).put((byte) 20).put((byte) 1).array());
    listener.awaitDisconnect(DisconnectReason.MESSAGE_TOO_LARGE);
  }

  @Test
  void unknownExtendedIdIsIgnored() throws Exception {
    WirePeer p = startOpened();
    peer.send(extended(77, ascii("d8:msg_typei0ee")));
    assertStillServes();
    assertEquals(1, p.stats().count(Counter.UNKNOWN_EXTENDED_ID));
  }

  @Test
  void unknownMessageTypeIsIgnored() throws Exception {
    WirePeer p = startOpened();
    peer.send(extended(1, ascii("d8:msg_typei99e4:nonei0ee")));
    assertStillServes();
    assertEquals(1, p.stats().count(Counter.UNKNOWN_MESSAGE_TYPE));
  }

  @Test
  void pieceBeyondTheBundleIsRejectedWithItsReason() throws Exception {
    startOpened();
    peer.send(message(new ArAltoMessage.Request(HANDLE, 3)));
    ArAltoMessage m = ExtensionMessageCodec.decode(peer.readExtended(PEER_ID).payload());
    assertEquals(new ArAltoMessage.Reject(HANDLE, 3, RejectReason.PIECE_OUT_OF_RANGE), m);
  }

  @Test
  void pieceBeyondTheCeilingIsMalformed() throws Exception {
    startOpened();
    peer.send(extended(1, ascii("d8:msg_typei0e5:piecei4096e6:sha25632:" + "x".repeat(32) + "e")));
    listener.awaitDisconnect(DisconnectReason.MALFORMED_MESSAGE);
  }

  @Test
  void requestForABundleNotHeldIsRejectedNotHeld() throws Exception {
    startOpened();
    BundleHash other = BundleHash.compute(new byte[1]);
    peer.send(message(new ArAltoMessage.Request(other, 0)));
    ArAltoMessage m = ExtensionMessageCodec.decode(peer.readExtended(PEER_ID).payload());
    assertEquals(new ArAltoMessage.Reject(other, 0, RejectReason.NOT_HELD), m);
  }

  @Test
  void requestFloodIsRejectedBusyThenDisconnected() throws Exception {
    startOpened();
    listener.holdRequests = true;
    int queue = WireConfig.defaults().requestQueue();
    for (int piece = 0; piece < queue + WireLimits.REQUEST_FLOOD_TOLERANCE; piece++) {
      peer.send(message(new ArAltoMessage.Request(HANDLE, piece)));
    }
    for (int piece = queue; piece < queue + WireLimits.REQUEST_FLOOD_TOLERANCE; piece++) {
      ArAltoMessage m = ExtensionMessageCodec.decode(peer.readExtended(PEER_ID).payload());
      assertEquals(new ArAltoMessage.Reject(HANDLE, piece, RejectReason.BUSY), m);
    }
    for (int i = 0; i < queue; i++) {
      assertInstanceOf(ArAltoMessage.Request.class, next(listener.messages).message());
    }
    peer.send(message(new ArAltoMessage.Request(HANDLE, 4000)));
    listener.awaitDisconnect(DisconnectReason.REQUEST_FLOOD);
    assertTrue(listener.messages.isEmpty(), "requests beyond the queue never reach the listener");
  }

  @Test
  void duplicateRequestIsIgnored() throws Exception {
    WirePeer p = startOpened();
    listener.holdRequests = true;
    peer.send(message(new ArAltoMessage.Request(HANDLE, 0)), message(new ArAltoMessage.Request(HANDLE, 0)));
    next(listener.messages);
    listener.holdRequests = false;
    assertStillServes();
    assertEquals(1, p.stats().count(Counter.DUPLICATE_REQUEST));
  }

  @Test
  void inventoryFloodDisconnects() throws Exception {
    startOpened();
    BundleClaim claim = new BundleClaim("https://alto.example.net/directory", "my-default-network-map", 1,
        BUNDLE.length, HANDLE);
    for (int i = 0; i <= WireLimits.INVENTORY_BURST; i++) {
      peer.send(message(new ArAltoMessage.Inventory(List.of(claim), List.of())));
    }
    listener.awaitDisconnect(DisconnectReason.TOO_FREQUENT_INVENTORY);
    for (int i = 0; i < WireLimits.INVENTORY_BURST; i++) {
      assertInstanceOf(ArAltoMessage.Inventory.class, next(listener.messages).message());
    }
  }

  @Test
  void unsolicitedDataIsIgnoredThenDisconnected() throws Exception {
    WirePeer p = startOpened();
    ArAltoMessage.Data data = new ArAltoMessage.Data(HANDLE, 2, BUNDLE.length, ByteBuffer.wrap(BUNDLE, 32768, 8192));
    for (int i = 0; i < WireLimits.UNSOLICITED_DATA_TOLERANCE; i++) {
      peer.send(message(data));
    }
    assertStillServes();
    assertEquals(WireLimits.UNSOLICITED_DATA_TOLERANCE, p.stats().count(Counter.UNSOLICITED));
    peer.send(message(data));
    listener.awaitDisconnect(DisconnectReason.UNSOLICITED_DATA);
    assertTrue(listener.messages.stream().noneMatch(r -> r.message() instanceof ArAltoMessage.Data));
  }

  @Test
  void peerThatStopsMidMessageTimesOut() throws Exception {
    start(WireConfig.defaults().withTimeouts(SHORT, SHORT, Duration.ofSeconds(60)));
    peer.send(handshake(TORRENT, true, true), extended(0, ascii(PEER_HANDSHAKE)));
    next(listener.extensionEnabled);
    byte[] request = message(new ArAltoMessage.Request(HANDLE, 0));
    peer.send(Arrays.copyOf(request, request.length / 2));
    listener.awaitDisconnect(DisconnectReason.IDLE_TIMEOUT);
    assertTrue(listener.messages.isEmpty());
  }

  @Test
  void silentConnectionHitsTheHandshakeTimeout() throws Exception {
    start(WireConfig.defaults().withTimeouts(SHORT, Duration.ofSeconds(60), Duration.ofSeconds(60)));
    listener.awaitDisconnect(DisconnectReason.HANDSHAKE_TIMEOUT);
  }

  @Test
  void keepAliveIsSentWhenWeHaveBeenSilent() throws Exception {
    start(WireConfig.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), SHORT));
    peer.open(TORRENT, PEER_HANDSHAKE);
    assertEquals(-1, peer.readFrame().id(), "the next thing after the handshakes is a keep-alive");
  }

  @Test
  void neverSendsToAPeerThatDidNotAdvertiseArAlto() throws Exception {
    start();
    ScriptedPeer.Frame ours = peer.open(TORRENT, "d1:md6:ut_pexi1ee1:v7:vanillae");
    assertTrue(ours.text().contains("7:ar_altoi1e"), ours.text());
    WirePeer p = next(listener.connected);
    ArAltoMessage inv = new ArAltoMessage.Inventory(List.of(), List.of(HANDLE));
    assertEquals(SendOutcome.PEER_LACKS_EXTENSION, p.send(inv));
    assertFalse(p.extensionEnabled());
    p.disconnect();
    assertEquals(0, peer.bytesUntilClosed(), "nothing after the handshakes");
    peer.close();
    listener.awaitDisconnect(DisconnectReason.CLOSED_LOCALLY);
  }

  @Test
  void extendedIdZeroDisablesExtensionAndReHandshakeEnablesIt() throws Exception {
    WirePeer p = startOpened();
    ArAltoMessage inv = new ArAltoMessage.Inventory(List.of(), List.of(HANDLE));
    peer.send(extended(0, ascii("d1:md7:ar_altoi0eee")));
    next(listener.extensionDisabled);
    assertEquals(SendOutcome.PEER_LACKS_EXTENSION, p.send(inv));
    peer.send(extended(0, ascii("d1:md7:ar_altoi9eee")));
    next(listener.extensionEnabled);
    assertEquals(SendOutcome.SENT, p.send(inv));
    assertEquals(inv, ExtensionMessageCodec.decode(peer.readExtended(9).payload()), "sent under the peer's new id");
    assertStillServes(9);
  }
}
