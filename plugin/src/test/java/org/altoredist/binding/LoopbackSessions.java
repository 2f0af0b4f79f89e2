package org.altoredist.binding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Collectors;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SessionParams;
import org.libtorrent4j.SettingsPack;
import org.libtorrent4j.swig.settings_pack;

/**
 * The tests' libtorrent sessions, which share one machine's loopback: host h of PID p at
 * {@code 127.0.p.h}. One fixture, so that every test's session differs from libtorrent's defaults
 * in the same ways.
 *
 * <p>What differs from libtorrent's defaults, and why:
 * <ul>
 *   <li>listen on the host's address alone and leave from it ({@code outgoing_interfaces}), so that
 *       each session is told apart by address, as the PID map does;
 *   <li>DHT, local service discovery, UPnP and NAT-PMP off unless asked for: nothing leaves the
 *       machine, and LSD would make every session find every other one;
 *   <li>several connections per IP allowed: one address may hold a session and an ar_alto endpoint;
 *   <li>TCP only: the ar_alto endpoint, Transmission and aria2 are dialled over TCP, and a uTP
 *       attempt first only adds a timeout.
 * </ul>
 */
public final class LoopbackSessions {

  private LoopbackSessions() {}

  /** The settings of a session at {@code host:port} (port 0 picks one), its DHT off. */
  public static SettingsPack settings(InetAddress host, int port) {
    // A settings pack is native memory already.
    Libtorrent4jNative.ensureLoadable();
    String ip = host.getHostAddress();
    return new SettingsPack()
        .listenInterfaces((ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port)
        .setString(settings_pack.string_types.outgoing_interfaces.swigValue(), ip)
        .setBoolean(settings_pack.bool_types.enable_dht.swigValue(), false)
        .setBoolean(settings_pack.bool_types.enable_lsd.swigValue(), false)
        .setBoolean(settings_pack.bool_types.enable_upnp.swigValue(), false)
        .setBoolean(settings_pack.bool_types.enable_natpmp.swigValue(), false)
        .setBoolean(settings_pack.bool_types.allow_multiple_connections_per_ip.swigValue(), true)
        .setBoolean(settings_pack.bool_types.enable_outgoing_utp.swigValue(), false)
        .setBoolean(settings_pack.bool_types.enable_incoming_utp.swigValue(), false);
  }

  /**
   * Turns the DHT on in {@code s}, bootstrapped from {@code bootstrap} alone (none for a swarm's
   * first node), with the checks that make libtorrent's DHT ignore loopback nodes turned off
   * ({@code dht_ignore_dark_internet}, {@code dht_restrict_routing_ips}, {@code dht_restrict_search_ips}).
   */
  public static SettingsPack withDht(SettingsPack s, List<InetSocketAddress> bootstrap) {
    return s.setBoolean(settings_pack.bool_types.enable_dht.swigValue(), true)
        .setBoolean(settings_pack.bool_types.dht_ignore_dark_internet.swigValue(), false)
        .setBoolean(settings_pack.bool_types.dht_restrict_routing_ips.swigValue(), false)
        .setBoolean(settings_pack.bool_types.dht_restrict_search_ips.swigValue(), false)
        .setString(settings_pack.string_types.dht_bootstrap_nodes.swigValue(), bootstrap.stream()
            .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).collect(Collectors.joining(",")));
  }

  /** Starts a session with {@code s}, making libtorrent4j loadable first; without libtorrent's public routers. */
  public static SessionManager start(SettingsPack s) {
    Libtorrent4jNative.ensureLoadable();
    SessionManager session = new SessionManager(false);
    session.start(new SessionParams(s));
    return session;
  }
}
