package org.altoredist.alto;

import java.util.ArrayList;
import java.util.List;

/** Collects rule violations in document order, up to a cap, for one {@link AltoValidationException}. */
final class ErrorSink {

  private final List<AltoError> errors = new ArrayList<>();

  void add(ErrorCode code, String field, String value, String rule) {
    if (errors.size() < AltoDocuments.MAX_REPORTED_ERRORS) {
      errors.add(new AltoError(code, field, value, rule));
    }
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  void throwIfAny() throws AltoValidationException {
    if (!errors.isEmpty()) {
      throw new AltoValidationException(errors);
    }
  }
}
