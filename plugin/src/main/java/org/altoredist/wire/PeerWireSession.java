package org.altoredist.wire;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.altoredist.wire.ArAltoMessage.Data;
import org.altoredist.wire.ArAltoMessage.Reject;
import org.altoredist.wire.ArAltoMessage.Request;
import org.altoredist.wire.PeerStats.Counter;

/**
 * One peer-wire connection that speaks only {@code ar_alto}, as a state machine without I/O:
 * bytes go in through {@link #receive}, bytes to send come out of {@link #outbound}, time comes in
 * through {@link #tick}. The caller (the endpoint) owns the socket.
 *
 * <p>It does the protocol's own work: the BEP 3 handshake (checking info-hash, extension bit and
 * self-connections), have_none under the fast extension, our BEP 10 handshake, keep-alives and
 * timeouts; it tracks the peer's {@code ar_alto} id from its latest handshake and refuses to send
 * anything without one; it enforces the limits of {@link WireLimits}, answering excess requests
 * with rejects itself. A broken rule throws {@link WireException}; the caller then closes the
 * connection. Not thread-safe: the caller serialises all calls.
 */
public final class PeerWireSession {

  /** Who opened the connection: the dialler names the info-hash, the acceptor checks it. */
  public enum Role { DIALLER, ACCEPTOR }

  /** What the session hands up; called from inside {@link #receive}. */
  public interface Events {
    void handshake(PeerWireHandshake theirs);

    /** The peer's latest extension handshake enabled or disabled {@code ar_alto}. */
    void extensionChanged(boolean enabled);

    void message(ArAltoMessage message);
  }

  private record PieceKey(BundleHash hash, int piece) {}

  private final Role role;
  private final Predicate<InfoHash> acceptedInfoHashes;
  private final byte[] ourPeerId;
  private final WireConfig config;
  private final Events events;
  private final FrameDecoder decoder;
  private final long createdAt;
  private InfoHash infoHash;
  private PeerWireHandshake theirs;
  private boolean fast;
  private int peerExtensionId;
  private int peerRequestQueue = WireLimits.DEFAULT_REQUEST_QUEUE;
  private String peerClient;
  private Integer peerListenPort;
  private long lastReceived;
  private long lastSent;
  private final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
  private long outboundBytes;
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
  private long bytesReceived;
  private long bytesSent;
  private long now;

  /**
   * @param infoHash the torrent a dialler asks for; {@code null} for an acceptor, which learns it
   *     from the peer and checks it with {@code acceptedInfoHashes}
   */
  public PeerWireSession(Role role, InfoHash infoHash, Predicate<InfoHash> acceptedInfoHashes, byte[] ourPeerId,
      WireConfig config, Events events, long nowNanos) {
    if ((role == Role.DIALLER) != (infoHash != null)) {
      throw new IllegalArgumentException("a dialler names the info-hash, an acceptor does not");
    }
    this.role = role;
    this.infoHash = infoHash;
    this.acceptedInfoHashes = acceptedInfoHashes;
    this.ourPeerId = ourPeerId.clone();
    this.config = config;
    this.events = events;
    this.decoder = new FrameDecoder(config.localExtensionId(), true);
    this.createdAt = nowNanos;
    this.now = nowNanos;
    this.lastReceived = nowNanos;
    this.lastSent = nowNanos;
    this.budget = new UploadBudget(config.uploadBudget(), WireLimits.UPLOAD_BUDGET_WINDOW, nowNanos);
    if (role == Role.DIALLER) {
      queue(ByteBuffer.wrap(PeerWireHandshake.ours(infoHash, ourPeerId).encode()));
    }
  }

  /** Reads bytes from the peer, consuming all of {@code in}. */
  public void receive(ByteBuffer in, long nowNanos) throws WireException {
    now = nowNanos;
    lastReceived = nowNanos;
    bytesReceived += in.remaining();
    decoder.feed(in, sink);
  }

  /** Enforces timeouts and queues a keep-alive when we have been silent too long. */
  public void tick(long nowNanos) throws WireException {
    now = nowNanos;
    if (theirs == null && nowNanos - createdAt > config.handshakeTimeout().toNanos()) {
      throw new WireException(DisconnectReason.HANDSHAKE_TIMEOUT, "no handshake after " + config.handshakeTimeout());
    }
    if (nowNanos - lastReceived > config.idleTimeout().toNanos()) {
      throw new WireException(DisconnectReason.IDLE_TIMEOUT, "nothing received for " + config.idleTimeout());
    }
    if (theirs != null && nowNanos - lastSent >= config.keepAliveInterval().toNanos()) {
      queue(Frames.keepAlive());
      count(Counter.KEEPALIVES_SENT);
    }
  }

