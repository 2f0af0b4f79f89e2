package org.altoredist.binding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.swig.address;
import org.libtorrent4j.swig.error_code;
import org.libtorrent4j.swig.tcp_endpoint;

/** Peer endpoints as libtorrent4j writes and takes them. */
final class LibtorrentEndpoints {

  private LibtorrentEndpoints() {}

  /**
   * Asks libtorrent to connect {@code peer} for the torrent (libtorrent4j has no call that takes an
   * address). False, and nothing asked, should libtorrent not read the text Java writes for the
   * address; libtorrent4j's own endpoint type would throw instead, in the middle of a steering
   * tick. (libtorrent read every form tried, scoped IPv6 and IPv4-mapped included.)
   */
  static boolean connect(TorrentHandle h, InetSocketAddress peer) {
    error_code ec = new error_code();
    address a = address.from_string(peer.getAddress().getHostAddress(), ec);
    if (ec.value() != 0) {
      return false;
    }
    h.swig().connect_peer(new tcp_endpoint(a, peer.getPort()));
    return true;
  }

  /** An address as libtorrent's filters take it (one libtorrent cannot read comes back unspecified). */
  static address of(InetAddress a) {
    return address.from_string(a.getHostAddress(), new error_code());
  }

  /**
   * A peer's endpoint as libtorrent4j writes it, "tcp://ip:port" (IPv6 in brackets; utp:// for
   * uTP), or null when it is not one.
   */
  static InetSocketAddress parse(String endpoint) {
    if (endpoint == null) {
      return null;
    }
    String ipPort = endpoint.replaceFirst("^[a-z]+://", "");
    int colon = ipPort.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    String host = ipPort.substring(0, colon).replace("[", "").replace("]", "");
    try {
      return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(ipPort.substring(colon + 1)));
    } catch (UnknownHostException | NumberFormatException e) {
      return null;
    }
  }
}
