package org.altoredist.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The BEP 3 handshake: {@code \x13 "BitTorrent protocol"}, 8 reserved bytes, the 20-byte
 * info-hash and the 20-byte peer id — 68 bytes.
 */
public record PeerWireHandshake(byte[] reserved, InfoHash infoHash, byte[] peerId) {

  public static final byte[] PROTOCOL = "\u0013BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
  public static final int LENGTH = PROTOCOL.length + 8 + InfoHash.LENGTH + 20;
  public static final int PEER_ID_LENGTH = 20;
  /** BEP 10: "bit 20 counted from the right", i.e. reserved[5] & 0x10. */
  private static final int EXTENSION_BYTE = 5;
  private static final int EXTENSION_BIT = 0x10;
  /** BEP 6: reserved[7] & 0x04. */
  private static final int FAST_BYTE = 7;
  private static final int FAST_BIT = 0x04;

  public PeerWireHandshake {
    if (reserved.length != 8 || peerId.length != PEER_ID_LENGTH) {
      throw new IllegalArgumentException("reserved must be 8 bytes and peer id 20: " + reserved.length + ", " + peerId.length);
    }
    reserved = reserved.clone();
    peerId = peerId.clone();
  }

  /** Our handshake: extension protocol and fast extension, nothing else. */
  public static PeerWireHandshake ours(InfoHash infoHash, byte[] peerId) {
    byte[] reserved = new byte[8];
    reserved[EXTENSION_BYTE] |= EXTENSION_BIT;
    reserved[FAST_BYTE] |= FAST_BIT;
    return new PeerWireHandshake(reserved, infoHash, peerId);
  }

  public boolean extensionProtocol() {
    return (reserved[EXTENSION_BYTE] & EXTENSION_BIT) != 0;
  }

  public boolean fastExtension() {
    return (reserved[FAST_BYTE] & FAST_BIT) != 0;
  }

  @Override
  public byte[] reserved() {
    return reserved.clone();
  }

  @Override
  public byte[] peerId() {
    return peerId.clone();
  }

  public byte[] encode() {
    byte[] out = new byte[LENGTH];
    System.arraycopy(PROTOCOL, 0, out, 0, PROTOCOL.length);
    System.arraycopy(reserved, 0, out, PROTOCOL.length, 8);
    System.arraycopy(infoHash.raw(), 0, out, PROTOCOL.length + 8, InfoHash.LENGTH);
    System.arraycopy(peerId, 0, out, PROTOCOL.length + 8 + InfoHash.LENGTH, PEER_ID_LENGTH);
    return out;
  }

  /** Reads 68 complete handshake bytes whose protocol prefix the caller has already checked. */
  static PeerWireHandshake decode(byte[] b) {
    int at = PROTOCOL.length;
    return new PeerWireHandshake(Arrays.copyOfRange(b, at, at + 8),
        InfoHash.of(Arrays.copyOfRange(b, at + 8, at + 8 + InfoHash.LENGTH)),
        Arrays.copyOfRange(b, at + 8 + InfoHash.LENGTH, LENGTH));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerWireHandshake h && Arrays.equals(reserved, h.reserved)
        && infoHash.equals(h.infoHash) && Arrays.equals(peerId, h.peerId);
  }

  @Override
  public int hashCode() {
    return infoHash.hashCode() * 31 + Arrays.hashCode(peerId);
  }

  @Override
  public String toString() {
    return "PeerWireHandshake[infoHash=" + infoHash + ", peerId="
        + new String(peerId, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?")
        + ", extension=" + extensionProtocol() + ", fast=" + fastExtension() + "]";
  }
}
