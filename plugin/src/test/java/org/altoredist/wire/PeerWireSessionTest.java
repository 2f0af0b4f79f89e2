package org.altoredist.wire;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.altoredist.wire.ArAltoMessage.Data;
import org.altoredist.wire.ArAltoMessage.Inventory;
import org.altoredist.wire.ArAltoMessage.Reject;
import org.altoredist.wire.ArAltoMessage.Request;
import org.junit.jupiter.api.Test;

/** Two sessions joined in memory, with a clock the test moves: the rules that need time or exact counts. */
class PeerWireSessionTest {

  private static final InfoHash TORRENT = InfoHash.ofHex("cd0291a84c098f90aa0dd6590f0f843978b679ec");
  private static final BundleHash HANDLE = BundleHash.compute(new byte[] {1});
  private static final long SECOND = 1_000_000_000L;

  private long now = 1_000 * SECOND;

  private static final class Recorder implements PeerWireSession.Events {
    final List<ArAltoMessage> messages = new ArrayList<>();

    @Override
    public void handshake(PeerWireHandshake theirs) {}

    @Override
    public void extensionChanged(boolean enabled) {}

    @Override
    public void message(ArAltoMessage message) {
      messages.add(message);
    }
  }

  private final Recorder atDialler = new Recorder();
  private final Recorder atAcceptor = new Recorder();
  private PeerWireSession dialler;
  private PeerWireSession acceptor;

  private void connect(WireConfig diallerConfig, WireConfig acceptorConfig) throws WireException {
    dialler = new PeerWireSession(PeerWireSession.Role.DIALLER, TORRENT, h -> false,
        "-AR0100-000000000001".getBytes(StandardCharsets.US_ASCII), diallerConfig, atDialler, now);
    acceptor = new PeerWireSession(PeerWireSession.Role.ACCEPTOR, null, TORRENT::equals,
        "-AR0100-000000000002".getBytes(StandardCharsets.US_ASCII), acceptorConfig, atAcceptor, now);
    pump();
    assertTrue(dialler.extensionEnabled() && acceptor.extensionEnabled());
  }

  /** Moves queued bytes both ways until neither side has anything to send. */
  private void pump() throws WireException {
    while (dialler.hasOutbound() || acceptor.hasOutbound()) {
      move(dialler, acceptor);
      move(acceptor, dialler);
    }
  }

  private void move(PeerWireSession from, PeerWireSession to) throws WireException {
    long n = 0;
    for (ByteBuffer b : from.outbound()) {
      n += b.remaining();
      to.receive(b, now);
    }
    from.written(n);
  }

  @Test
  void ourInventoriesAreLimitedToTheBurstPerInterval() throws Exception {
    connect(WireConfig.defaults(), WireConfig.defaults());
    Inventory inv = new Inventory(List.of(), List.of(HANDLE));
    for (int i = 0; i < WireLimits.INVENTORY_BURST; i++) {
      assertEquals(SendOutcome.SENT, dialler.send(inv, now));
    }
    assertEquals(SendOutcome.RATE_LIMITED, dialler.send(inv, now));
    pump();
    now += WireLimits.ANNOUNCE_INTERVAL.toNanos();
    assertEquals(SendOutcome.SENT, dialler.send(inv, now));
    pump();
    assertEquals(WireLimits.INVENTORY_BURST + 1, atAcceptor.messages.size(), "a compliant sender is never a flood");
  }

  @Test
  void ourRequestsStayWithinThePeersQueue() throws Exception {
    WireConfig small = new WireConfig(1, 2, WireLimits.DEFAULT_MAX_BUNDLE_SIZE, WireLimits.DEFAULT_UPLOAD_BUDGET,
        WireLimits.HANDSHAKE_TIMEOUT, WireLimits.IDLE_TIMEOUT, WireLimits.KEEPALIVE_INTERVAL, 0, "small");
    connect(WireConfig.defaults(), small);
    assertEquals(SendOutcome.SENT, dialler.send(new Request(HANDLE, 0), now));
    assertEquals(SendOutcome.ALREADY_REQUESTED, dialler.send(new Request(HANDLE, 0), now));
    assertEquals(SendOutcome.SENT, dialler.send(new Request(HANDLE, 1), now));
    assertEquals(SendOutcome.TOO_MANY_OUTSTANDING, dialler.send(new Request(HANDLE, 2), now));
    pump();
    assertEquals(SendOutcome.SENT, acceptor.send(new Reject(HANDLE, 0, RejectReason.NOT_HELD), now));
    pump();
    assertEquals(SendOutcome.SENT, dialler.send(new Request(HANDLE, 2), now), "an answer frees a slot");
  }

