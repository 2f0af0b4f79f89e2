package org.altoredist.it.swarm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * A real BitTorrent tracker: Debian's opentracker on 127.0.0.1. Debian builds it whitelist-only,
 * so it serves exactly the info-hashes the test lists. It keys peers by the source address of
 * their announce, which is why every client binds its own 127.0.p.h.
 */
public final class Tracker implements AutoCloseable {

  private static final Path BINARY = Path.of("/usr/bin/opentracker");

  private final ManagedProcess process;
  private final String announceUrl;

  private Tracker(ManagedProcess process, String announceUrl) {
    this.process = process;
    this.announceUrl = announceUrl;
  }

  /**
   * The announce URL a tracker started with this port will have; torrents name it before the
   * tracker, whose whitelist names the torrents, can start.
   */
  public static String announceUrl(int port) {
    return "http://" + Loopback.host(0, 1).getHostAddress() + ":" + port + "/announce";
  }

  /** The UDP announce URL (BEP 15) of a tracker started with this port: opentracker serves both. */
  public static String udpAnnounceUrl(int port) {
    return "udp://" + Loopback.host(0, 1).getHostAddress() + ":" + port + "/announce";
  }

  /** A port for the tracker, free now on its address. */
  public static int reservePort() {
    return Loopback.freePort(Loopback.host(0, 1));
  }

  /**
   * Starts opentracker on {@code port} (TCP and UDP), serving {@code infoHashes} (20 bytes each:
   * torrents' info-hashes, and ar_alto rendezvous keys for ALTO peers to meet under), and waits
   * until it listens.
   */
  public static Tracker start(Path dir, int port, Collection<byte[]> infoHashes) throws IOException {
    Files.createDirectories(dir);
    StringBuilder whitelist = new StringBuilder();
    for (byte[] h : infoHashes) {
      whitelist.append(HexFormat.of().formatHex(h)).append('\n');
    }
    Files.writeString(dir.resolve("whitelist.txt"), whitelist);
    // Paths in the config are read after opentracker chroots into tracker.rootdir.
    Files.writeString(dir.resolve("opentracker.conf"),
        "access.whitelist ./whitelist.txt\ntracker.rootdir " + dir.toAbsolutePath() + "\n");
    InetAddress ip = Loopback.host(0, 1);
    ManagedProcess p = ManagedProcess.start("opentracker", dir, List.of(BINARY.toString(),
        "-i", ip.getHostAddress(), "-p", String.valueOf(port), "-P", String.valueOf(port),
        "-f", dir.resolve("opentracker.conf").toAbsolutePath().toString(), "-u", "nobody"));
    Tracker t = new Tracker(p, announceUrl(port));
    Await.until("opentracker listens on " + ip.getHostAddress() + ":" + port, Duration.ofSeconds(20),
        () -> p.alive() && accepts(ip, port), p::logTail);
    return t;
  }

  /** The announce URL; its path starts with /announce, as libtorrent's SSRF mitigation requires. */
  public String announceUrl() {
    return announceUrl;
  }

  public String diagnostics() {
    return process.logTail();
  }

  private static boolean accepts(InetAddress ip, int port) {
    try (Socket s = new Socket(ip, port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
