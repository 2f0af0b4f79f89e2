package org.altoredist.alto;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An RFC 7285 §8.5 error response. Codes outside Table 1 are kept as text: servers in the field
 * send their own (OpenALTO's E_GENERIC_HTTP…), and a client must still read them.
 */
public final class AltoErrorDocument extends DocumentBytes implements AltoDocument {

  private final String code;
  private final String field;
  private final String value;
  private final String syntaxError;

  AltoErrorDocument(byte[] bytes, JsonNode meta, String code, String field, String value, String syntaxError) {
    super(bytes, meta);
    this.code = code;
    this.field = field;
    this.value = value;
    this.syntaxError = syntaxError;
  }

  @Override
  public DocumentType type() {
    return DocumentType.ERROR;
  }

  /** meta/code as sent. */
  public String code() {
    return code;
  }

  /** The code when it is one of RFC 7285's, else null. */
  public ErrorCode knownCode() {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.name().equals(code)) {
        return c;
      }
    }
    return null;
  }

  /** meta/field, or null. */
  public String field() {
    return field;
  }

  /** meta/value, or null. */
  public String value() {
    return value;
  }

  /** meta/syntax-error, or null. */
  public String syntaxError() {
    return syntaxError;
  }

  @Override
  public String summary() {
    return "error: " + code + (field == null ? "" : " field=" + field) + (value == null ? "" : " value=" + value)
        + (syntaxError == null ? "" : " syntax-error=" + syntaxError);
  }

  static AltoErrorDocument parse(byte[] bytes) throws AltoValidationException {
    JsonNode doc = Trees.read(bytes);
    ErrorSink errors = new ErrorSink();
    JsonNode meta = Members.object(doc, "meta", "meta", errors);
    if (meta == null) {
      errors.throwIfAny();
    }
    String code = Members.string(meta, "code", "meta/code", true, errors);
    String field = Members.string(meta, "field", "meta/field", false, errors);
    String syntax = Members.string(meta, "syntax-error", "meta/syntax-error", false, errors);
    JsonNode v = meta.get("value");
    String value = null;
    if (v != null) {
      if (!v.isTextual()) {
        errors.add(ErrorCode.E_INVALID_FIELD_TYPE, "meta/value", null, "value MUST be a JSON string (RFC 7285 §8.5.2)");
      } else {
        value = v.textValue();
        if (meta.get("field") == null) {
          errors.add(ErrorCode.E_MISSING_FIELD, "meta/field", null, "when value is present, field MUST be too (RFC 7285 §8.5.2)");
        }
      }
    }
    errors.throwIfAny();
    return new AltoErrorDocument(bytes, meta, code, field, value, syntax);
  }
}
