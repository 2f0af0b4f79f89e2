package org.altoredist.alto;

/**
 * The error codes of RFC 7285 §8.5.2 (Table 1). No later ALTO RFC adds a code, so these four cover
 * every rejection the model makes; they are what an ALTO server would answer for the same document.
 */
public enum ErrorCode {
  /** The bytes are not JSON, or not the JSON the media type calls for (RFC 7285 §8.5.2). */
  E_SYNTAX,
  /** A field the document type requires is absent. */
  E_MISSING_FIELD,
  /** A field has the wrong JSON type (string for object, and so on). */
  E_INVALID_FIELD_TYPE,
  /**
   * A field has the right type but a value the rules forbid. Per RFC 7285 §8.5.2, an array element
   * of the wrong type is an invalid value, not an invalid type.
   */
  E_INVALID_FIELD_VALUE
}
