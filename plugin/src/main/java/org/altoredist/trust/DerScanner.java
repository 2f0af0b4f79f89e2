package org.altoredist.trust;

import org.altoredist.trust.VerificationException.Reason;

/**
 * Walks DER tag-length-value structure without recursion and without allocating, before any ASN.1
 * parser sees the bytes. Bouncy Castle's parser recurses once per nesting level and trusts declared
 * lengths only as far as its buffer; this pass guarantees it is handed definite, minimally encoded
 * lengths that nest at most {@link Limits#MAX_DER_DEPTH} deep and end exactly where the input ends.
 * The remaining DER rules (SET OF order, minimal integers) are checked by re-encoding afterwards.
 */
final class DerScanner {

  private static final int CONSTRUCTED = 0x20;
  private static final int HIGH_TAG_NUMBER = 0x1f;

  private DerScanner() {}

  /** Checks that {@code der} is exactly one well-formed DER element. */
  static void check(byte[] der) throws VerificationException {
    int[] ends = new int[Limits.MAX_DER_DEPTH + 1];
    int depth = 0;
    ends[0] = der.length;
    int pos = 0;
    boolean first = true;
    while (pos < der.length || depth > 0) {
      while (depth > 0 && pos == ends[depth]) {
        depth--;
      }
      if (pos == der.length && depth == 0) {
        break;
      }
      if (!first && depth == 0) {
        throw malformed("bytes after the end of the DER element at offset " + pos);
      }
      first = false;
      int tag = der[pos++] & 0xff;
      if ((tag & HIGH_TAG_NUMBER) == HIGH_TAG_NUMBER) {
        throw malformed("high-tag-number form at offset " + (pos - 1) + " is not used by this format");
      }
      if (pos >= ends[depth]) {
        throw malformed("truncated: no length byte at offset " + pos);
      }
      int first8 = der[pos++] & 0xff;
      long length;
      if (first8 < 0x80) {
        length = first8;
      } else if (first8 == 0x80) {
        throw malformed("indefinite length at offset " + (pos - 1) + " is BER, not DER");
      } else {
        int n = first8 & 0x7f;
        if (n > 4) {
          throw malformed("length of " + n + " bytes at offset " + (pos - 1));
        }
        if (pos + n > ends[depth]) {
          throw malformed("truncated length at offset " + pos);
        }
        length = 0;
        for (int i = 0; i < n; i++) {
          length = (length << 8) | (der[pos++] & 0xff);
        }
        if (length < 0x80 || length >> (8 * (n - 1)) == 0) {
          throw malformed("length not minimally encoded at offset " + (pos - n - 1));
        }
      }
      if (length > ends[depth] - pos) {
        throw malformed("declared length " + length + " at offset " + pos + " runs past its enclosing element");
      }
      int end = pos + (int) length;
      if ((tag & CONSTRUCTED) != 0 && length > 0) {
        if (depth == Limits.MAX_DER_DEPTH) {
          throw malformed("DER nested deeper than " + Limits.MAX_DER_DEPTH + " levels");
        }
        ends[++depth] = end;
      } else {
        pos = end;
      }
    }
    if (first) {
      throw malformed("empty");
    }
  }

  private static VerificationException malformed(String message) {
    return new VerificationException(Reason.MALFORMED, "DER: " + message);
  }
}
