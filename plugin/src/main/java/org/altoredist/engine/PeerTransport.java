package org.altoredist.engine;

import java.net.InetSocketAddress;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.InfoHash;

/**
 * How an engine reaches other {@code ar_alto} peers. Two implementations exist: {@link WireTransport}
 * over the real peer-wire endpoint, and the simulation's in-memory network. Both run the same
 * {@link org.altoredist.wire.PeerWireSession} rules on every connection (handshakes, request queue,
 * announcement rates, upload budget), so the engine sees the same behaviour from either.
 *
 * <p>The engine calls {@link #start} once, then the other methods from its loop. The transport may
 * call the {@link Listener} from any thread; the engine moves each call onto its loop.
 */
public interface PeerTransport extends AutoCloseable {

  /** What a transport reports about its connections. */
  interface Listener {

    /** {@code ar_alto} is enabled on this connection (the peer's extension handshake listed it). */
    void opened(PeerLink link);

    /** One message that passed every wire check, in the order the peer sent them. */
    void message(PeerLink link, ArAltoMessage message);

    /** The connection ended, or the peer disabled {@code ar_alto} on it; nothing more comes from it. */
    void closed(PeerLink link, DisconnectReason reason, String detail);

    /** A dial did not lead to an open link. */
    void dialFailed(InfoHash torrent, InetSocketAddress remote, String why);
  }

  void start(Listener listener);

  /** Accept incoming connections for this torrent (or a rendezvous key used as one). */
  void accept(InfoHash torrent);

  /** Stop accepting new connections for it; open ones stay. */
  void refuse(InfoHash torrent);

  /** Connect to {@code remote} for {@code torrent}; success is {@link Listener#opened}. */
  void dial(InfoHash torrent, InetSocketAddress remote);

  /** The address other peers reach this node at; what discovery announces. */
  InetSocketAddress localAddress();

  @Override
  void close();
}
