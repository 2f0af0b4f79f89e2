package org.altoredist.wire;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.altoredist.wire.ArAltoMessage.Data;
import org.altoredist.wire.ArAltoMessage.Reject;
import org.altoredist.wire.ArAltoMessage.Request;
import org.altoredist.wire.PeerStats.Counter;

/**
 * The {@code ar_alto} side of one connection, whatever carries it: the peer's extension state from
 * its latest BEP 10 handshake, the request queue in both directions, the announcement rates, the
 * upload budget and the counters. It sees {@code ar_alto} payloads (what follows the extended
 * message id), never BEP 3 framing, so the same rules hold on the plugin's own endpoint
 * ({@link PeerWireSession}) and on a host engine's content connections (the Bt binding).
 *
 * <p>It sends nothing without a non-zero id from the peer's latest handshake, and then only under
 * that id; messages it queues itself (busy and budget rejects) go through the same {@link Output}.
 * A broken rule throws {@link WireException}; the caller then ends {@code ar_alto} on the
 * connection. Not thread-safe: the caller serialises all calls.
 */
public final class ExtensionSession {

  /** Where messages for the peer go: the carrier frames {@code header} (and a data piece) under {@code peerId}. */
  public interface Output {
    void send(int peerId, ArAltoMessage message, byte[] header);
  }

  private record PieceKey(BundleHash hash, int piece) {}

  private final WireConfig config;
  private final Output out;
  private int peerExtensionId;
  private int peerRequestQueue = WireLimits.DEFAULT_REQUEST_QUEUE;
  private String peerClient;
  private Integer peerListenPort;
  private final Set<PieceKey> requestedByPeer = new HashSet<>();
  private final Set<PieceKey> requestedByUs = new HashSet<>();
  private final AnnounceRate inventoryIn = new AnnounceRate(WireLimits.INVENTORY_BURST, WireLimits.ANNOUNCE_FLOOD_WINDOW);
  private final AnnounceRate endpointsIn = new AnnounceRate(WireLimits.ENDPOINTS_BURST, WireLimits.ANNOUNCE_FLOOD_WINDOW);
  private final AnnounceRate inventoryOut = new AnnounceRate(WireLimits.INVENTORY_BURST, WireLimits.ANNOUNCE_INTERVAL);
  private final AnnounceRate endpointsOut = new AnnounceRate(WireLimits.ENDPOINTS_BURST, WireLimits.ANNOUNCE_INTERVAL);
  private final UploadBudget budget;
  private final Map<MessageType, Long> received = new EnumMap<>(MessageType.class);
  private final Map<MessageType, Long> sent = new EnumMap<>(MessageType.class);
  private final Map<Counter, Long> counters = new EnumMap<>(Counter.class);
  private long now;

  public ExtensionSession(WireConfig config, Output out, long nowNanos) {
    this.config = config;
    this.out = out;
    this.now = nowNanos;
    this.budget = new UploadBudget(config.uploadBudget(), WireLimits.UPLOAD_BUDGET_WINDOW, nowNanos);
  }

  /**
   * Takes the peer's latest extension handshake. Returns true when the listener should hear the
   * extension's state: it changed, or this is the first handshake.
   */
  public boolean handshake(ExtensionHandshake hs) {
    count(Counter.EXTENSION_HANDSHAKES);
    boolean wasEnabled = peerExtensionId != 0;
    if (hs.arAltoId() != null) {
      peerExtensionId = hs.arAltoId();
    }
    if (hs.requestQueue() != null) {
      peerRequestQueue = hs.requestQueue();
    }
    peerClient = hs.client() != null ? hs.client() : peerClient;
    peerListenPort = hs.listenPort() != null ? hs.listenPort() : peerListenPort;
    boolean enabled = peerExtensionId != 0;
    if (!enabled) {
      // Requests sent before the peer turned the extension off will never be answered. Nor will
      // its requests to us: we may send it nothing now, so they must not go on filling its queue
      // (or read as duplicates) should it turn the extension on again and ask anew.
      requestedByUs.clear();
      requestedByPeer.clear();
    }
    return enabled != wasEnabled || counters.get(Counter.EXTENSION_HANDSHAKES) == 1;
  }

  /**
   * Reads one {@code ar_alto} payload. Returns the message for the listener, or null when there is
   * none: an unknown {@code msg_type}, a duplicate request, a request answered here with a reject,
   * an answer to nothing we asked.
   */
  public ArAltoMessage receive(byte[] buf, int off, int len, long nowNanos) throws WireException {
    now = nowNanos;
    ArAltoMessage m = ExtensionMessageCodec.decode(buf, off, len);
    if (m == null) {
      count(Counter.UNKNOWN_MESSAGE_TYPE);
      return null;
    }
    received.merge(m.type(), 1L, Long::sum);
    switch (m.type()) {
      case REQUEST -> {
        if (!admit((Request) m)) {
          return null;
        }
      }
      case DATA, REJECT -> {
        PieceKey key = m instanceof Data d ? new PieceKey(d.hash(), d.piece()) : keyOf((Reject) m);
        if (!requestedByUs.remove(key)) {
          count(Counter.UNSOLICITED);
          if (m instanceof Data) {
            count(Counter.UNSOLICITED_DATA);
            if (counters.get(Counter.UNSOLICITED_DATA) > WireLimits.UNSOLICITED_DATA_TOLERANCE) {
              throw new WireException(DisconnectReason.UNSOLICITED_DATA, "piece " + key.piece() + " of " + key.hash());
            }
          }
          return null;
        }
      }
      case INVENTORY -> limitRate(inventoryIn, DisconnectReason.TOO_FREQUENT_INVENTORY);
      case ENDPOINTS -> limitRate(endpointsIn, DisconnectReason.TOO_FREQUENT_ENDPOINTS);
    }
    return m;
  }

