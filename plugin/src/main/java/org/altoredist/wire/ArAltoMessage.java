package org.altoredist.wire;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The messages of the {@code ar_alto} extension (bep_ar_alto.md, "Messages"). Constructors check
 * every rule of the specification, so a message that exists is a valid one; the decoder turns
 * their {@link IllegalArgumentException} into {@link DisconnectReason#MALFORMED_MESSAGE}.
 */
public sealed interface ArAltoMessage {

  MessageType type();

  /** Ask for one piece of the bundle {@code hash}. */
  record Request(BundleHash hash, int piece) implements ArAltoMessage {
    public Request {
      requireHash(hash);
      requirePiece(piece);
    }

    @Override
    public MessageType type() {
      return MessageType.REQUEST;
    }
  }

  /**
   * One piece, answering a request. {@code payload} is a read-only view (position 0) of exactly
   * {@link Pieces#length} bytes; equality compares its content.
   */
  record Data(BundleHash hash, int piece, int totalSize, ByteBuffer payload) implements ArAltoMessage {
    public Data {
      requireHash(hash);
      if (totalSize < 1 || totalSize > WireLimits.MAX_BUNDLE_SIZE) {
        throw new IllegalArgumentException("total_size outside 1.." + WireLimits.MAX_BUNDLE_SIZE + ": " + totalSize);
      }
      if (piece < 0 || piece >= Pieces.count(totalSize)) {
        throw new IllegalArgumentException("piece " + piece + " outside a bundle of " + totalSize + " bytes");
      }
      if (payload.remaining() != Pieces.length(totalSize, piece)) {
        throw new IllegalArgumentException("piece " + piece + " of " + totalSize + " bytes must be "
            + Pieces.length(totalSize, piece) + " bytes: " + payload.remaining());
      }
      payload = payload.slice().asReadOnlyBuffer();
    }

    @Override
    public MessageType type() {
      return MessageType.DATA;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Data d && hash.equals(d.hash) && piece == d.piece
          && totalSize == d.totalSize && payload.equals(d.payload);
    }

    @Override
    public int hashCode() {
      return (hash.hashCode() * 31 + piece) * 31 + totalSize;
    }

    @Override
    public String toString() {
      return "Data[hash=" + hash + ", piece=" + piece + ", totalSize=" + totalSize
          + ", payload=" + payload.remaining() + " bytes]";
    }
  }

  /**
   * A request that will not be answered with data. {@code reasonCode} lies in
   * {@link RejectReason#MIN_CODE}..{@link RejectReason#MAX_CODE}; codes this version does not define
   * read as {@link RejectReason#NOT_HELD}.
   */
  record Reject(BundleHash hash, int piece, int reasonCode) implements ArAltoMessage {
    public Reject {
      requireHash(hash);
      requirePiece(piece);
      if (reasonCode < RejectReason.MIN_CODE || reasonCode > RejectReason.MAX_CODE) {
        throw new IllegalArgumentException("reason outside " + RejectReason.MIN_CODE + ".." + RejectReason.MAX_CODE
            + ": " + reasonCode);
      }
    }

    public Reject(BundleHash hash, int piece, RejectReason reason) {
      this(hash, piece, reason.code());
    }

    public RejectReason reason() {
      return RejectReason.of(reasonCode);
    }

    @Override
    public MessageType type() {
      return MessageType.REJECT;
    }
  }

  /**
   * Claims about bundles and delta bundles the sender holds, and handles it no longer serves (of
   * either kind); additive per connection.
   */
  record Inventory(List<BundleClaim> bundles, List<BundleHash> dropped, List<DeltaClaim> deltas)
      implements ArAltoMessage {
    public Inventory {
      bundles = List.copyOf(bundles);
      dropped = List.copyOf(dropped);
      deltas = List.copyOf(deltas);
      if (bundles.isEmpty() && dropped.isEmpty() && deltas.isEmpty()) {
        throw new IllegalArgumentException("inventory with neither bundles, deltas nor dropped");
      }
      if (bundles.size() > WireLimits.MAX_INVENTORY_ENTRIES || dropped.size() > WireLimits.MAX_INVENTORY_ENTRIES
          || deltas.size() > WireLimits.MAX_INVENTORY_ENTRIES) {
        throw new IllegalArgumentException("more than " + WireLimits.MAX_INVENTORY_ENTRIES
            + " entries: bundles " + bundles.size() + ", dropped " + dropped.size() + ", deltas " + deltas.size());
      }
    }

    /** An inventory without deltas. */
    public Inventory(List<BundleClaim> bundles, List<BundleHash> dropped) {
      this(bundles, dropped, List.of());
    }

    @Override
    public MessageType type() {
      return MessageType.INVENTORY;
    }
  }

  /**
   * Peer-wire endpoints the sender has seen speak {@code ar_alto} in this swarm. A set: the order
   * carries no meaning, and the sender must not choose or order it for the receiver.
   */
  record Endpoints(List<InetSocketAddress> added) implements ArAltoMessage {
    public Endpoints {
      added = List.copyOf(added);
      if (added.isEmpty()) {
        throw new IllegalArgumentException("endpoints message without an endpoint");
      }
      long v4 = 0;
      for (InetSocketAddress a : added) {
        if (a.isUnresolved() || a.getPort() == 0) {
          throw new IllegalArgumentException("not an IP endpoint with a port: " + a);
        }
        v4 += a.getAddress() instanceof Inet4Address ? 1 : 0;
      }
      if (v4 > WireLimits.MAX_ENDPOINTS_PER_FAMILY || added.size() - v4 > WireLimits.MAX_ENDPOINTS_PER_FAMILY) {
        throw new IllegalArgumentException("more than " + WireLimits.MAX_ENDPOINTS_PER_FAMILY
            + " endpoints of one address family: " + v4 + " IPv4, " + (added.size() - v4) + " IPv6");
      }
    }

    @Override
    public MessageType type() {
      return MessageType.ENDPOINTS;
    }
  }

  private static void requireHash(BundleHash hash) {
    if (hash == null) {
      throw new IllegalArgumentException("sha256 is missing");
    }
  }

  private static void requirePiece(int piece) {
    if (piece < 0 || piece >= WireLimits.MAX_PIECES) {
      throw new IllegalArgumentException("piece outside 0.." + (WireLimits.MAX_PIECES - 1) + ": " + piece);
    }
  }
}
