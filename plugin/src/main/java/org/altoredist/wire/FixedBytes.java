package org.altoredist.wire;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string of a fixed length, compared by content and printed as hex. */
abstract class FixedBytes {

  private final byte[] bytes;

  FixedBytes(byte[] bytes, int length, String what) {
    if (bytes.length != length) {
      throw new IllegalArgumentException(what + " must be " + length + " bytes: " + bytes.length);
    }
    this.bytes = bytes.clone();
  }

  public final byte[] bytes() {
    return bytes.clone();
  }

  /** The bytes without a copy, for encoders in this package that only read them. */
  final byte[] raw() {
    return bytes;
  }

  public final String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((FixedBytes) o).bytes);
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