  /**
   * Ends the connection when {@code queuedBytes} wait for a peer that keeps asking and reads none of
   * them: past {@link WireLimits#MAX_OUTBOUND_BYTES} only the rejects this session answers with on
   * its own go out, so a queue past {@link WireLimits#MAX_OUTBOUND_OVERRUN} more is a peer asking
   * without reading. Whoever owns the connection's outbound queue calls it after each message read.
   */
  public static void requireAnswersRead(long queuedBytes) throws WireException {
    if (queuedBytes > WireLimits.MAX_OUTBOUND_BYTES + WireLimits.MAX_OUTBOUND_OVERRUN) {
      throw new WireException(DisconnectReason.UNREAD_ANSWERS, queuedBytes + " bytes queued for the peer");
    }
  }

  /**
   * Sends one message under the peer's id, or refuses (and sends nothing) when the peer has not
   * advertised the extension or sending would break a limit.
   */
  public SendOutcome send(ArAltoMessage m, long nowNanos) {
    now = nowNanos;
    if (peerExtensionId == 0) {
      return SendOutcome.PEER_LACKS_EXTENSION;
    }
    byte[] header = ExtensionMessageCodec.encodeHeader(m);
    long payload = header.length + (m instanceof Data d ? d.payload().remaining() : 0);
    if (payload > WireLimits.MAX_MESSAGE_SIZE) {
      return SendOutcome.TOO_LARGE;
    }
    switch (m.type()) {
      case REQUEST -> {
        Request r = (Request) m;
        PieceKey key = new PieceKey(r.hash(), r.piece());
        if (requestedByUs.contains(key)) {
          return SendOutcome.ALREADY_REQUESTED;
        }
        if (requestedByUs.size() >= Math.min(peerRequestQueue, WireLimits.MAX_OUTSTANDING_REQUESTS)) {
          return SendOutcome.TOO_MANY_OUTSTANDING;
        }
        requestedByUs.add(key);
      }
      case DATA, REJECT -> {
        PieceKey key = m instanceof Data d ? new PieceKey(d.hash(), d.piece()) : keyOf((Reject) m);
        if (!requestedByPeer.remove(key)) {
          return SendOutcome.NOT_REQUESTED;
        }
        if (m instanceof Data d) {
          budget.spend(d.payload().remaining(), now);
        }
      }
      case INVENTORY, ENDPOINTS -> {
        AnnounceRate rate = m.type() == MessageType.INVENTORY ? inventoryOut : endpointsOut;
        if (!rate.allows(now)) {
          return SendOutcome.RATE_LIMITED;
        }
        rate.record(now);
      }
    }
    emit(m, header);
    return SendOutcome.SENT;
  }

  public boolean enabled() {
    return peerExtensionId != 0;
  }

  /** The peer's id for {@code ar_alto} from its latest handshake; 0 while disabled. */
  public int peerExtensionId() {
    return peerExtensionId;
  }

  public String peerClient() {
    return peerClient;
  }

  /** The {@code p} of the peer's extension handshakes, or null when none said. */
  public Integer peerListenPort() {
    return peerListenPort;
  }

  /** Counts an event the carrier handled itself (keep-alives, other messages, unreadable handshakes). */
  public void count(Counter c) {
    counters.merge(c, 1L, Long::sum);
  }

  public PeerStats stats(long bytesReceived, long bytesSent) {
    return new PeerStats(received, sent, counters, bytesReceived, bytesSent);
  }

  private void emit(ArAltoMessage m, byte[] header) {
    out.send(peerExtensionId, m, header);
    sent.merge(m.type(), 1L, Long::sum);
  }

  private static PieceKey keyOf(Reject r) {
    return new PieceKey(r.hash(), r.piece());
  }

  /** True if the request goes to the listener; otherwise it was a duplicate or we rejected it here. */
  private boolean admit(Request r) throws WireException {
    if (peerExtensionId == 0) {
      // We could not answer it: we may send nothing to a peer that has not enabled the extension.
      return false;
    }
    PieceKey key = new PieceKey(r.hash(), r.piece());
    if (requestedByPeer.contains(key)) {
      count(Counter.DUPLICATE_REQUEST);
      return false;
    }
    if (requestedByPeer.size() >= config.requestQueue()) {
      count(Counter.BUSY_REJECTS);
      if (counters.get(Counter.BUSY_REJECTS) > WireLimits.REQUEST_FLOOD_TOLERANCE) {
        throw new WireException(DisconnectReason.REQUEST_FLOOD,
            counters.get(Counter.BUSY_REJECTS) + " requests beyond our queue of " + config.requestQueue());
      }
      Reject busy = new Reject(r.hash(), r.piece(), RejectReason.BUSY);
      emit(busy, ExtensionMessageCodec.encodeHeader(busy));
      return false;
    }
    if (!budget.has(WireLimits.PIECE_SIZE, now)) {
      count(Counter.BUDGET_REJECTS);
      Reject spent = new Reject(r.hash(), r.piece(), RejectReason.BUDGET_EXHAUSTED);
      emit(spent, ExtensionMessageCodec.encodeHeader(spent));
      return false;
    }
    requestedByPeer.add(key);
    return true;
  }

  private void limitRate(AnnounceRate rate, DisconnectReason reason) throws WireException {
    if (!rate.allows(now)) {
      throw new WireException(reason, "more than the burst within " + WireLimits.ANNOUNCE_FLOOD_WINDOW);
    }
    rate.record(now);
  }
}
