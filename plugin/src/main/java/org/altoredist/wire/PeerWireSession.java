package org.altoredist.wire;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;
import org.altoredist.wire.PeerStats.Counter;

/**
 * One peer-wire connection that speaks only {@code ar_alto}, as a state machine without I/O:
 * bytes go in through {@link #receive}, bytes to send come out of {@link #outbound}, time comes in
 * through {@link #tick}. The caller (the endpoint) owns the socket.
 *
 * <p>It does the peer wire's own work: the BEP 3 handshake (checking info-hash, extension bit and
 * self-connections), have_none under the fast extension, our BEP 10 handshake, keep-alives,
 * timeouts and the bytes queued for the socket. Everything about {@code ar_alto} itself (the
 * peer's id from its latest handshake, the request queues, rates and budget) is its
 * {@link ExtensionSession}'s. A broken rule throws {@link WireException}; the caller then closes
 * the connection. Not thread-safe: the caller serialises all calls.
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

  private final Role role;
  private final Predicate<InfoHash> acceptedInfoHashes;
  private final byte[] ourPeerId;
  private final WireConfig config;
  private final Events events;
  private final FrameDecoder decoder;
  private final ExtensionSession extension;
  private final long createdAt;
  private InfoHash infoHash;
  private PeerWireHandshake theirs;
  private boolean fast;
  private long lastReceived;
  private long lastSent;
  private final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
  private long outboundBytes;
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
    this.extension = new ExtensionSession(config, (id, m, header) -> {
      for (ByteBuffer b : Frames.extended(id, m, header)) {
        queue(b);
      }
    }, nowNanos);
    this.createdAt = nowNanos;
    this.now = nowNanos;
    this.lastReceived = nowNanos;
    this.lastSent = nowNanos;
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
      extension.count(Counter.KEEPALIVES_SENT);
    }
  }

  /**
   * Queues one {@code ar_alto} message under the peer's id. Refuses (and queues nothing) when
   * the peer has not advertised the extension, or when sending would break a limit.
   */
  public SendOutcome send(ArAltoMessage m, long nowNanos) {
    now = nowNanos;
    if (!extension.enabled()) {
      return SendOutcome.PEER_LACKS_EXTENSION;
    }
    if (outboundBytes > WireLimits.MAX_OUTBOUND_BYTES - WireLimits.MAX_MESSAGE_SIZE) {
      return SendOutcome.OUTBOUND_FULL;
    }
    return extension.send(m, nowNanos);
  }

  private void queue(ByteBuffer b) {
    outbound.add(b);
    outboundBytes += b.remaining();
    lastSent = now;
  }

  /** How many bytes wait to be written. */
  public long outboundBytes() {
    return outboundBytes;
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
    return extension.enabled();
  }

  public String peerClient() {
    return extension.peerClient();
  }

  public Integer peerListenPort() {
    return extension.peerListenPort();
  }

  /**
   * Where the peer at {@code remote} accepts connections: {@code remote} itself when we dialled
   * it, else its IP with the {@code p} of its extension handshake; empty until it says.
   */
  public Optional<InetSocketAddress> peerListenAddress(InetSocketAddress remote) {
    if (role == Role.DIALLER) {
      return Optional.of(remote);
    }
    Integer port = extension.peerListenPort();
    return port == null ? Optional.empty() : Optional.of(new InetSocketAddress(remote.getAddress(), port));
  }

  public PeerStats stats() {
    return extension.stats(bytesReceived, bytesSent);
  }

  private final FrameDecoder.Sink sink = new FrameDecoder.Sink() {
    @Override
    public void handshake(PeerWireHandshake h) throws WireException {
      onHandshake(h);
    }

    @Override
    public void keepAlive() {
      extension.count(Counter.KEEPALIVES_RECEIVED);
    }

    @Override
    public void haveAllOrNone(int messageId) throws WireException {
      if (!fast) {
        throw new WireException(DisconnectReason.FAST_NOT_NEGOTIATED, "message " + messageId + " without the fast extension");
      }
      extension.count(Counter.OTHER_MESSAGES);
    }

    @Override
    public void extended(int extendedId, byte[] buf, int off, int len) throws WireException {
      if (extendedId == 0) {
        onExtensionHandshake(buf, off, len);
      } else {
        ArAltoMessage m = extension.receive(buf, off, len, now);
        ExtensionSession.requireAnswersRead(outboundBytes);
        if (m != null) {
          events.message(m);
        }
      }
    }

    @Override
    public void skipped(int messageId, int extendedId, int length) {
      extension.count(extendedId >= 0 ? Counter.UNKNOWN_EXTENDED_ID : Counter.OTHER_MESSAGES);
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
      extension.count(Counter.UNREADABLE_HANDSHAKE);
      return;
    }
    if (extension.handshake(hs)) {
      events.extensionChanged(extension.enabled());
    }
  }
}
