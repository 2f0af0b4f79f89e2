package org.altoredist.wire.endpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.MessageType;
import org.altoredist.wire.PeerStats;
import org.altoredist.wire.PeerWireHandshake;
import org.altoredist.wire.PeerWireSession;
import org.altoredist.wire.SendOutcome;
import org.altoredist.wire.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket and its {@link PeerWireSession}. The session is guarded by this object's lock, held
 * only while bytes or messages pass through it; listener calls happen after the lock is released,
 * on the network thread.
 */
final class Connection implements WirePeer, Occupancy.Occupant {

  private static final Logger log = LoggerFactory.getLogger(Connection.class);
  /** Reads per readiness event, so one fast peer cannot starve the others on the network thread. */
  private static final int READS_PER_TURN = 8;

  private final WireEndpoint endpoint;
  private final SocketChannel channel;
  private final InetSocketAddress remote;
  private final boolean outgoing;
  private final CompletableFuture<WirePeer> dialed;
  private final PeerWireSession session;
  /** Listener calls collected under the lock, run after it is released. */
  private final List<Runnable> pending = new ArrayList<>();
  private SelectionKey key;
  private volatile boolean closed;
  private boolean closing;
  private boolean outputShut;
  private long closingSince;
  /** When an ar_alto message last passed either way (or when the connection began). */
  private volatile long lastMessageAt;

  Connection(WireEndpoint endpoint, SocketChannel channel, InetSocketAddress remote, InfoHash dialledHash,
      CompletableFuture<WirePeer> dialed, long now) {
    this.endpoint = endpoint;
    this.channel = channel;
    this.remote = remote;
    this.outgoing = dialledHash != null;
    this.dialed = dialed;
    this.session = new PeerWireSession(outgoing ? PeerWireSession.Role.DIALLER : PeerWireSession.Role.ACCEPTOR,
        dialledHash, endpoint::isRegistered, endpoint.peerId(), endpoint.config(), new Events(), now);
    this.lastMessageAt = now;
  }

  void attach(SelectionKey key) {
    this.key = key;
  }

  private final class Events implements PeerWireSession.Events {
    @Override
    public void handshake(PeerWireHandshake theirs) {
      pending.add(() -> {
        endpoint.listener().connected(Connection.this);
        if (dialed != null) {
          dialed.complete(Connection.this);
        }
      });
    }

    @Override
    public void extensionChanged(boolean enabled) {
      pending.add(() -> endpoint.listener().extensionChanged(Connection.this, enabled));
    }

    @Override
    public void message(ArAltoMessage message) {
      lastMessageAt = System.nanoTime();
      pending.add(() -> endpoint.listener().message(Connection.this, message));
    }
  }

  /** Reads what the socket has into {@code buffer} (shared, emptied here) and feeds the session. */
  void readable(ByteBuffer buffer, long now) {
    try {
      int n = 0;
      for (int reads = 0; reads < READS_PER_TURN && (n = channel.read(buffer.clear())) > 0; reads++) {
        synchronized (this) {
          if (!closing) {
            session.receive(buffer.flip(), now);
          }
        }
        dispatch();
        if (closed) {
          return;
        }
      }
      if (n < 0) {
        close(closing ? DisconnectReason.CLOSED_LOCALLY : DisconnectReason.CLOSED_BY_PEER, "end of stream");
        return;
      }
      flush();
    } catch (WireException e) {
      dispatch();
      close(e.reason(), e.getMessage());
    } catch (IOException e) {
      close(DisconnectReason.IO_ERROR, e.toString());
    }
  }