  @Test
  void answersGoOnlyToRequestsThePeerMade() throws Exception {
    connect(WireConfig.defaults(), WireConfig.defaults());
    Data piece = new Data(HANDLE, 0, 1, ByteBuffer.wrap(new byte[] {1}));
    assertEquals(SendOutcome.NOT_REQUESTED, acceptor.send(piece, now));
    dialler.send(new Request(HANDLE, 0), now);
    pump();
    assertEquals(SendOutcome.SENT, acceptor.send(piece, now));
    assertEquals(SendOutcome.NOT_REQUESTED, acceptor.send(piece, now), "one answer per request");
    pump();
    assertEquals(List.of(piece), atDialler.messages);
  }

  /** Connects with an acceptor whose upload budget is one piece, and has it spend that on piece 0 of a two-piece bundle. */
  private BundleHash spendTheAcceptorsBudget() throws WireException {
    connect(WireConfig.defaults(), WireConfig.defaults().withUploadBudget(WireLimits.PIECE_SIZE));
    byte[] bundle = new byte[2 * WireLimits.PIECE_SIZE];
    BundleHash h = BundleHash.compute(bundle);
    dialler.send(new Request(h, 0), now);
    pump();
    acceptor.send(new Data(h, 0, bundle.length, Pieces.slice(bundle, 0)), now);
    return h;
  }

  @Test
  void spentUploadBudgetIsAnsweredWithRejectBudgetExhausted() throws Exception {
    BundleHash h = spendTheAcceptorsBudget();
    dialler.send(new Request(h, 1), now);
    pump();
    assertEquals(new Reject(h, 1, RejectReason.BUDGET_EXHAUSTED), atDialler.messages.get(1));
    assertEquals(1, atAcceptor.messages.size(), "the refused request never reached the holder's listener");
    now += WireLimits.UPLOAD_BUDGET_WINDOW.toNanos();
    dialler.send(new Request(h, 1), now);
    pump();
    assertEquals(2, atAcceptor.messages.size(), "the budget refills over its window");
  }

  @Test
  void aPeerThatKeepsAskingWithoutReadingIsClosedBeforeOurRejectsPileUp() throws Exception {
    BundleHash h = spendTheAcceptorsBudget();
    // The budget is spent: the session answers each further request itself, "budget exhausted",
    // and no duplicate check holds a request it answered. A peer that asks on and reads nothing
    // would make it queue a reject for every 61 bytes it sends.
    ByteBuffer ask = Frames.extended(WireConfig.defaults().localExtensionId(), ExtensionMessageCodec.encode(new Request(h, 1)));
    long asked = 2L * WireLimits.MAX_OUTBOUND_BYTES / ask.remaining();
    WireException e = assertThrows(WireException.class, () -> {
      for (long i = 0; i < asked; i++) {
        acceptor.receive(ask.duplicate(), now);
      }
    });
    assertEquals(DisconnectReason.UNREAD_ANSWERS, e.reason());
    assertTrue(acceptor.outboundBytes() <= WireLimits.MAX_OUTBOUND_BYTES + WireLimits.MAX_OUTBOUND_OVERRUN + ask.remaining() * 2L,
        acceptor.outboundBytes() + " bytes queued");
  }

  @Test
  void inventoryOverTheMessageLimitIsRefusedTooLarge() throws Exception {
    connect(WireConfig.defaults(), WireConfig.defaults());
    String longService = "https://alto.example.net/" + "d".repeat(WireLimits.MAX_SERVICE_LENGTH - 25);
    List<BundleClaim> claims = new ArrayList<>();
    for (int i = 0; i < WireLimits.MAX_INVENTORY_ENTRIES; i++) {
      claims.add(new BundleClaim(longService, "map-" + i, i, 1000, HANDLE));
    }
    assertEquals(SendOutcome.TOO_LARGE, dialler.send(new Inventory(claims, List.of()), now));
    assertEquals(SendOutcome.SENT, dialler.send(new Inventory(claims.subList(0, 8), List.of()), now),
        "eight such entries fit");
  }

