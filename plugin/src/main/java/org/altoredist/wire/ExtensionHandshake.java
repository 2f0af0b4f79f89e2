package org.altoredist.wire;

import org.altoredist.wire.bencode.BBytes;
import org.altoredist.wire.bencode.BDict;
import org.altoredist.wire.bencode.BInt;
import org.altoredist.wire.bencode.BValue;
import org.altoredist.wire.bencode.Bencode;
import org.altoredist.wire.bencode.BencodeException;

/**
 * What this protocol reads from, and writes into, a BEP 10 extension handshake (extended id 0).
 * Every field is optional; {@code null} means the handshake did not carry it.
 *
 * <pre>
 * d12:ar_alto_reqqi64e1:md7:ar_altoi1ee1:pi6881e1:v14:altoredist 0.1e
 * </pre>
 *
 * @param arAltoId the peer's id for {@code ar_alto} in {@code m}: 1-255, or 0 for disabled (also
 *     for any value that is not an integer in 0-255); {@code null} when {@code m} does not mention
 *     it, which leaves the previous id in force (BEP 10: {@code m} is additive)
 * @param requestQueue {@code ar_alto_reqq}: how many requests the peer accepts outstanding
 * @param listenPort {@code p}: the peer's listen port
 * @param client {@code v}: the peer's client name and version, for logs only
 */
public record ExtensionHandshake(Integer arAltoId, Integer requestQueue, Integer listenPort, String client) {

  public static final String EXTENSION_NAME = "ar_alto";
  public static final String REQUEST_QUEUE_KEY = "ar_alto_reqq";
  /** Longest client string kept: enough for any real client, short enough for a log line. */
  private static final int MAX_CLIENT_LENGTH = 64;

  public byte[] encode() {
    BDict.Builder b = BDict.builder();
    if (arAltoId != null) {
      b.put("m", BDict.builder().put(EXTENSION_NAME, arAltoId).build());
    }
    if (requestQueue != null) {
      b.put(REQUEST_QUEUE_KEY, requestQueue);
    }
    if (listenPort != null) {
      b.put("p", listenPort);
    }
    if (client != null) {
      b.put("v", client);
    }
    return Bencode.encode(b.build());
  }

  /**
   * Reads a handshake as BEP 10 clients read one: it is the sender's client's, written for all its
   * extensions, so its keys may come in any order ({@link Bencode#decodeAnyKeyOrder}); the
   * canonical rule is for {@code ar_alto} messages. A handshake that is not a bencoded dictionary
   * is refused with {@link DisconnectReason#MALFORMED_MESSAGE}; the caller decides whether to
   * ignore it (as libtorrent does) since a peer without {@code ar_alto} may send one.
   */
  public static ExtensionHandshake decode(byte[] buf, int off, int len) throws WireException {
    BValue v;
    try {
      v = Bencode.decodeAnyKeyOrder(buf, off, len);
    } catch (BencodeException e) {
      throw new WireException(DisconnectReason.MALFORMED_MESSAGE, "extension handshake: " + e.getMessage(), e);
    }
    if (!(v instanceof BDict d)) {
      throw new WireException(DisconnectReason.MALFORMED_MESSAGE, "extension handshake is not a dictionary");
    }
    Integer id = null;
    if (d.get("m") instanceof BDict m && m.get(EXTENSION_NAME) != null) {
      id = m.get(EXTENSION_NAME) instanceof BInt i && i.value() >= 0 && i.value() <= 255 ? (int) i.value() : 0;
    }
    Integer reqq = d.get(REQUEST_QUEUE_KEY) instanceof BInt i && i.value() >= 1
        ? (int) Math.min(i.value(), Integer.MAX_VALUE) : null;
    Integer port = d.get("p") instanceof BInt i && i.value() >= 1 && i.value() <= 65535 ? (int) i.value() : null;
    String client = null;
    if (d.get("v") instanceof BBytes b) {
      String s = b.utf8();
      client = s.length() > MAX_CLIENT_LENGTH ? s.substring(0, MAX_CLIENT_LENGTH) : s;
    }
    return new ExtensionHandshake(id, reqq, port, client);
  }
}
