package org.altoredist.alto;

import java.util.List;

/**
 * A document was refused. Carries every reason found (at least one, at most
 * {@link AltoDocuments#MAX_REPORTED_ERRORS}): syntax errors stop parsing at once, rule violations
 * are collected so that an operator fixing a map sees them all in one run.
 *
 * <p>What the protocol does about it: a client treats the resource as unavailable and keeps the
 * previous good version; a redistributing peer never uses or re-advertises it.
 */
public final class AltoValidationException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<AltoError> errors;

  public AltoValidationException(List<AltoError> errors) {
    super(summary(errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("an AltoValidationException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public AltoValidationException(AltoError error) {
    this(List.of(error));
  }

  /** Every reason found, in document order. */
  public List<AltoError> errors() {
    return errors;
  }

  /** The first reason: the one an ALTO server answering with a single error would report. */
  public AltoError first() {
    return errors.get(0);
  }

  private static String summary(List<AltoError> errors) {
    if (errors.isEmpty()) {
      return "no errors";
    }
    String first = errors.get(0).toString();
    return errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more)";
  }
}
