package org.altoredist.http;

import java.time.Duration;
import java.util.Objects;
import org.altoredist.alto.AltoErrorDocument;
import org.altoredist.trust.VerificationException;

/**
 * An {@link AltoClient} could not deliver a verified, redistributable resource. The only exception
 * its public methods throw; the {@link Failure} says whether trying again later may help.
 */
public final class AltoClientException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why nothing was delivered. */
  public enum Failure {
    /** Connection refused, reset or timed out, on every attempt. */
    UNREACHABLE(true),
    /** 503 (or 429) on every attempt, or a Retry-After longer than the client will wait ({@link #retryAfter()}). */
    OVERLOADED(true),
    /** 500, 502 or 504 on every attempt. */
    SERVER_ERROR(true),
    /** Another HTTP error, e.g. 404; {@link #errorDocument()} holds the server's RFC 7285 error document if it sent one. */
    HTTP_ERROR(false),
    /** The response's Content-Type is not the media type asked for (RFC 7285 §8.3.4.2). */
    WRONG_CONTENT_TYPE(false),
    /** A body or signature larger than the signed-resource limits; refused before it was read. */
    TOO_LARGE(false),
    /** The IRD has no GET resource of that ID. */
    NO_SUCH_RESOURCE(false),
    /** The IRD names no signature for the resource (alto-http.md §2): a plain ALTO server. */
    NOT_SIGNED(false),
    /** The trust part refused the signed resource; {@link #verificationReason()} says why. */
    REFUSED(false),
    /** Verified, but its server marked it not redistributable (scope "none"): not for the engine. */
    NOT_REDISTRIBUTABLE(false),
    /** The calling thread was interrupted. */
    INTERRUPTED(true);

    private final boolean transientFailure;

    Failure(boolean transientFailure) {
      this.transientFailure = transientFailure;
    }

    /** Whether the same request may succeed later without any change on the server. */
    public boolean isTransient() {
      return transientFailure;
    }
  }

  private final Failure failure;
  private final int status;
  private final Duration retryAfter;
  private final transient AltoErrorDocument errorDocument;

  AltoClientException(Failure failure, String message, int status, Duration retryAfter,
      AltoErrorDocument errorDocument, Throwable cause) {
    super(failure + ": " + message, cause);
    this.failure = Objects.requireNonNull(failure);
    this.status = status;
    this.retryAfter = retryAfter;
    this.errorDocument = errorDocument;
  }

  AltoClientException(Failure failure, String message) {
    this(failure, message, 0, null, null, null);
  }

  static AltoClientException refused(String what, VerificationException e) {
    return new AltoClientException(Failure.REFUSED, what + ": " + e.getMessage(), 0, null, null, e);
  }

  public Failure failure() {
    return failure;
  }

  /** The last HTTP status received, or 0. */
  public int status() {
    return status;
  }

  /** How long the server asked to wait (Retry-After), or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The server's RFC 7285 error document, or null. */
  public AltoErrorDocument errorDocument() {
    return errorDocument;
  }

  /** The trust part's reason for {@link Failure#REFUSED}, or null. */
  public VerificationException.Reason verificationReason() {
    return getCause() instanceof VerificationException v ? v.reason() : null;
  }
}