  /** Writes what the session has queued; asks for OP_WRITE while the socket cannot take it all. */
  void flush() {
    if (closed || !channel.isConnected()) {
      // A dial still connecting: a tick or a send may come first; finishing the connect flushes.
      return;
    }
    try {
      boolean more;
      synchronized (this) {
        if (session.hasOutbound()) {
          session.written(channel.write(session.outbound()));
        }
        more = session.hasOutbound();
        if (closing && !more && !outputShut) {
          // Half-close: the peer reads everything we sent, then sees end of stream.
          channel.shutdownOutput();
          outputShut = true;
        }
      }
      if (key.isValid()) {
        key.interestOps(more ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
      }
    } catch (IOException e) {
      close(DisconnectReason.IO_ERROR, e.toString());
    }
  }

  void tick(long now) {
    try {
      synchronized (this) {
        if (closing) {
          if (now - closingSince > endpoint.config().handshakeTimeout().toNanos()) {
            throw new WireException(DisconnectReason.CLOSED_LOCALLY, "peer did not close its side in time");
          }
        } else {
          session.tick(now);
        }
      }
      flush();
    } catch (WireException e) {
      close(e.reason(), e.getMessage());
    }
  }

  /** Starts a graceful close on the network thread. */
  void beginClose(long now) {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      closingSince = now;
    }
    flush();
  }

  /** Closes at once; tells the listener (and a pending dial) why. */
  @Override
  public void close(DisconnectReason reason, String detail) {
    if (closed) {
      return;
    }
    closed = true;
    if (key != null) {
      key.cancel();
    }
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("peer {}: closing the socket failed: {}", remote, e.toString());
    }
    endpoint.removed(this);
    if (reason.peerFault()) {
      log.info("peer {} torrent {}: disconnected, {}", remote, infoHashText(), detail);
    } else {
      log.debug("peer {} torrent {}: disconnected, {}", remote, infoHashText(), detail);
    }
    if (dialed != null && !dialed.isDone()) {
      dialed.completeExceptionally(new WireException(reason, detail));
    }
    endpoint.listener().disconnected(this, reason, detail);
  }

  private void dispatch() {
    List<Runnable> calls;
    synchronized (this) {
      if (pending.isEmpty()) {
        return;
      }
      calls = new ArrayList<>(pending);
      pending.clear();
    }
    for (Runnable r : calls) {
      r.run();
    }
  }

  private String infoHashText() {
    return infoHash().map(InfoHash::hex).orElse("(before handshake)");
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Whether this connection has been of use: the peer told us what it holds, or a piece passed
   * either way. A connection that only handshook and keeps alive is not; it is the first to make
   * room when the endpoint is full.
   */
  @Override
  public synchronized boolean useful() {
    PeerStats s = session.stats();
    return s.received(MessageType.INVENTORY) > 0 || s.received(MessageType.DATA) > 0 || s.sent(MessageType.DATA) > 0;
  }

  @Override
  public long lastMessageAt() {
    return lastMessageAt;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public synchronized Optional<InfoHash> infoHash() {
    return session.peerHandshake() == null ? Optional.empty() : Optional.of(session.infoHash());
  }

  @Override
  public synchronized Optional<InetSocketAddress> listenAddress() {
    return session.peerListenAddress(remote);
  }

  @Override
  public boolean outgoing() {
    return outgoing;
  }

  @Override
  public synchronized boolean extensionEnabled() {
    return session.extensionEnabled();
  }

  @Override
  public synchronized Optional<String> client() {
    return Optional.ofNullable(session.peerClient());
  }

  @Override
  public SendOutcome send(ArAltoMessage message) {
    SendOutcome outcome;
    synchronized (this) {
      outcome = closed || closing ? SendOutcome.CLOSED : session.send(message, System.nanoTime());
    }
    if (outcome == SendOutcome.SENT) {
      lastMessageAt = System.nanoTime();
      endpoint.flushSoon(this);
    } else {
      log.debug("peer {} torrent {}: {} not sent: {}", remote, infoHashText(), message.type(), outcome);
    }
    return outcome;
  }

  @Override
  public synchronized long queuedBytes() {
    return session.outboundBytes();
  }

  @Override
  public synchronized PeerStats stats() {
    return session.stats();
  }

  @Override
  public void disconnect() {
    endpoint.onLoop(() -> beginClose(System.nanoTime()));
  }

  @Override
  public String toString() {
    return "peer " + remote + (outgoing ? " (dialled)" : " (accepted)");
  }
}
