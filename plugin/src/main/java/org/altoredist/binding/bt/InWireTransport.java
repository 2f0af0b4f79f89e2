package org.altoredist.binding.bt;

import bt.bencoding.types.BEMap;
import bt.metainfo.TorrentId;
import bt.net.ConnectionKey;
import bt.net.IConnectionSource;
import bt.net.IPeerConnectionPool;
import bt.net.InetPeer;
import bt.net.PeerConnection;
import bt.protocol.Message;
import bt.protocol.extended.ExtendedHandshake;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.altoredist.engine.PeerTransport;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.ExtensionHandshake;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.WireConfig;
import org.altoredist.wire.WireException;
import org.altoredist.wire.WireLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's transport on Bt's own peer connections: {@code ar_alto} in-wire, beside the
 * pieces, listed in the same BEP 10 handshake as Bt's {@code ut_metadata} and {@code ut_pex}. A
 * connection becomes a {@link InWireLink} once the peer's extension handshake lists
 * {@code ar_alto} with a non-zero id, for a torrent the engine has joined; vanilla peers never
 * become links and never receive anything from the extension.
 *
 * <p>Dialling asks Bt for a content connection to the address; a rendezvous key cannot be
 * accepted (Bt serves only its torrents' info-hashes), so the engine using this transport joins
 * torrent keys alone. A peer that breaks the wire protocol loses its whole connection, as
 * libtorrent and Bt drop a peer for a malformed extension message; one the engine lets go for its
 * own reasons keeps the connection for content and has {@code ar_alto} turned off
 * ({@link InWireLink#disconnect}).
 */
final class InWireTransport implements PeerTransport {

  private static final Logger log = LoggerFactory.getLogger(InWireTransport.class);

  private record Dial(InetSocketAddress remote, InfoHash torrent) {}

  private final WireConfig config;
  private final ScheduledExecutorService timer;
  private final Map<ConnectionKey, InWireLink> links = new ConcurrentHashMap<>();
  private final Set<InfoHash> accepted = ConcurrentHashMap.newKeySet();
  private final Set<Dial> dials = ConcurrentHashMap.newKeySet();
  private volatile Listener listener;
  private volatile IConnectionSource connections;
  private volatile IPeerConnectionPool pool;
  private volatile InetSocketAddress local;

  InWireTransport(WireConfig config, ScheduledExecutorService timer) {
    this.config = config;
    this.timer = timer;
  }

  /** Connects the transport to the runtime whose connections it rides; before the engine starts. */
  void bind(IConnectionSource connections, IPeerConnectionPool pool, InetSocketAddress local) {
    this.connections = connections;
    this.pool = pool;
    this.local = local;
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void accept(InfoHash torrent) {
    accepted.add(torrent);
    // Links whose handshake arrived before the engine joined the torrent open now.
    for (InWireLink link : links.values()) {
      if (link.torrent().equals(torrent)) {
        open(link);
      }
    }
  }

  @Override
  public void refuse(InfoHash torrent) {
    accepted.remove(torrent);
  }

  @Override
  public void dial(InfoHash torrent, InetSocketAddress remote) {
    Listener l = listener;
    IConnectionSource source = connections;
    if (source == null || !accepted.contains(torrent)) {
      if (l != null) {
        l.dialFailed(torrent, remote, "not a torrent of this Bt runtime");
      }
      return;
    }
    Dial d = new Dial(remote, torrent);
    dials.add(d);
    source.getConnectionAsync(InetPeer.build(remote.getAddress(), remote.getPort()), TorrentId.fromBytes(torrent.bytes()))
        .whenComplete((result, error) -> {
          if (error != null || result == null || !result.isSuccess()) {
            failDial(d, error != null ? error.toString() : "Bt could not connect");
          } else {
            // The link opens when the peer's extension handshake lists ar_alto; a peer that sends
            // none within the handshake timeout is not an ar_alto peer.
            timer.schedule(() -> failDial(d, "no extension handshake listing ar_alto"),
                WireLimits.HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          }
        });
  }

  private void failDial(Dial d, String why) {
    Listener l = listener;
    if (dials.remove(d) && l != null) {
      l.dialFailed(d.torrent(), d.remote(), why);
    }
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public void close() {
    for (InWireLink link : links.values()) {
      link.disconnect();
    }
  }

  // ---- from Bt's messaging (ArAltoAgent) and events, on Bt's threads ----

  void handshake(ExtendedHandshake hs, ConnectionKey key) {
    ExtensionHandshake theirs = read(hs);
    if (theirs == null) {
      return;
    }
    InfoHash torrent = InfoHash.of(key.getTorrentId().getBytes());
    InetSocketAddress remote = new InetSocketAddress(key.getPeer().getInetAddress(), key.getRemotePort());
    Dial d = new Dial(remote, torrent);
    boolean dialled = dials.contains(d);
    InWireLink link = links.computeIfAbsent(key,
        k -> new InWireLink(k, torrent, dialled, config, System.nanoTime(), this::disconnected));
    if (link.handshake(theirs)) {
      dials.remove(d);
      open(link);
    } else {
      if (link.markEnded()) {
        listener.closed(link, DisconnectReason.CLOSED_BY_PEER, "the peer turned ar_alto off or moved it to another id");
      }
      links.remove(key, link);
      failDial(d, "its extension handshake does not list ar_alto");
    }
  }

  void payload(ArAltoPayload p, ConnectionKey key) {
    InWireLink link = links.get(key);
    Listener l = listener;
    if (link == null || l == null) {
      return;
    }
    ArAltoMessage m;
    // Under the transport's lock, so that a link cannot open between the check and the hold.
    synchronized (this) {
      boolean early = !link.isOpen() && !accepted.contains(link.torrent());
      if (!link.isOpen() && !early) {
        // Held in reserve, or after the link ended: nothing to answer.
        return;
      }
      try {
        m = link.receive(p, System.nanoTime());
      } catch (WireException e) {
        breakLink(link, e, l);
        return;
      }
      if (early) {
        if (m != null && !link.holdEarly(m)) {
          log.debug("peer {}: more ar_alto messages than a peer sends unprompted before {} was joined; dropped {}",
              link, link.torrent(), m.getClass().getSimpleName());
        }
        return;
      }
    }
    if (m != null) {
      l.message(link, m);
    }
  }

  private void breakLink(InWireLink link, WireException e, Listener l) {
    log.warn("peer {}: closing the connection for breaking the ar_alto protocol ({}: {})", link, e.reason(),
        e.getMessage());
    if (link.markEnded()) {
      l.closed(link, e.reason(), e.getMessage());
    }
    links.remove(link.key(), link);
    PeerConnection c = pool == null ? null : pool.getConnection(link.key());
    if (c != null) {
      c.closeQuietly();
    }
  }

  void produce(Consumer<Message> out, ConnectionKey key) {
    InWireLink link = links.get(key);
    if (link != null) {
      link.drain(out);
    }
  }

  /** Bt closed the connection; a link held in reserve to the same peer opens in its place. */
  void connectionClosed(ConnectionKey key) {
    InWireLink link = links.remove(key);
    Listener l = listener;
    if (link == null) {
      return;
    }
    if (link.markEnded() && l != null) {
      l.closed(link, DisconnectReason.CLOSED_BY_PEER, "the connection closed");
    }
    for (InWireLink other : links.values()) {
      if (other.torrent().equals(link.torrent()) && other.peerIdentity().equals(link.peerIdentity())) {
        open(other);
      }
    }
  }

  /** Ends the links whose connection Bt has closed without an event reaching us. */
  void sweep() {
    IPeerConnectionPool p = pool;
    if (p == null) {
      return;
    }
    for (ConnectionKey key : links.keySet()) {
      PeerConnection c = p.getConnection(key);
      if (c == null || c.isClosed()) {
        connectionClosed(key);
      }
    }
  }

  /**
   * Opens a link for the engine, one per peer and torrent. Two connections to one peer (each side
   * dialled, or Bt and the engine both did) would give the engine two links, and its duplicate rule
   * would turn ar_alto off on one while Bt, deduplicating on its own, may close the other. So the
   * transport keeps the one dialled by the lower of the two listen addresses open, as the engine's
   * rule does and as the peer's transport will too, and holds the other in reserve, ar_alto still
   * on, to open if the first closes.
   */
  private synchronized void open(InWireLink link) {
    Listener l = listener;
    if (l == null || !accepted.contains(link.torrent())) {
      return;
    }
    Optional<InetSocketAddress> peer = link.peerIdentity();
    for (InWireLink other : links.values()) {
      if (other == link || !other.isOpen() || !other.torrent().equals(link.torrent()) || peer.isEmpty()
          || !peer.equals(other.peerIdentity())) {
        continue;
      }
      boolean selfLower = lower(local, peer.get());
      if (link.outgoing() != selfLower || other.outgoing() == selfLower) {
        return;
      }
      if (other.markStandby()) {
        l.closed(other, DisconnectReason.CLOSED_LOCALLY, "a second connection to the peer is kept instead");
      }
    }
    if (link.markOpen()) {
      log.debug("peer {}: ar_alto open in-wire for {}", link, link.torrent());
      l.opened(link);
      for (ArAltoMessage m : link.takeEarly()) {
        l.message(link, m);
      }
    }
  }

  /** Address bytes unsigned, then port: the order both ends of a connection compute alike. */
  private static boolean lower(InetSocketAddress a, InetSocketAddress b) {
    int c = java.util.Arrays.compareUnsigned(a.getAddress().getAddress(), b.getAddress().getAddress());
    return c < 0 || c == 0 && a.getPort() < b.getPort();
  }

  /** The engine let a link go: it stays in the map until Bt drains the handshake that turns ar_alto off. */
  private void disconnected(InWireLink link) {
    Listener l = listener;
    if (link.markEnded() && l != null) {
      l.closed(link, DisconnectReason.CLOSED_LOCALLY, "ar_alto turned off toward the peer");
    }
  }

  /**
   * Bt has parsed the handshake into a map; re-encoding it hands our reader bytes, so the reading
   * rules stay in one place.
   */
  private static ExtensionHandshake read(ExtendedHandshake hs) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new BEMap(null, hs.getData()).writeTo(out);
      byte[] b = out.toByteArray();
      return ExtensionHandshake.decode(b, 0, b.length);
    } catch (IOException | WireException | RuntimeException e) {
      log.debug("an extension handshake we cannot read: {}", e.toString());
      return null;
    }
  }
}
