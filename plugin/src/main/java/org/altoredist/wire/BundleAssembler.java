package org.altoredist.wire;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.Optional;

/**
 * Reassembles one bundle from data messages and checks it against its handle, the first of the
 * receiver's verification steps (bep_ar_alto.md, "Verification"). The signature check that
 * follows belongs to the trust part; this class only guarantees the bytes are the ones named.
 *
 * <p>The buffer is allocated once, for the size the requester expected from the claim, and only
 * after that size was checked against the caller's ceiling. Not thread-safe.
 */
public final class BundleAssembler {

  private final BundleHash hash;
  private final int totalSize;
  private final byte[] bytes;
  private final BitSet received;
  private int missing;

  /**
   * @param maxBundleSize the receiver's configured ceiling, itself at most {@link WireLimits#MAX_BUNDLE_SIZE}
   * @throws IllegalArgumentException if {@code totalSize} is not within 1..{@code maxBundleSize}
   */
  public BundleAssembler(BundleHash hash, int totalSize, int maxBundleSize) {
    if (maxBundleSize > WireLimits.MAX_BUNDLE_SIZE) {
      throw new IllegalArgumentException("ceiling above " + WireLimits.MAX_BUNDLE_SIZE + ": " + maxBundleSize);
    }
    if (totalSize < 1 || totalSize > maxBundleSize) {
      throw new IllegalArgumentException("bundle size outside 1.." + maxBundleSize + ": " + totalSize);
    }
    this.hash = hash;
    this.totalSize = totalSize;
    this.bytes = new byte[totalSize];
    this.missing = Pieces.count(totalSize);
    this.received = new BitSet(missing);
  }

  public BundleHash hash() {
    return hash;
  }

  public int pieceCount() {
    return Pieces.count(totalSize);
  }

  public boolean has(int piece) {
    return received.get(piece);
  }

  /** The lowest piece not yet received, or -1 when all are in. */
  public int nextMissing(int from) {
    int p = received.nextClearBit(from);
    return p < pieceCount() ? p : -1;
  }

  /**
   * Stores a piece. Returns false, storing nothing, for another bundle, another total size
   * (the spec says to discard such a piece) or a piece already held.
   */
  public boolean accept(ArAltoMessage.Data data) {
    if (!data.hash().equals(hash) || data.totalSize() != totalSize || received.get(data.piece())) {
      return false;
    }
    data.payload().duplicate().get(bytes, data.piece() * WireLimits.PIECE_SIZE, data.payload().remaining());
    received.set(data.piece());
    missing--;
    return true;
  }

  public boolean complete() {
    return missing == 0;
  }

  /**
   * The bundle, once every piece is in and its SHA-256 equals the handle; empty when the hash
   * does not match (the caller discards it and remembers who claimed it).
   *
   * @throws IllegalStateException if pieces are missing
   */
  public Optional<byte[]> verified() {
    if (!complete()) {
      throw new IllegalStateException(missing + " of " + pieceCount() + " pieces missing");
    }
    MessageDigest sha = BundleHash.sha256();
    sha.update(ByteBuffer.wrap(bytes));
    return MessageDigest.isEqual(sha.digest(), hash.raw()) ? Optional.of(bytes) : Optional.empty();
  }
}
