package org.altoredist.engine;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.SendOutcome;

/** One open {@code ar_alto} connection, as a {@link PeerTransport} hands it to the engine. */
public interface PeerLink {

  /** The torrent (or rendezvous key) the connection was made for. */
  InfoHash torrent();

  /** The remote end of the connection. */
  InetSocketAddress remoteAddress();

  /**
   * Where the peer accepts connections, when known: the address we dialled, or its IP with the
   * port from its extension handshake. Only such addresses are passed on in endpoints messages.
   */
  Optional<InetSocketAddress> listenAddress();

  /** True if this node dialled the connection. */
  boolean outgoing();

  /**
   * Queues one message. The connection's session refuses what would break a wire rule (the
   * outcome says which); only {@link SendOutcome#SENT} queued it. Any thread.
   */
  SendOutcome send(ArAltoMessage message);

  /**
   * Bytes handed to {@link #send} and not yet written out, for the engine's view of its upload
   * backlog. A transport that cannot tell returns 0 (the default): the node then never turns a
   * requester away for backlog. Any thread.
   */
  default long queuedBytes() {
    return 0;
  }

  /** Closes the connection; the listener hears {@code closed} once. */
  void disconnect();
}
