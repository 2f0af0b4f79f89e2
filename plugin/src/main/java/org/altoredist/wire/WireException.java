package org.altoredist.wire;

/**
 * The peer broke a rule of the peer-wire or {@code ar_alto} protocol. The protocol's reaction is
 * always the same — close the connection — and {@link #reason()} says why.
 */
public final class WireException extends Exception {

  private static final long serialVersionUID = 1L;

  private final DisconnectReason reason;

  public WireException(DisconnectReason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  public WireException(DisconnectReason reason, String detail, Throwable cause) {
    super(reason + ": " + detail, cause);
    this.reason = reason;
  }

  public DisconnectReason reason() {
    return reason;
  }
}
