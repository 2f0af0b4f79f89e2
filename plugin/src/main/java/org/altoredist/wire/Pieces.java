package org.altoredist.wire;

import java.nio.ByteBuffer;

/** How a bundle splits into pieces: all {@link WireLimits#PIECE_SIZE} bytes but the last. */
public final class Pieces {

  private Pieces() {}

  public static int count(long totalSize) {
    return (int) ((totalSize + WireLimits.PIECE_SIZE - 1) / WireLimits.PIECE_SIZE);
  }

  /** Length of piece {@code piece}; the caller has checked {@code piece < count(totalSize)}. */
  public static int length(long totalSize, int piece) {
    return (int) Math.min(WireLimits.PIECE_SIZE, totalSize - (long) piece * WireLimits.PIECE_SIZE);
  }

  /** A read-only view of one piece of {@code bundle}, without copying it. */
  public static ByteBuffer slice(byte[] bundle, int piece) {
    return ByteBuffer.wrap(bundle, piece * WireLimits.PIECE_SIZE, length(bundle.length, piece))
        .slice()
        .asReadOnlyBuffer();
  }
}
