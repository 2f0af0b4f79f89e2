package org.altoredist.binding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.altoredist.alto.IpPrefix;
import org.altoredist.binding.TrackerException.Failure;
import org.altoredist.wire.bencode.BBytes;
import org.altoredist.wire.bencode.BDict;
import org.altoredist.wire.bencode.BList;
import org.altoredist.wire.bencode.BValue;
import org.altoredist.wire.bencode.Bencode;
import org.altoredist.wire.bencode.BencodeException;

/**
 * Reads the bencoded body of an HTTP tracker's announce answer (BEP 3), with BEP 23's compact
 * {@code peers}, BEP 7's {@code peers6} and the original list of dictionaries. The body is
 * untrusted: everything that does not fit is a {@link Failure#MALFORMED} failure.
 *
 * <p>Nothing signs or hashes the answer, and trackers whose answers are written by hand, key by
 * key, do not all sort their keys: it is read as libtorrent reads one, keys in any order
 * ({@link Bencode#decodeAnyKeyOrder}).
 */
final class TrackerResponse {

  /** BEP 23: 4 address bytes and 2 port bytes per peer. */
  private static final int COMPACT_V4 = 6;
  /** BEP 7: 16 address bytes and 2 port bytes per peer. */
  private static final int COMPACT_V6 = 18;
  /** Enough of a failure reason for a log line; a tracker may send any length. */
  private static final int REASON_CHARS = 200;

  private TrackerResponse() {}

  static TrackerReply parse(byte[] body) throws TrackerException {
    BValue v;
    try {
      v = Bencode.decodeAnyKeyOrder(body, 0, body.length);
    } catch (BencodeException e) {
      throw new TrackerException(Failure.MALFORMED, "not bencode: " + e.getMessage(), e);
    }
    if (!(v instanceof BDict d)) {
      throw new TrackerException(Failure.MALFORMED, "not a dictionary");
    }
    if (d.get("failure reason") != null) {
      BBytes reason = d.bytes("failure reason")
          .orElseThrow(() -> new TrackerException(Failure.MALFORMED, "failure reason is not a string"));
      return new TrackerReply.Refused(printable(reason.utf8()));
    }
    Duration interval = seconds(d, "interval")
        .orElseThrow(() -> new TrackerException(Failure.MALFORMED, "no positive interval"));
    Duration minInterval = seconds(d, "min interval").orElse(null);
    List<InetSocketAddress> peers = new ArrayList<>();
    BValue p = d.get("peers");
    if (p instanceof BBytes compact) {
      compact(compact.bytes(), COMPACT_V4, peers);
    } else if (p instanceof BList list) {
      dictionaries(list, peers);
    } else if (p != null || d.get("peers6") == null) {
      throw new TrackerException(Failure.MALFORMED, "no peers string or list");
    }
    if (d.get("peers6") != null) {
      compact(d.bytes("peers6").orElseThrow(() -> new TrackerException(Failure.MALFORMED, "peers6 is not a string"))
          .bytes(), COMPACT_V6, peers);
    }
    return new TrackerReply.Peers(peers, interval, minInterval);
  }

  /** Compact peers: address bytes then a big-endian port, {@code size} bytes each (BEP 23, BEP 7). */
  static void compact(byte[] raw, int size, List<InetSocketAddress> out) throws TrackerException {
    if (raw.length % size != 0) {
      throw new TrackerException(Failure.MALFORMED, raw.length + " bytes of compact peers, not a multiple of " + size);
    }
    ByteBuffer b = ByteBuffer.wrap(raw);
    byte[] ip = new byte[size - 2];
    while (b.hasRemaining()) {
      b.get(ip);
      add(ip, b.getShort() & 0xffff, out);
    }
  }

  private static void dictionaries(BList list, List<InetSocketAddress> out) throws TrackerException {
    for (BValue item : list.items()) {
      if (!(item instanceof BDict peer) || peer.bytes("ip").isEmpty() || peer.integer("port").isEmpty()) {
        throw new TrackerException(Failure.MALFORMED, "a peer that is not a dictionary with ip and port");
      }
      long port = peer.integer("port").get();
      byte[] ip = literal(peer.bytes("ip").get().utf8());
      if (port < 0 || port > 0xffff || ip == null) {
        throw new TrackerException(Failure.MALFORMED, "a peer with a bad ip or port");
      }
      add(ip, (int) port, out);
    }
  }

  private static void add(byte[] ip, int port, List<InetSocketAddress> out) {
    if (port == 0) {
      return; // nobody listens on port 0: an entry to skip, not a reason to drop the rest
    }
    try {
      out.add(new InetSocketAddress(InetAddress.getByAddress(ip), port));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }

  /**
   * An IP literal's bytes, or null. Never a name lookup: a tracker must not make this client
   * resolve names it chose. IPv6 text goes to the ALTO model's strict RFC 4291 parser, not to
   * {@link InetAddress#getByName}, which resolves any text that does not start with a hex digit
   * or ':' (".:1", say) as a host name.
   */
  private static byte[] literal(String s) {
    if (s.indexOf(':') >= 0) {
      try {
        IpPrefix a = IpPrefix.parse(s + "/128");
        return ByteBuffer.allocate(16).putLong(a.hi()).putLong(a.lo()).array();
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] ip = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!parts[i].matches("[0-9]{1,3}") || Integer.parseInt(parts[i]) > 255) {
        return null;
      }
      ip[i] = (byte) Integer.parseInt(parts[i]);
    }
    return ip;
  }

  private static java.util.Optional<Duration> seconds(BDict d, String key) {
    return d.integer(key).filter(s -> s > 0 && s <= Integer.MAX_VALUE).map(Duration::ofSeconds);
  }

  /** The reason as one short printable line: it goes into logs. */
  static String printable(String reason) {
    String line = reason.replaceAll("\\p{Cntrl}", "?");
    return line.length() <= REASON_CHARS ? line : line.substring(0, REASON_CHARS) + "…";
  }
}
