package org.altoredist.binding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.altoredist.cli.SessionSettings;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SessionParams;
import org.libtorrent4j.SettingsPack;

/**
 * The tests' libtorrent sessions, which share one machine's loopback: host h of PID p at
 * {@code 127.0.p.h}, with the settings of {@link SessionSettings}, the demo's and the tool's too.
 */
public final class LoopbackSessions {

  private LoopbackSessions() {}

  /** The settings of a session at {@code host:port} (port 0 picks one), its DHT off. */
  public static SettingsPack settings(InetAddress host, int port) {
    // A settings pack is native memory already.
    Libtorrent4jNative.ensureLoadable();
    return SessionSettings.loopback(host, port);
  }

  /** Turns the DHT on in {@code s}, bootstrapped from {@code bootstrap} alone (none for a swarm's first node). */
  public static SettingsPack withDht(SettingsPack s, List<InetSocketAddress> bootstrap) {
    return SessionSettings.withLoopbackDht(s, bootstrap);
  }

  /** Starts a session with {@code s}, making libtorrent4j loadable first; without libtorrent's public routers. */
  public static SessionManager start(SettingsPack s) {
    Libtorrent4jNative.ensureLoadable();
    SessionManager session = new SessionManager(false);
    session.start(new SessionParams(s));
    return session;
  }
}
