package org.altoredist.binding.bt;

import bt.net.ConnectionKey;
import bt.protocol.Message;
import bt.protocol.extended.ExtendedHandshake;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.altoredist.engine.PeerLink;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.ExtensionHandshake;
import org.altoredist.wire.ExtensionSession;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.SendOutcome;
import org.altoredist.wire.WireConfig;
import org.altoredist.wire.WireException;
import org.altoredist.wire.WireLimits;

/**
 * {@code ar_alto} on one of Bt's content connections. Its {@link ExtensionSession} keeps the
 * protocol's rules; what the session sends waits in an outbox until Bt's messaging asks this
 * connection for messages ({@link #drain}), which it does whenever the connection's own queue is
 * empty. All of it is guarded by the link's lock: Bt's threads read and drain, the engine sends.
 */
final class InWireLink implements PeerLink {

  /**
   * What a peer may send before it has heard anything from us: its inventories and endpoint lists,
   * each within its burst. Requests need our inventory first, so none come this early.
   */
  static final int EARLY_MESSAGES = WireLimits.INVENTORY_BURST + WireLimits.ENDPOINTS_BURST;

  private final ConnectionKey key;
  private final InfoHash torrent;
  private final boolean outgoing;
  private final ExtensionSession session;
  private final ArrayDeque<Message> outbox = new ArrayDeque<>();
  /** What the peer sent before the engine joined the torrent, for the engine once it has. */
  private final ArrayDeque<ArAltoMessage> early = new ArrayDeque<>();
  private final Consumer<InWireLink> onDisconnect;
  private long outboxBytes;
  /** Reported to the engine as open, and not since closed. */
  private boolean open;
  private boolean ended;
  /** Tell the peer, at the next drain, that ar_alto is off toward it. */
  private boolean disableOnDrain;

  InWireLink(ConnectionKey key, InfoHash torrent, boolean outgoing, WireConfig config, long now,
      Consumer<InWireLink> onDisconnect) {
    this.key = key;
    this.torrent = torrent;
    this.outgoing = outgoing;
    this.onDisconnect = onDisconnect;
    this.session = new ExtensionSession(config, (peerId, m, header) -> {
      ArAltoPayload p = ArAltoPayload.outgoing(m, header);
      outbox.add(p);
      outboxBytes += p.length();
    }, now);
  }

  ConnectionKey key() {
    return key;
  }

  /**
   * Takes the peer's extension handshake; returns whether the extension is on now. A peer that
   * moves {@code ar_alto} from one non-zero id to another is taken as having turned it off: Bt
   * keeps every id a peer ever named and may pick the old one when it frames a message, and
   * nothing may go out under an id the peer's latest handshake does not give.
   */
  synchronized boolean handshake(ExtensionHandshake hs) {
    int before = session.peerExtensionId();
    session.handshake(hs);
    int after = session.peerExtensionId();
    if (before != 0 && after != 0 && before != after) {
      ended = true;
    }
    if (!session.enabled() || ended) {
      outbox.clear();
      outboxBytes = 0;
    }
    return session.enabled() && !ended;
  }

  /** Reads one payload; null when there is nothing for the engine. */
  synchronized ArAltoMessage receive(ArAltoPayload p, long now) throws WireException {
    if (p.oversized()) {
      throw new WireException(org.altoredist.wire.DisconnectReason.MESSAGE_TOO_LARGE,
          p.length() + " bytes > " + WireLimits.MAX_MESSAGE_SIZE);
    }
    byte[] b = p.bytes();
    ArAltoMessage m = session.receive(b, 0, b.length, now);
    ExtensionSession.requireAnswersRead(outboxBytes);
    return m;
  }

  /**
   * Keeps a message that came before the link could open: the peer sends its inventory as soon as
   * it sees our handshake, which Bt may send before the engine has joined the torrent, and the peer
   * announces again only when its holdings change. Past {@link #EARLY_MESSAGES} a peer is sending
   * more than the protocol lets it unprompted, and the excess is dropped.
   */
  synchronized boolean holdEarly(ArAltoMessage m) {
    if (ended || early.size() >= EARLY_MESSAGES) {
      return false;
    }
    early.add(m);
    return true;
  }

