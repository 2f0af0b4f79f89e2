package org.altoredist.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.altoredist.alto.ErrorCode;

/**
 * RFC 7285 §8.5 error documents (application/alto-error+json) for what a GET-only server can
 * refuse. RFC 7285 has no code for a request-line error, so (alto-http.md §4.3) an unknown path, a
 * method and an Accept header are reported as E_INVALID_FIELD_VALUE with {@code field} naming the
 * HTTP element ("uri", "method", "accept", "if-match") and {@code value} the offending text; the HTTP status
 * says what happened (§8.5.1), the document only adds detail.
 */
final class ErrorBodies {

  /** Longest value quoted back: error documents stay small whatever the request held. */
  static final int MAX_QUOTED = 200;

  private ErrorBodies() {}

  static byte[] invalidValue(String field, String value) {
    ObjectNode meta = meta(ErrorCode.E_INVALID_FIELD_VALUE);
    meta.put("field", field);
    meta.put("value", quoted(value));
    return write(meta);
  }

  /** {@code text} cut to {@link #MAX_QUOTED} characters, for quoting back what a request held. */
  static String quoted(String text) {
    return text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) : text;
  }

  static byte[] missing(String field) {
    ObjectNode meta = meta(ErrorCode.E_MISSING_FIELD);
    meta.put("field", field);
    return write(meta);
  }

  static byte[] invalidType(String field) {
    ObjectNode meta = meta(ErrorCode.E_INVALID_FIELD_TYPE);
    meta.put("field", field);
    return write(meta);
  }

  static byte[] syntax(String what) {
    ObjectNode meta = meta(ErrorCode.E_SYNTAX);
    meta.put("syntax-error", what);
    return write(meta);
  }

  private static ObjectNode meta(ErrorCode code) {
    ObjectNode meta = MetaSplice.MAPPER.createObjectNode();
    meta.put("code", code.name());
    return meta;
  }

  private static byte[] write(ObjectNode meta) {
    ObjectNode doc = MetaSplice.MAPPER.createObjectNode();
    doc.set("meta", meta);
    try {
      return MetaSplice.MAPPER.writeValueAsBytes(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an in-memory JSON tree always serialises", e);
    }
  }
}