  /**
   * Queues one {@code ar_alto} message under the peer's id. Refuses (and queues nothing) when
   * the peer has not advertised the extension, or when sending would break a limit.
   */
  public SendOutcome send(ArAltoMessage m, long nowNanos) {
    now = nowNanos;
    if (peerExtensionId == 0) {
      return SendOutcome.PEER_LACKS_EXTENSION;
    }
    if (outboundBytes > WireLimits.MAX_OUTBOUND_BYTES - WireLimits.MAX_MESSAGE_SIZE) {
      return SendOutcome.OUTBOUND_FULL;
    }
    ByteBuffer[] frame = Frames.extended(peerExtensionId, m);
    if (Frames.payloadLength(frame) > WireLimits.MAX_MESSAGE_SIZE) {
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
    queueFrame(m, frame);
    return SendOutcome.SENT;
  }

  private static PieceKey keyOf(Reject r) {
    return new PieceKey(r.hash(), r.piece());
  }

  private void sendFrame(ArAltoMessage m) {
    queueFrame(m, Frames.extended(peerExtensionId, m));
  }

  private void queueFrame(ArAltoMessage m, ByteBuffer[] frame) {
    for (ByteBuffer b : frame) {
      queue(b);
    }
    sent.merge(m.type(), 1L, Long::sum);
  }

  private void queue(ByteBuffer b) {
    outbound.add(b);
    outboundBytes += b.remaining();
    lastSent = now;
  }

  /** The bytes waiting to be written, in order; write them, then call {@link #written}. */
  public ByteBuffer[] outbound() {
    return outbound.toArray(new ByteBuffer[0]);
  }

  public boolean hasOutbound() {
    return !outbound.isEmpty();
  }

  /** Drops the buffers written completely and accounts for {@code bytes} sent. */
  public void written(long bytes) {
    bytesSent += bytes;
    outboundBytes -= bytes;
    while (!outbound.isEmpty() && !outbound.peek().hasRemaining()) {
      outbound.poll();
    }
  }

  public InfoHash infoHash() {
    return infoHash;
  }

  public Role role() {
    return role;
  }

  /** The peer's BEP 3 handshake, or {@code null} before it arrived. */
  public PeerWireHandshake peerHandshake() {
    return theirs;
  }

  public boolean extensionEnabled() {
    return peerExtensionId != 0;
  }

  public String peerClient() {
    return peerClient;
  }

  public Integer peerListenPort() {
    return peerListenPort;
  }

  /**
   * Where the peer at {@code remote} accepts connections: {@code remote} itself when we dialled
   * it, else its IP with the {@code p} of its extension handshake; empty until it says.
   */
  public Optional<InetSocketAddress> peerListenAddress(InetSocketAddress remote) {
    if (role == Role.DIALLER) {
      return Optional.of(remote);
    }
    return peerListenPort == null ? Optional.empty()
        : Optional.of(new InetSocketAddress(remote.getAddress(), peerListenPort));
  }

  public PeerStats stats() {
    return new PeerStats(received, sent, counters, bytesReceived, bytesSent);
  }

  private void count(Counter c) {
    counters.merge(c, 1L, Long::sum);
  }

  private final FrameDecoder.Sink sink = new FrameDecoder.Sink() {
    @Override
    public void handshake(PeerWireHandshake h) throws WireException {
      onHandshake(h);
    }

    @Override
    public void keepAlive() {
      count(Counter.KEEPALIVES_RECEIVED);
    }

    @Override
    public void haveAllOrNone(int messageId) throws WireException {
      if (!fast) {
        throw new WireException(DisconnectReason.FAST_NOT_NEGOTIATED, "message " + messageId + " without the fast extension");
      }
      count(Counter.OTHER_MESSAGES);
    }

    @Override
    public void extended(int extendedId, byte[] buf, int off, int len) throws WireException {
      if (extendedId == 0) {
        onExtensionHandshake(buf, off, len);
      } else {
        onMessage(buf, off, len);
      }
    }

    @Override
    public void skipped(int messageId, int extendedId, int length) {
      count(extendedId >= 0 ? Counter.UNKNOWN_EXTENDED_ID : Counter.OTHER_MESSAGES);
    }
  };

  private void onHandshake(PeerWireHandshake h) throws WireException {
    if (role == Role.ACCEPTOR && !acceptedInfoHashes.test(h.infoHash())) {
      throw new WireException(DisconnectReason.UNKNOWN_INFO_HASH, h.infoHash().hex());
    }
    if (role == Role.DIALLER && !h.infoHash().equals(infoHash)) {
      throw new WireException(DisconnectReason.INFO_HASH_MISMATCH, "asked " + infoHash + ", got " + h.infoHash());
    }
    if (!h.extensionProtocol()) {
      throw new WireException(DisconnectReason.NO_EXTENSION_PROTOCOL, "reserved bit 20 is clear");
    }
    if (Arrays.equals(h.peerId(), ourPeerId)) {
      throw new WireException(DisconnectReason.CONNECTED_TO_SELF, "peer id is ours");
    }
    theirs = h;
    infoHash = h.infoHash();
    fast = h.fastExtension();
    if (role == Role.ACCEPTOR) {
      queue(ByteBuffer.wrap(PeerWireHandshake.ours(infoHash, ourPeerId).encode()));
    }
    // BEP 6: have_none "only immediately after the handshake"; BEP 10's handshake right after.
    if (fast) {
      queue(Frames.haveNone());
    }
    Integer port = config.listenPort() == 0 ? null : config.listenPort();
    queue(Frames.extended(0, new ExtensionHandshake(config.localExtensionId(), config.requestQueue(), port,
        config.client()).encode()));
    events.handshake(h);
  }

  private void onExtensionHandshake(byte[] buf, int off, int len) {
    ExtensionHandshake hs;
    try {
      hs = ExtensionHandshake.decode(buf, off, len);
    } catch (WireException e) {
      // libtorrent and Transmission ignore an unreadable handshake; a peer without ar_alto may send one.
      count(Counter.UNREADABLE_HANDSHAKE);
      return;
    }
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
    if (enabled != wasEnabled || counters.get(Counter.EXTENSION_HANDSHAKES) == 1) {
      if (!enabled) {
        requestedByUs.clear();
      }
      events.extensionChanged(enabled);
    }
  }

  private void onMessage(byte[] buf, int off, int len) throws WireException {
    ArAltoMessage m = ExtensionMessageCodec.decode(buf, off, len);
    if (m == null) {
      count(Counter.UNKNOWN_MESSAGE_TYPE);
      return;
    }
    received.merge(m.type(), 1L, Long::sum);
    switch (m.type()) {
      case REQUEST -> {
        if (!admit((Request) m)) {
          return;
        }
      }
      case DATA, REJECT -> {
        PieceKey key = m instanceof Data d ? new PieceKey(d.hash(), d.piece()) : keyOf((Reject) m);
        if (!requestedByUs.remove(key)) {
          count(Counter.UNSOLICITED);
          if (m instanceof Data && counters.get(Counter.UNSOLICITED) > WireLimits.UNSOLICITED_DATA_TOLERANCE) {
            throw new WireException(DisconnectReason.UNSOLICITED_DATA, "piece " + key.piece() + " of " + key.hash());
          }
          return;
        }
      }
      case INVENTORY -> limitRate(inventoryIn, DisconnectReason.TOO_FREQUENT_INVENTORY);
      case ENDPOINTS -> limitRate(endpointsIn, DisconnectReason.TOO_FREQUENT_ENDPOINTS);
    }
    events.message(m);
  }

  /** True if the request goes to the listener; otherwise it was a duplicate or we rejected it here. */
  private boolean admit(Request r) throws WireException {
    if (peerExtensionId == 0) {
      // We could not answer it: anything under id 0 would be read as an extension handshake.
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
      sendFrame(new Reject(r.hash(), r.piece(), RejectReason.BUSY));
      return false;
    }
    if (!budget.has(WireLimits.PIECE_SIZE, now)) {
      count(Counter.BUDGET_REJECTS);
      sendFrame(new Reject(r.hash(), r.piece(), RejectReason.BUDGET_EXHAUSTED));
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
