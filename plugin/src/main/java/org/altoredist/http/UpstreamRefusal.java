package org.altoredist.http;

import java.util.Objects;

/**
 * Why a signing gateway refused what its upstream ALTO server answered (alto-http.md §3.5). Every
 * reason has the same consequence: nothing of that answer is signed, the last good version stays
 * in service, and the next poll asks again. The reasons differ in whom an operator calls.
 */
public final class UpstreamRefusal extends Exception {

  private static final long serialVersionUID = 1L;

  /** One reason per failure class. */
  public enum Reason {
    /** No complete answer within the upstream timeout (connect, head and body together). */
    TIMEOUT,
    /** Connection refused or reset: the upstream is down or gone. */
    UNREACHABLE,
    /** A 5xx status (a 503 too: the upstream is overloaded or broken). */
    SERVER_ERROR,
    /** Another status than 200 or 304 (a 404 for a resource its own IRD names, a redirect, 429). */
    HTTP_ERROR,
    /** The Content-Type is not the media type the IRD announces (RFC 7285 §8.3.4.2). */
    WRONG_CONTENT_TYPE,
    /** Larger than a signed body may be (signed-resources.md §6); not read past the limit. */
    TOO_LARGE,
    /** Not JSON at all, or not the kind of document asked for (E_SYNTAX). */
    GARBAGE,
    /** JSON of the right kind that breaks an RFC 7285 rule (the rules of {@code check}). */
    INVALID_DOCUMENT,
    /** A valid document that is not what its IRD entry announces (another resource ID, cost type or network map). */
    NOT_AS_ANNOUNCED,
    /** A cost map whose dependent vtag is not its network map's vtag, or names PIDs that map lacks. */
    DEPENDENT_VTAG_MISMATCH,
    /** A network map whose content changed under a vtag already published for other content (RFC 7285 §10.3). */
    VTAG_REUSED,
    /** An IRD the gateway cannot publish: no full network map, paths that collide, a resource with no good version. */
    UNSERVABLE_DIRECTORY
  }

  private final Reason reason;

  UpstreamRefusal(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = Objects.requireNonNull(reason);
  }

  public Reason reason() {
    return reason;
  }

  /** The message without the reason's name. */
  public String detail() {
    return getMessage().substring(reason.name().length() + 2);
  }
}
