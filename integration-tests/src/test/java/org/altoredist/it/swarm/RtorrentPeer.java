package org.altoredist.it.swarm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * rtorrent 0.9.8 (Debian's, on libtorrent-rakshasa 0.13.8), as a daemon with an rc file of its
 * own and a log. It is the strictest client about extension messages: it knows only ut_pex and
 * ut_metadata, drops a peer that sends any other extended id, and caps every extension message,
 * the handshake included, at 32 KiB. It announces to the torrent's tracker and dials the peers it
 * gets, so it needs nobody to dial it.
 */
public final class RtorrentPeer extends ProcessPeer implements DisconnectLog {

  private static final Path BINARY = Path.of("/usr/bin/rtorrent");

  private final Path log;

  private RtorrentPeer(String name, ManagedProcess process, InetSocketAddress listen, Path downloadDir, Path log) {
    super(name, process, listen, downloadDir);
    this.log = log;
  }

  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /** Starts rtorrent on {@code host} with the torrent loaded and started, downloading into {@code dir}/data. */
  public static RtorrentPeer start(InetAddress host, Path dir, SwarmContent content) throws IOException {
    String ip = host.getHostAddress();
    Path data = Files.createDirectories(dir.resolve("data"));
    Path session = Files.createDirectories(dir.resolve("session"));
    Path log = dir.resolve("rtorrent.log");
    int port = Loopback.freePort(host);
    Path rc = dir.resolve("rtorrent.rc");
    Files.writeString(rc, String.join("\n",
        "directory.default.set = " + data.toAbsolutePath(),
        "session.path.set = " + session.toAbsolutePath(),
        "network.port_range.set = " + port + "-" + port,
        "network.port_random.set = no",
        "network.bind_address.set = " + ip,
        "network.local_address.set = " + ip,
        "dht.mode.set = disable",
        // PEX on, rtorrent's default. With it off rtorrent lists ut_pex with id 0, which Bt 1.10
        // takes for support: its PEX agent then fails to encode mid-message and the stream it
        // sends rtorrent desyncs ("invalid message length"), a Bt bug with or without ar_alto.
        "protocol.pex.set = yes",
        "trackers.use_udp.set = no",
        "system.daemon.set = true",
        // The debug group carries the torrent's lines and the handshake manager's, where it says
        // why it dropped a connection during the handshake; protocol_network_errors says why it
        // dropped one afterwards ("Received invalid extension message.").
        "log.open_file = \"main\", " + log.toAbsolutePath(),
        "log.add_output = \"debug\", \"main\"",
        "log.add_output = \"protocol_network_errors\", \"main\"", ""));
    String name = "rtorrent@" + ip;
    ManagedProcess p = ManagedProcess.start(name, dir, List.of(BINARY.toString(), "-n", "-o",
        "import=" + rc.toAbsolutePath(), content.torrentFile().toAbsolutePath().toString()));
    RtorrentPeer peer = new RtorrentPeer(name, p, new InetSocketAddress(host, port), data, log);
    Await.until(name + " has its torrent started", Duration.ofSeconds(20),
        () -> p.alive() && peer.logged("Starting torrent"), peer::diagnostics);
    return peer;
  }

  /** Whole once its second hash check, after the last piece, confirmed the data. */
  @Override
  public double progress() {
    return logged("Confirming finished") ? 1.0 : 0.0;
  }

  /**
   * rtorrent logs each connection it drops for what the peer sent: its handshake manager ("Received
   * error: ... invalid value received"), and afterwards its network_errors group ("network read
   * error: Received invalid extension message."). Closed sockets ("network error") and peers that
   * dialled before the torrent was loaded ("unknown download") are no fault of the peer.
   */
  @Override
  public List<String> protocolDrops(Set<InetAddress> peers) {
    List<String> out = new ArrayList<>();
    for (String line : lines()) {
      String l = line.toLowerCase(java.util.Locale.ROOT);
      boolean protocol = l.contains("invalid") || l.contains("extension") || l.contains("too large");
      for (InetAddress a : peers) {
        String ip = a.getHostAddress();
        if (protocol && (line.contains("handshake_manager->" + ip + ":") || line.contains(" " + ip + " "))) {
          out.add(name + ": " + line);
        }
      }
    }
    return out;
  }

  private boolean logged(String text) {
    return lines().stream().anyMatch(l -> l.contains(text));
  }

  private List<String> lines() {
    try {
      return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public String diagnostics() {
    List<String> l = lines();
    return "--- " + name + ": " + String.join("\n    ", l.subList(Math.max(0, l.size() - 15), l.size()));
  }
}
