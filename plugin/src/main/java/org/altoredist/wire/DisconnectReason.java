package org.altoredist.wire;

/**
 * Why a peer-wire connection ended. Each failure class has one reason; {@link #peerFault()} tells
 * whether the peer broke the protocol (worth remembering against it) or the connection just ended.
 */
public enum DisconnectReason {
  /** The BEP 3 handshake is not "\x13BitTorrent protocol" (garbage, or an MSE/PE handshake). */
  BAD_HANDSHAKE(true),
  /**
   * An incoming connection for an info-hash nobody registered with this endpoint. No fault: a
   * dialler that does not know which key an endpoint follows reads this close as "not this key" and
   * may try another (bep_ar_alto.md, "Which info-hash a dialler names").
   */
  UNKNOWN_INFO_HASH(false),
  /** The dialled peer answered with another info-hash. */
  INFO_HASH_MISMATCH(true),
  /** The peer did not set the BEP 10 bit; this endpoint speaks nothing but the extension. */
  NO_EXTENSION_PROTOCOL(false),
  /** The peer's handshake carried our own peer id. */
  CONNECTED_TO_SELF(false),
  /** A length prefix above {@link WireLimits#MAX_FRAME_LENGTH}. */
  FRAME_TOO_LARGE(true),
  /** An extension message (or extension handshake) above {@link WireLimits#MAX_MESSAGE_SIZE}. */
  MESSAGE_TOO_LARGE(true),
  /** A peer-wire message whose length does not fit its type (an empty extended message, a long have_none). */
  MALFORMED_FRAME(true),
  /** have_all or have_none although the fast extension was not negotiated (BEP 6: MUST close). */
  FAST_NOT_NEGOTIATED(true),
  /** An ar_alto message that is not canonical bencode, lacks a field, or has one out of range. */
  MALFORMED_MESSAGE(true),
  /** More inventories than {@link WireLimits#INVENTORY_BURST} inside the flood window. */
  TOO_FREQUENT_INVENTORY(true),
  /** More endpoints messages than {@link WireLimits#ENDPOINTS_BURST} inside the flood window. */
  TOO_FREQUENT_ENDPOINTS(true),
  /** More than {@link WireLimits#REQUEST_FLOOD_TOLERANCE} busy rejects earned. */
  REQUEST_FLOOD(true),
  /** More than {@link WireLimits#UNSOLICITED_DATA_TOLERANCE} data messages nobody asked for. */
  UNSOLICITED_DATA(true),
  /**
   * The peer kept sending requests while reading none of our answers: more than
   * {@link WireLimits#MAX_OUTBOUND_BYTES} plus {@link WireLimits#MAX_OUTBOUND_OVERRUN} queued for it.
   * Not counted against it (a stalled link looks the same), but the connection ends.
   */
  UNREAD_ANSWERS(false),
  /** The BEP 3 handshake did not complete in time. */
  HANDSHAKE_TIMEOUT(false),
  /** Nothing received for the idle timeout, keep-alives included. */
  IDLE_TIMEOUT(false),
  /** The peer closed the connection. */
  CLOSED_BY_PEER(false),
  /** A socket error. */
  IO_ERROR(false),
  /** We closed it: our own decision, or the endpoint shutting down. */
  CLOSED_LOCALLY(false),
  /**
   * Closed to make room for a newcomer: the endpoint, or the connections of this peer's address,
   * were at their limit and this was the least useful connection (no inventory, nothing served,
   * idle longest), or, every connection being useful, the one idle longest of the address holding
   * the most. Not the peer's fault.
   */
  MADE_ROOM(false);

  private final boolean peerFault;

  DisconnectReason(boolean peerFault) {
    this.peerFault = peerFault;
  }

  public boolean peerFault() {
    return peerFault;
  }
}
