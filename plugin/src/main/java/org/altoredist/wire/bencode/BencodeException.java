package org.altoredist.wire.bencode;

import java.util.HexFormat;

/**
 * Input that is not canonical bencode. Carries which rule was broken and where; "need more bytes"
 * is never an exception (see {@link Bencode#decodePrefix}).
 */
public final class BencodeException extends Exception {

  private static final long serialVersionUID = 1L;
  /** Enough of the input to recognise it in a log, few enough bytes to keep the log line short. */
  private static final int CONTEXT_BYTES = 16;

  /** The rule the input broke. */
  public enum Defect {
    /** A byte that cannot start a value here, or a stray byte inside an integer or length. */
    UNEXPECTED_BYTE,
    /** The input ended inside a value although it was declared complete. */
    TRUNCATED,
    /** Bytes after the one top-level value although the input was declared to hold exactly one. */
    TRAILING_BYTES,
    /** {@code i03e} or {@code 03:abc}: canonical form has no leading zeros. */
    LEADING_ZERO,
    /** {@code i-0e}: canonical form has no negative zero. */
    NEGATIVE_ZERO,
    /** {@code ie} or {@code i-e}. */
    EMPTY_INTEGER,
    /** An integer outside the signed 64-bit range, or a string length beyond 2^31 - 1. */
    INTEGER_OVERFLOW,
    /** A dictionary key that is not a byte string. */
    NON_STRING_KEY,
    /** A dictionary key not greater than the one before it (unsigned byte order). */
    UNSORTED_KEYS,
    /** The same dictionary key twice. */
    DUPLICATE_KEY,
    /** Lists and dictionaries nested deeper than the decoder's limit. */
    TOO_DEEP
  }

  private final Defect defect;
  private final int offset;

  BencodeException(Defect defect, int offset, byte[] input, int start, int end) {
    super(defect + " at offset " + offset + ": " + context(input, start + offset, end));
    this.defect = defect;
    this.offset = offset;
  }

  public Defect defect() {
    return defect;
  }

  /** Offset of the offending byte, counted from the start of the value being decoded. */
  public int offset() {
    return offset;
  }

  private static String context(byte[] input, int at, int end) {
    int from = Math.max(0, Math.min(at, end));
    int to = Math.min(end, from + CONTEXT_BYTES);
    return HexFormat.of().formatHex(input, from, to) + (to < end ? "…" : "");
  }
}
