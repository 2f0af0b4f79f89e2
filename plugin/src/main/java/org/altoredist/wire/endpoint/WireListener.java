package org.altoredist.wire.endpoint;

import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.DisconnectReason;

/**
 * What a {@link WireEndpoint} reports. All calls come from the endpoint's single network thread,
 * one at a time and in order per peer: return quickly, and hand slow work (verification, disk)
 * to another thread, which may call {@link WirePeer#send} at any time.
 */
public interface WireListener {

  /** The BEP 3 handshake is done; the extension handshake may not have arrived yet. */
  default void connected(WirePeer peer) {}

  /** The peer's latest extension handshake enabled (or disabled) {@code ar_alto}; also told once for the first one. */
  default void extensionChanged(WirePeer peer, boolean enabled) {}

  /** One {@code ar_alto} message that passed every wire check. */
  void message(WirePeer peer, ArAltoMessage message);

  /** The connection ended; called once for every connection, handshake done or not. */
  default void disconnected(WirePeer peer, DisconnectReason reason, String detail) {}
}
