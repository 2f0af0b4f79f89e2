package org.altoredist.engine.sim;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.altoredist.engine.PeerLink;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.PeerWireHandshake;
import org.altoredist.wire.PeerWireSession;
import org.altoredist.wire.SendOutcome;
import org.altoredist.wire.WireException;

/** One end of a simulated connection: a real {@link PeerWireSession} whose bytes travel by rounds. */
final class SimLink implements PeerLink, PeerWireSession.Events {

  private final SimNode owner;
  private final boolean outgoing;
  private final InetSocketAddress remote;
  private InfoHash torrent;
  private SimLink other;
  private PeerWireSession session;
  private boolean opened;
  private boolean closed;
  /** Bytes of this end's on the node's uplink, not yet transmitted. */
  private long queued;

  SimLink(SimNode owner, boolean outgoing, InfoHash torrent, InetSocketAddress remote) {
    this.owner = owner;
    this.outgoing = outgoing;
    this.torrent = torrent;
    this.remote = remote;
  }

  void connect(SimLink other, PeerWireSession.Role role) {
    this.other = other;
    this.session = new PeerWireSession(role, role == PeerWireSession.Role.DIALLER ? torrent : null,
        owner::accepts, owner.peerId, owner.config, this, owner.network.loop.nanoTime());
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
    return session.peerListenAddress(remote);
  }

  @Override
  public boolean outgoing() {
    return outgoing;
  }

  @Override
  public long queuedBytes() {
    return queued;
  }

  /** A frame of this end's left the node's uplink. */
  void transmitted(int size) {
    queued -= size;
  }

  /** The far end of the connection. */
  SimLink other() {
    return other;
  }

  @Override
  public SendOutcome send(ArAltoMessage message) {
    if (closed) {
      return SendOutcome.CLOSED;
    }
    SendOutcome o = session.send(message, owner.network.loop.nanoTime());
    if (o == SendOutcome.SENT) {
      owner.network.sent(new InMemoryNetwork.Sent(owner.address, remote, message));
      flush();
    }
    return o;
  }

  /** Moves what the session has queued onto the node's uplink, as if written to a socket. */
  void flush() {
    if (!session.hasOutbound()) {
      return;
    }
    ByteBuffer[] out = session.outbound();
    ByteBuffer[] copy = new ByteBuffer[out.length];
    int size = 0;
    for (int i = 0; i < out.length; i++) {
      copy[i] = out[i].duplicate();
      size += out[i].remaining();
      out[i].position(out[i].limit());
    }
    session.written(size);
    queued += size;
    owner.enqueue(other, copy, size);
  }

  /**
   * Sends an extended message's payload under id 1 (every simulated node's {@code ar_alto} id),
   * bypassing the session's rules: how a hostile node breaks them.
   */
  void sendRaw(byte[] payload) {
    ByteBuffer frame = ByteBuffer.allocate(6 + payload.length);
    frame.putInt(2 + payload.length).put((byte) 20).put((byte) 1).put(payload).flip();
    queued += frame.remaining();
    owner.enqueue(other, new ByteBuffer[] {frame}, frame.remaining());
  }

  void receive(ByteBuffer[] bytes, int size) {
    if (closed) {
      return;
    }
    owner.bytesReceived += size;
    owner.network.wire(owner, size);
    try {
      for (ByteBuffer b : bytes) {
        session.receive(b.duplicate(), owner.network.loop.nanoTime());
      }
    } catch (WireException e) {
      fail(e.reason(), e.getMessage());
      return;
    }
    flush();
  }

  void tick() {
    if (closed) {
      return;
    }
    try {
      session.tick(owner.network.loop.nanoTime());
    } catch (WireException e) {
      fail(e.reason(), e.getMessage());
      return;
    }
    flush();
  }

  @Override
  public void handshake(PeerWireHandshake theirs) {
    torrent = theirs.infoHash();
  }

  @Override
  public void extensionChanged(boolean enabled) {
    if (enabled && !opened && !closed) {
      opened = true;
      owner.listener.opened(this);
    } else if (!enabled && opened) {
      end(DisconnectReason.CLOSED_BY_PEER, "the peer disabled ar_alto");
    }
  }

  @Override
  public void message(ArAltoMessage message) {
    if (opened && !closed) {
      owner.network.received(owner, message);
      owner.listener.message(this, message);
    }
  }

  @Override
  public void disconnect() {
    if (!closed) {
      end(DisconnectReason.CLOSED_LOCALLY, "closed by this node");
      other.endLater(DisconnectReason.CLOSED_BY_PEER, "the peer closed the connection");
    }
  }

  /** This end broke on the peer's bytes: it closes, and the peer sees the connection go. */
  private void fail(DisconnectReason reason, String detail) {
    end(reason, detail);
    other.endLater(DisconnectReason.CLOSED_BY_PEER, "the peer closed the connection");
  }

  private void endLater(DisconnectReason reason, String detail) {
    owner.network.loop.schedule(Duration.ofNanos(owner.network.roundNanos()), () -> end(reason, detail));
  }

  private void end(DisconnectReason reason, String detail) {
    if (closed) {
      return;
    }
    closed = true;
    owner.links.remove(this);
    if (owner.listener != null) {
      if (opened) {
        owner.listener.closed(this, reason, detail);
      } else if (outgoing) {
        owner.listener.dialFailed(torrent, remote, reason + ": " + detail);
      }
    }
  }

  @Override
  public String toString() {
    return owner.address + (outgoing ? " -> " : " <- ") + remote;
  }
}
