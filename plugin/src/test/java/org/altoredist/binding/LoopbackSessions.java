package org.altoredist.binding;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.altoredist.cli.SessionSettings;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SessionParams;
import org.libtorrent4j.SettingsPack;
import org.libtorrent4j.TorrentBuilder;
import org.libtorrent4j.TorrentInfo;

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

  /**
   * A v1 torrent of one file, {@code dir/content/content.bin}, of {@code bytes} random bytes drawn
   * from {@code seed}: a session saving to {@code dir/content} seeds it.
   */
  public static TorrentInfo torrent(Path dir, int bytes, long seed) throws IOException {
    Libtorrent4jNative.ensureLoadable();
    Path content = Files.createDirectories(dir.resolve("content")).resolve("content.bin");
    byte[] data = new byte[bytes];
    new Random(seed).nextBytes(data);
    Files.write(content, data);
    return new TorrentInfo(new TorrentBuilder().path(content.toFile()).flags(TorrentBuilder.V1_ONLY).generate()
        .entry().bencode());
  }
}