  /** Hands {@code to} one ar_alto message as if its peer had framed it under {@code to}'s id (1, the default). */
  private void inject(PeerWireSession to, ArAltoMessage m) throws WireException {
    to.receive(Frames.extended(WireConfig.defaults().localExtensionId(), ExtensionMessageCodec.encode(m)), now);
  }

  /** Hands {@code to} an extension handshake from its peer that sets ar_alto's id to {@code id}. */
  private void handshakeWithId(PeerWireSession to, int id) throws WireException {
    to.receive(Frames.extended(0, new ExtensionHandshake(id, null, null, null).encode()), now);
  }

  @Test
  void unsolicitedRejectsDoNotCountTowardTheUnsolicitedDataTolerance() throws Exception {
    connect(WireConfig.defaults(), WireConfig.defaults());
    // bep_ar_alto.md, "data": only a data message that answers no request is unsolicited, and the
    // limits table tolerates 16 of them. A late reject is ignored and is no step toward a disconnect.
    for (int i = 0; i < 2 * WireLimits.UNSOLICITED_DATA_TOLERANCE; i++) {
      inject(dialler, new Reject(HANDLE, i, RejectReason.NOT_HELD));
    }
    Data piece = new Data(HANDLE, 0, 1, ByteBuffer.wrap(new byte[] {1}));
    for (int i = 0; i < WireLimits.UNSOLICITED_DATA_TOLERANCE; i++) {
      assertDoesNotThrow(() -> inject(dialler, piece), "unsolicited data message " + (i + 1));
    }
    WireException e = assertThrows(WireException.class, () -> inject(dialler, piece));
    assertEquals(DisconnectReason.UNSOLICITED_DATA, e.reason());
    assertTrue(atDialler.messages.isEmpty(), "nothing unsolicited reached the listener");
  }

  @Test
  void requestsOutstandingWhenThePeerTurnsTheExtensionOffNoLongerFillItsQueue() throws Exception {
    WireConfig two = new WireConfig(1, 2, WireLimits.DEFAULT_MAX_BUNDLE_SIZE, WireLimits.DEFAULT_UPLOAD_BUDGET,
        WireLimits.HANDSHAKE_TIMEOUT, WireLimits.IDLE_TIMEOUT, WireLimits.KEEPALIVE_INTERVAL, 0, "two");
    connect(WireConfig.defaults(), two);
    dialler.send(new Request(HANDLE, 0), now);
    dialler.send(new Request(HANDLE, 1), now);
    pump();
    assertEquals(2, atAcceptor.messages.size());
    // The requester turns ar_alto off: from then on the holder may send it nothing, so those two
    // requests can never be answered. It may turn the extension on again ("Extension header").
    handshakeWithId(acceptor, 0);
    assertEquals(SendOutcome.PEER_LACKS_EXTENSION, acceptor.send(new Reject(HANDLE, 0, RejectReason.NOT_HELD), now));
    handshakeWithId(acceptor, 7);
    inject(acceptor, new Request(HANDLE, 0));
    inject(acceptor, new Request(HANDLE, 2));
    assertEquals(4, atAcceptor.messages.size(), "both new requests reach the holder's listener");
    assertEquals(0, acceptor.stats().count(PeerStats.Counter.BUSY_REJECTS));
    assertEquals(0, acceptor.stats().count(PeerStats.Counter.DUPLICATE_REQUEST));
  }

  @Test
  void keepAliveFollowsTheIntervalOfOurSilence() throws Exception {
    connect(WireConfig.defaults(), WireConfig.defaults());
    now += WireLimits.KEEPALIVE_INTERVAL.toNanos() - 1;
    dialler.tick(now);
    assertTrue(!dialler.hasOutbound());
    now += 1;
    dialler.tick(now);
    pump();
    assertEquals(1, acceptor.stats().count(PeerStats.Counter.KEEPALIVES_RECEIVED));
    now += WireLimits.IDLE_TIMEOUT.toNanos() - Duration.ofSeconds(1).toNanos();
    assertDoesNotThrow(() -> acceptor.tick(now), "the keep-alive restarted the peer's idle timer");
  }
}
