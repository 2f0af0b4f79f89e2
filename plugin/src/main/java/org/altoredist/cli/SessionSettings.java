package org.altoredist.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Collectors;
import org.libtorrent4j.SettingsPack;
import org.libtorrent4j.swig.settings_pack;

/**
 * The libtorrent settings of the project's own sessions: the tool's ({@code seed}, {@code fetch}),
 * the demo's peers, and the tests' and benchmarks' sessions on loopback (host h of PID p at
 * {@code 127.0.p.h}). One place, so that every such session differs from libtorrent's defaults in
 * the same ways:
 * <ul>
 *   <li>listen on one address alone and leave from it ({@code outgoing_interfaces}), so that each
 *       session is told apart by address, as the PID map does;
 *   <li>DHT, local service discovery, UPnP and NAT-PMP off unless asked for: nothing reaches beyond
 *       what was configured, and LSD would make every loopback session find every other one;
 *   <li>on loopback, TCP only (the ar_alto endpoint, Transmission and aria2 are dialled over TCP,
 *       and a uTP attempt first only adds a timeout);
 *   <li>several connections per IP only where sessions share an address ({@link #loopback}: the
 *       tests put a session and an ar_alto endpoint, or several sessions, on one address). Sessions
 *       that each hold an address of their own ({@link #ownAddress}, the demo's peers) keep
 *       libtorrent's one connection per IP, as a client on the internet does;
 *   <li>a DHT among loopback nodes needs libtorrent's checks against such nodes off.
 * </ul>
 * Building a settings pack needs libtorrent4j's native library loaded.
 */
public final class SessionSettings {

  private SessionSettings() {}

  /** A session at {@code host:port} (port 0 picks one), leaving from {@code host}, DHT, LSD, UPnP and NAT-PMP off. */
  public static SettingsPack at(InetAddress host, int port) {
    String ip = host.getHostAddress();
    return new SettingsPack()
        .listenInterfaces((ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port)
        .setString(settings_pack.string_types.outgoing_interfaces.swigValue(), ip)
        .setBoolean(settings_pack.bool_types.enable_dht.swigValue(), false)
        .setBoolean(settings_pack.bool_types.enable_lsd.swigValue(), false)
        .setBoolean(settings_pack.bool_types.enable_upnp.swigValue(), false)
        .setBoolean(settings_pack.bool_types.enable_natpmp.swigValue(), false);
  }

  /** {@link #ownAddress}, for sessions that share an address with another session or an endpoint. */
  public static SettingsPack loopback(InetAddress host, int port) {
    return ownAddress(host, port)
        .setBoolean(settings_pack.bool_types.allow_multiple_connections_per_ip.swigValue(), true);
  }

  /**
   * {@link #at}, TCP only, for a session alone on its loopback address. One connection per IP
   * matters when two peers dial each other at once, as steered peers do: libtorrent then keeps the
   * same one of the two connections at both ends (the one the peer with the lower listen port
   * dialled). With several connections per IP it instead closes the newer one at each end as a
   * duplicate peer-id, both die, and the pair waits out libtorrent's reconnect backoff; the demo's
   * seeder lost 8 of its PID-mates that way 1.35 s into a transit run.
   */
  public static SettingsPack ownAddress(InetAddress host, int port) {
    return at(host, port)
        .setBoolean(settings_pack.bool_types.enable_outgoing_utp.swigValue(), false)
        .setBoolean(settings_pack.bool_types.enable_incoming_utp.swigValue(), false);
  }

  /**
   * Turns the DHT on in {@code s}, bootstrapped from {@code bootstrap} alone (none for a swarm's
   * first node), among loopback nodes ({@link #loopbackDhtNodes}).
   */
  public static SettingsPack withLoopbackDht(SettingsPack s, List<InetSocketAddress> bootstrap) {
    return loopbackDhtNodes(s, true)
        .setBoolean(settings_pack.bool_types.enable_dht.swigValue(), true)
        .setString(settings_pack.string_types.dht_bootstrap_nodes.swigValue(), bootstrap.stream()
            .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).collect(Collectors.joining(",")));
  }

  /**
   * Whether libtorrent's DHT takes loopback nodes: its {@code dht_ignore_dark_internet},
   * {@code dht_restrict_routing_ips} and {@code dht_restrict_search_ips} checks, on by default,
   * ignore them.
   */
  public static SettingsPack loopbackDhtNodes(SettingsPack s, boolean take) {
    return s.setBoolean(settings_pack.bool_types.dht_ignore_dark_internet.swigValue(), !take)
        .setBoolean(settings_pack.bool_types.dht_restrict_routing_ips.swigValue(), !take)
        .setBoolean(settings_pack.bool_types.dht_restrict_search_ips.swigValue(), !take);
  }
}
