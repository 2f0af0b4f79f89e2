package org.altoredist.binding;

/**
 * Why one announce to one tracker yielded nothing. A refusal ({@code failure reason}) is no
 * exception but a {@link TrackerReply.Refused}: it is the tracker's answer, not a fault.
 */
final class TrackerException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The class of failure; each is retried after a back-off except {@link #UNSUPPORTED}. */
  enum Failure {
    /** The name did not resolve, the connection failed or broke, or the source address cannot reach it. */
    UNREACHABLE,
    /** No complete answer within the announce's deadline. */
    TIMEOUT,
    /** An HTTP status other than 200. */
    HTTP_STATUS,
    /** The answer exceeds the size this client reads from a tracker. */
    TOO_LARGE,
    /** Not an announce answer: bad HTTP framing, bad bencode, missing fields, a bad UDP packet. */
    MALFORMED,
    /** A URL this client cannot announce to (a scheme other than http, https and udp, or no host). */
    UNSUPPORTED
  }

  private final Failure failure;

  TrackerException(Failure failure, String message) {
    super(failure + ": " + message);
    this.failure = failure;
  }

  TrackerException(Failure failure, String message, Throwable cause) {
    super(failure + ": " + message, cause);
    this.failure = failure;
  }

  Failure failure() {
    return failure;
  }
}
