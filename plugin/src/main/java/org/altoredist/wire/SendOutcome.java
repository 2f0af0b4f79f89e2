package org.altoredist.wire;

/** What became of a message handed to a connection for sending. Only {@link #SENT} queued it. */
public enum SendOutcome {
  SENT,
  /** The peer's latest extension handshake does not list {@code ar_alto}: sending would get us disconnected. */
  PEER_LACKS_EXTENSION,
  /** As many requests outstanding as the peer accepts ({@code ar_alto_reqq}). */
  TOO_MANY_OUTSTANDING,
  /** This piece is already requested from this peer and not yet answered. */
  ALREADY_REQUESTED,
  /** A data or reject that answers no request of this peer. */
  NOT_REQUESTED,
  /** Another announcement now would break the peer's rate limit; retry after a while. */
  RATE_LIMITED,
  /** The message would exceed {@link WireLimits#MAX_MESSAGE_SIZE}: send its entries in several messages. */
  TOO_LARGE,
  /** Too many bytes already queued for this peer; retry when they have gone. */
  OUTBOUND_FULL,
  /** The connection is closing or closed. */
  CLOSED
}
