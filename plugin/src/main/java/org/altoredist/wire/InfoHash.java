package org.altoredist.wire;

import java.util.HexFormat;

/** The 20-byte info-hash that a BEP 3 handshake carries (a v2 torrent's SHA-256, truncated, per BEP 52). */
public final class InfoHash extends FixedBytes {

  public static final int LENGTH = 20;

  private InfoHash(byte[] bytes) {
    super(bytes, LENGTH, "info-hash");
  }

  public static InfoHash of(byte[] bytes) {
    return new InfoHash(bytes);
  }

  public static InfoHash ofHex(String hex) {
    return new InfoHash(HexFormat.of().parseHex(hex));
  }
}
