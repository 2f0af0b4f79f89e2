package org.altoredist.wire;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.altoredist.wire.ArAltoMessage.Data;
import org.altoredist.wire.ArAltoMessage.Endpoints;
import org.altoredist.wire.ArAltoMessage.Inventory;
import org.altoredist.wire.ArAltoMessage.Reject;
import org.altoredist.wire.ArAltoMessage.Request;
import org.altoredist.wire.bencode.BBytes;
import org.altoredist.wire.bencode.BDict;
import org.altoredist.wire.bencode.BInt;
import org.altoredist.wire.bencode.BList;
import org.altoredist.wire.bencode.BValue;
import org.altoredist.wire.bencode.Bencode;
import org.altoredist.wire.bencode.BencodeException;

/**
 * Encodes and decodes the payload of an {@code ar_alto} message: what follows the extended message
 * id (BEP 10), i.e. a canonical bencoded dictionary and, for data only, the piece bytes after it
 * (BEP 9 layout). No framing, no sockets.
 *
 * <pre>
 * d8:msg_typei1e5:piecei0e6:sha25632:&lt;32 bytes&gt;10:total_sizei40960ee&lt;16384 piece bytes&gt;
 * </pre>
 */
public final class ExtensionMessageCodec {

  private static final int COMPACT_V4 = 6;
  private static final int COMPACT_V6 = 18;

  private ExtensionMessageCodec() {}

  /**
   * Decodes one payload. Returns {@code null} for a {@code msg_type} this version does not define,
   * which the specification says to ignore. The piece of a data message is a view into {@code buf}.
   */
  public static ArAltoMessage decode(byte[] buf, int off, int len) throws WireException {
    if (len > WireLimits.MAX_MESSAGE_SIZE) {
      throw new WireException(DisconnectReason.MESSAGE_TOO_LARGE, len + " bytes > " + WireLimits.MAX_MESSAGE_SIZE);
    }
    Bencode.Prefix prefix;
    try {
      prefix = Bencode.decodePrefix(buf, off, len);
    } catch (BencodeException e) {
      throw malformed("not canonical bencode: " + e.getMessage(), e);
    }
    if (prefix == null) {
      throw malformed("dictionary ends after the message", null);
    }
    if (!(prefix.value() instanceof BDict d)) {
      throw malformed("payload is not a dictionary", null);
    }
    MessageType type = MessageType.of(longField(d, "msg_type"));
    if (type == null) {
      return null;
    }
    int rawOff = off + prefix.length();
    int rawLen = len - prefix.length();
    if (type != MessageType.DATA && rawLen != 0) {
      throw malformed(rawLen + " bytes after the dictionary of a " + type + " message", null);
    }
    try {
      return switch (type) {
        case REQUEST -> new Request(hashField(d, "sha256"), intField(d, "piece"));
        case DATA -> new Data(hashField(d, "sha256"), intField(d, "piece"), intField(d, "total_size"),
            ByteBuffer.wrap(buf, rawOff, rawLen));
        case REJECT -> new Reject(hashField(d, "sha256"), intField(d, "piece"), intField(d, "reason"));
        case INVENTORY -> decodeInventory(d);
        case ENDPOINTS -> decodeEndpoints(d);
      };
    } catch (IllegalArgumentException e) {
      throw malformed(type + ": " + e.getMessage(), e);
    }
  }

  public static ArAltoMessage decode(byte[] payload) throws WireException {
    return decode(payload, 0, payload.length);
  }

  /** The bencoded dictionary of {@code m}; a data message's piece goes after it ({@link Data#payload()}). */
  public static byte[] encodeHeader(ArAltoMessage m) {
    BDict.Builder b = BDict.builder().put("msg_type", m.type().code());
    if (m instanceof Request r) {
      b.put("piece", r.piece()).put("sha256", r.hash().raw());
    } else if (m instanceof Data d) {
      b.put("piece", d.piece()).put("sha256", d.hash().raw()).put("total_size", d.totalSize());
    } else if (m instanceof Reject r) {
      b.put("piece", r.piece()).put("reason", r.reasonCode()).put("sha256", r.hash().raw());
    } else if (m instanceof Inventory inv) {
      encodeInventory(inv, b);
    } else if (m instanceof Endpoints e) {
      encodeEndpoints(e, b);
    }
    return Bencode.encode(b.build());
  }

  /** The whole payload: header dictionary, then the piece for a data message. */
  public static byte[] encode(ArAltoMessage m) {
    byte[] header = encodeHeader(m);
    if (!(m instanceof Data d)) {
      return header;
    }
    ByteBuffer piece = d.payload().duplicate();
    byte[] out = Arrays.copyOf(header, header.length + piece.remaining());
    piece.get(out, header.length, piece.remaining());
    return out;
  }

  private static Inventory decodeInventory(BDict d) throws WireException {
    List<BValue> entries = optionalList(d, "bundles");
    List<BValue> dropped = optionalList(d, "dropped");
    List<BValue> deltaEntries = optionalList(d, "deltas");
    if (entries.size() > WireLimits.MAX_INVENTORY_ENTRIES || dropped.size() > WireLimits.MAX_INVENTORY_ENTRIES
        || deltaEntries.size() > WireLimits.MAX_INVENTORY_ENTRIES) {
      throw malformed("inventory of " + entries.size() + " bundles, " + dropped.size() + " dropped and "
          + deltaEntries.size() + " deltas", null);
    }
    List<BundleClaim> claims = new ArrayList<>(entries.size());
    for (BValue v : entries) {
      claims.add(claim(v));
    }
    List<DeltaClaim> deltas = new ArrayList<>(deltaEntries.size());
    for (BValue v : deltaEntries) {
      BundleClaim delta = claim(v);
      BDict e = (BDict) v;
      deltas.add(new DeltaClaim(delta, hashField(e, "base"), hashField(e, "target")));
    }
    List<BundleHash> handles = new ArrayList<>(dropped.size());
    for (BValue v : dropped) {
      if (!(v instanceof BBytes h)) {
        throw malformed("dropped entry is not a string", null);
      }
      handles.add(BundleHash.of(h.bytes()));
    }
    return new Inventory(claims, handles, deltas);
  }