  /** The messages held until the link opened, oldest first; the link holds none after. */
  synchronized List<ArAltoMessage> takeEarly() {
    List<ArAltoMessage> all = List.copyOf(early);
    early.clear();
    return all;
  }

  /** Hands Bt what waits for this connection, and ends {@code ar_alto} on it when asked to. */
  synchronized void drain(Consumer<Message> to) {
    Message m;
    while ((m = outbox.poll()) != null) {
      outboxBytes -= m instanceof ArAltoPayload p ? p.length() : 0;
      to.accept(m);
    }
    if (disableOnDrain) {
      // BEP 10: handshakes may be re-sent and m is additive, so this turns off ar_alto alone
      // toward this peer; the content connection and its other extensions go on.
      to.accept(ExtendedHandshake.builder().addMessageType(ExtensionHandshake.EXTENSION_NAME, 0).build());
      disableOnDrain = false;
    }
  }

  /** Marks the link open for the engine; false if it was already open or has ended. */
  synchronized boolean markOpen() {
    if (open || ended || !session.enabled()) {
      return false;
    }
    open = true;
    return true;
  }

  /** Ends the link once; returns whether the engine had it open (and so must hear it closed). */
  synchronized boolean markEnded() {
    boolean wasOpen = open;
    open = false;
    ended = true;
    early.clear();
    outbox.clear();
    outboxBytes = 0;
    return wasOpen;
  }

  synchronized boolean isOpen() {
    return open;
  }

  @Override
  public InfoHash torrent() {
    return torrent;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return new InetSocketAddress(key.getPeer().getInetAddress(), key.getRemotePort());
  }

  @Override
  public synchronized Optional<InetSocketAddress> listenAddress() {
    if (outgoing && session.peerListenPort() == null) {
      return Optional.of(remoteAddress());
    }
    Integer port = session.peerListenPort();
    return port == null ? Optional.empty() : Optional.of(new InetSocketAddress(key.getPeer().getInetAddress(), port));
  }

  /**
   * Whether this side dialled: the engine did, or Bt did (from its own peer sources), which shows
   * as the connection's remote port being the one the peer listens on.
   */
  @Override
  public synchronized boolean outgoing() {
    Integer port = session.peerListenPort();
    return outgoing || port != null && port == key.getRemotePort();
  }

  /** The peer as a listening address, which a second connection to it shares. */
  synchronized Optional<InetSocketAddress> peerIdentity() {
    Integer port = session.peerListenPort();
    return port == null ? Optional.empty() : Optional.of(new InetSocketAddress(key.getPeer().getInetAddress(), port));
  }

  /** Ends the link toward the engine without telling the peer: a duplicate of a link kept open. */
  synchronized boolean markStandby() {
    boolean wasOpen = open;
    open = false;
    outbox.clear();
    outboxBytes = 0;
    return wasOpen;
  }

  /** What waits in the outbox for Bt to take; what Bt has taken is its own to send. */
  @Override
  public synchronized long queuedBytes() {
    return outboxBytes;
  }

  @Override
  public synchronized SendOutcome send(ArAltoMessage message) {
    if (ended) {
      return SendOutcome.CLOSED;
    }
    if (!session.enabled()) {
      return SendOutcome.PEER_LACKS_EXTENSION;
    }
    if (outboxBytes > WireLimits.MAX_OUTBOUND_BYTES - WireLimits.MAX_MESSAGE_SIZE) {
      return SendOutcome.OUTBOUND_FULL;
    }
    return session.send(message, System.nanoTime());
  }

  /**
   * Ends {@code ar_alto} with this peer. The connection carries content too, so it stays: the peer
   * is told, by a re-sent extension handshake, that {@code ar_alto} is off toward it, and anything
   * it sends under the extension from then on is ignored.
   */
  @Override
  public void disconnect() {
    synchronized (this) {
      if (ended) {
        return;
      }
      disableOnDrain = true;
    }
    onDisconnect.accept(this);
  }

  @Override
  public String toString() {
    return remoteAddress() + " (in-wire)";
  }
}
