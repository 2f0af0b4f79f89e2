package org.altoredist.wire.endpoint;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.PeerStats;
import org.altoredist.wire.SendOutcome;

/** One connection of a {@link WireEndpoint}, as its listener sees it. Thread-safe. */
public interface WirePeer {

  InetSocketAddress remoteAddress();

  /**
   * Where this peer accepts connections: the address we dialled, or for an accepted connection
   * its IP with the {@code p} of its extension handshake; empty when it did not say. What an
   * {@code endpoints} message may pass on once the peer has spoken {@code ar_alto}.
   */
  Optional<InetSocketAddress> listenAddress();

  /** The torrent of this connection; empty until the BEP 3 handshake is done. */
  Optional<InfoHash> infoHash();

  /** True if we dialled the peer. */
  boolean outgoing();

  /** True while the peer's latest extension handshake lists {@code ar_alto} with a non-zero id. */
  boolean extensionEnabled();

  /** The peer's {@code v}, for logs. */
  Optional<String> client();

  /**
   * Queues a message for the peer. Never sends to a peer without {@code ar_alto}: the outcome
   * says why a message was not queued.
   */
  SendOutcome send(ArAltoMessage message);

  PeerStats stats();

  /** Bytes queued for the peer and not yet written to the socket (what the kernel holds is not counted). */
  long queuedBytes();

  /** Sends what is queued, then closes; the listener hears {@code CLOSED_LOCALLY}. */
  void disconnect();
}