  private static BundleClaim claim(BValue v) throws WireException {
    if (!(v instanceof BDict e)) {
      throw malformed("inventory entry is not a dictionary", null);
    }
    String rid = e.get("rid") == null ? null : asciiField(e, "rid");
    return new BundleClaim(asciiField(e, "service"), rid, longField(e, "seq"), intField(e, "size"),
        hashField(e, "sha256"));
  }

  private static void encodeInventory(Inventory inv, BDict.Builder b) {
    List<BValue> entries = new ArrayList<>();
    for (BundleClaim c : inv.bundles()) {
      entries.add(entry(c).build());
    }
    if (!entries.isEmpty()) {
      b.put("bundles", new BList(entries));
    }
    List<BValue> deltas = new ArrayList<>();
    for (DeltaClaim c : inv.deltas()) {
      deltas.add(entry(c.delta()).put("base", c.base().raw()).put("target", c.target().raw()).build());
    }
    if (!deltas.isEmpty()) {
      b.put("deltas", new BList(deltas));
    }
    if (!inv.dropped().isEmpty()) {
      b.put("dropped", new BList(inv.dropped().stream().map(h -> (BValue) BBytes.of(h.raw())).toList()));
    }
  }

  private static BDict.Builder entry(BundleClaim c) {
    BDict.Builder entry = BDict.builder().put("seq", c.sequence()).put("service", c.service())
        .put("sha256", c.hash().raw()).put("size", c.size());
    if (c.resourceId() != null) {
      entry.put("rid", c.resourceId());
    }
    return entry;
  }

  private static Endpoints decodeEndpoints(BDict d) throws WireException {
    List<InetSocketAddress> all = new ArrayList<>();
    compact(d, "added", COMPACT_V4, all);
    compact(d, "added6", COMPACT_V6, all);
    return new Endpoints(all);
  }

  private static void compact(BDict d, String key, int entry, List<InetSocketAddress> into) throws WireException {
    BValue v = d.get(key);
    if (v == null) {
      return;
    }
    if (!(v instanceof BBytes b) || b.length() % entry != 0) {
      throw malformed(key + " is not a string of " + entry + "-byte entries", null);
    }
    if (b.length() / entry > WireLimits.MAX_ENDPOINTS_PER_FAMILY) {
      throw malformed(key + " holds " + b.length() / entry + " endpoints", null);
    }
    byte[] raw = b.bytes();
    for (int i = 0; i < raw.length; i += entry) {
      byte[] addr = Arrays.copyOfRange(raw, i, i + entry - 2);
      int port = ((raw[i + entry - 2] & 0xff) << 8) | (raw[i + entry - 1] & 0xff);
      InetAddress a;
      try {
        a = InetAddress.getByAddress(addr);
      } catch (UnknownHostException e) {
        throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
      }
      // Java reads ::ffff:a.b.c.d as IPv4; such an entry belongs in added, and accepting it in
      // added6 would give one set two encodings.
      if (entry == COMPACT_V6 && a instanceof Inet4Address) {
        throw malformed("added6 holds the IPv4-mapped address " + a.getHostAddress(), null);
      }
      into.add(new InetSocketAddress(a, port));
    }
  }

  private static void encodeEndpoints(Endpoints e, BDict.Builder b) {
    ByteArrayOutputStream v4 = new ByteArrayOutputStream();
    ByteArrayOutputStream v6 = new ByteArrayOutputStream();
    for (InetSocketAddress a : e.added()) {
      ByteArrayOutputStream out = a.getAddress() instanceof Inet4Address ? v4 : v6;
      out.writeBytes(a.getAddress().getAddress());
      out.write(a.getPort() >> 8);
      out.write(a.getPort());
    }
    if (v4.size() > 0) {
      b.put("added", v4.toByteArray());
    }
    if (v6.size() > 0) {
      b.put("added6", v6.toByteArray());
    }
  }

  private static List<BValue> optionalList(BDict d, String key) throws WireException {
    BValue v = d.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof BList l)) {
      throw malformed(key + " is not a list", null);
    }
    return l.items();
  }

  static long longField(BDict d, String key) throws WireException {
    BValue v = d.get(key);
    if (!(v instanceof BInt i)) {
      throw malformed(v == null ? key + " is missing" : key + " is not an integer", null);
    }
    return i.value();
  }

  private static int intField(BDict d, String key) throws WireException {
    long v = longField(d, key);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw malformed(key + " out of range: " + v, null);
    }
    return (int) v;
  }

  private static BundleHash hashField(BDict d, String key) throws WireException {
    BValue v = d.get(key);
    if (!(v instanceof BBytes b) || b.length() != BundleHash.LENGTH) {
      throw malformed(key + " is not a " + BundleHash.LENGTH + "-byte string", null);
    }
    return BundleHash.of(b.bytes());
  }

  /** Read byte for byte (ISO-8859-1), so a non-ASCII byte survives to fail the field's syntax check. */
  private static String asciiField(BDict d, String key) throws WireException {
    BValue v = d.get(key);
    if (!(v instanceof BBytes b)) {
      throw malformed(key + " is not a string", null);
    }
    return new String(b.bytes(), StandardCharsets.ISO_8859_1);
  }

  private static WireException malformed(String detail, Throwable cause) {
    return new WireException(DisconnectReason.MALFORMED_MESSAGE, detail, cause);
  }
}
