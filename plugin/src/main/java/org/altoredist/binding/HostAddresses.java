package org.altoredist.binding;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.libtorrent4j.SessionManager;

/**
 * Which address a session stands for, and so where the plugin's endpoint listens and which PID this
 * client is in. A session that listens on one specific address (listen_interfaces {@code ip:port})
 * stands for that address. One that listens on a wildcard or on a device name, as libtorrent's
 * default {@code 0.0.0.0:6881,[::]:6881} does, stands for every address of this host: the endpoint
 * then listens on the wildcard too, and this client's PID is that of the host's first routable
 * address the network map places.
 */
final class HostAddresses {

  private HostAddresses() {}

  /** The specific address the session listens on, or null when it listens on a wildcard or a device. */
  static InetAddress specific(SessionManager s) {
    return specific(s.settings().listenInterfaces());
  }

  /**
   * The first specific address in a listen_interfaces setting ({@code ip:port}, {@code [ip6]:port}
   * or {@code device:port}, each port perhaps followed by libtorrent's flags, "s" for SSL, "l" for
   * local), or null.
   */
  static InetAddress specific(String listenInterfaces) {
    for (String raw : listenInterfaces == null ? new String[0] : listenInterfaces.split(",")) {
      String item = raw.trim().replaceFirst("(:\\d+)[a-z]*$", "$1");
      // A device name would go to the resolver: only literal addresses are parsed.
      InetSocketAddress a = looksLikeAnAddress(item) ? LibtorrentEndpoints.parse(item) : null;
      if (a != null && !a.getAddress().isAnyLocalAddress()) {
        return a.getAddress();
      }
    }
    return null;
  }

  /**
   * This host's addresses, best first for telling its PID: global ones, then site-local (private
   * ranges), then link-local, then loopback; IPv4 before IPv6 within each, as ISP maps list IPv4
   * first. Never empty: loopback at worst.
   */
  static List<InetAddress> ofHost() {
    List<InetAddress> all = new ArrayList<>();
    try {
      for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
        if (ni.isUp()) {
          ni.inetAddresses().forEach(all::add);
        }
      }
    } catch (SocketException e) {
      // No interface list: loopback below is all this host can claim.
    }
    if (all.isEmpty()) {
      all.add(InetAddress.getLoopbackAddress());
    }
    all.sort(Comparator.comparingInt(HostAddresses::rank).thenComparing(a -> a instanceof Inet4Address ? 0 : 1));
    return List.copyOf(all);
  }

  private static int rank(InetAddress a) {
    return a.isLoopbackAddress() ? 3 : a.isLinkLocalAddress() ? 2 : a.isSiteLocalAddress() ? 1 : 0;
  }

  /** A device name ("eth0:6881") would parse as a host name; only literal addresses count. */
  private static boolean looksLikeAnAddress(String item) {
    String host = item.replaceFirst(":\\d+$", "").replace("[", "").replace("]", "");
    return host.contains(":") || host.matches("[0-9.]+");
  }
}
