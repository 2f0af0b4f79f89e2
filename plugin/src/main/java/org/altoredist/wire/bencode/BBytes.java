package org.altoredist.wire.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A bencode byte string. Immutable: the bytes are copied in and out. Ordered by unsigned byte
 * comparison, which is the order BEP 3 prescribes for dictionary keys ("keys must be strings and
 * appear in sorted order (sorted as raw strings, not alphanumerics)").
 */
public final class BBytes implements BValue, Comparable<BBytes> {

  private final byte[] bytes;

  private BBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  public static BBytes of(byte[] bytes) {
    return new BBytes(bytes.clone());
  }

  /** A string encoded as UTF-8; protocol keys and names are ASCII, so this is their exact form. */
  public static BBytes of(String text) {
    return new BBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Wraps bytes the decoder has just copied out of its input and nobody else holds. */
  static BBytes adopt(byte[] bytes) {
    return new BBytes(bytes);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  /** The bytes read as UTF-8; malformed sequences become U+FFFD, so check with {@link #isUtf8()} first. */
  public String utf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** True when the bytes are well-formed UTF-8. */
  public boolean isUtf8() {
    return Arrays.equals(utf8().getBytes(StandardCharsets.UTF_8), bytes);
  }

  byte[] raw() {
    return bytes;
  }

  @Override
  public int compareTo(BBytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BBytes b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Printable strings as themselves, anything else as hex, so logs never carry raw binary. */
  @Override
  public String toString() {
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7e) {
        return "0x" + HexFormat.of().formatHex(bytes);
      }
    }
    return '"' + new String(bytes, StandardCharsets.US_ASCII) + '"';
  }
}
