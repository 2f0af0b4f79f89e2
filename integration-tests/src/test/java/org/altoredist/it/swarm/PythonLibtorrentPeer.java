package org.altoredist.it.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * libtorrent-rasterbar 2.0.8 from Debian's python3-libtorrent, in its own process (run with
 * /usr/bin/python3, not a pyenv shim). It prints a JSON status line a second; the last one is its
 * progress.
 */
public final class PythonLibtorrentPeer extends ProcessPeer implements DisconnectLog {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path log;

  private PythonLibtorrentPeer(String name, ManagedProcess process, InetSocketAddress listen, Path downloadDir, Path log) {
    super(name, process, listen, downloadDir);
    this.log = log;
  }

  public static PythonLibtorrentPeer start(InetAddress host, Path dir, SwarmContent content, boolean seeder)
      throws IOException {
    String ip = host.getHostAddress();
    Files.createDirectories(dir);
    Path script = dir.resolve("lt_peer.py");
    try (InputStream in = PythonLibtorrentPeer.class.getResourceAsStream("lt_peer.py")) {
      Files.copy(in, script);
    }
    Path downloads = seeder ? content.seedDir() : Files.createDirectories(dir.resolve("downloads"));
    int port = Loopback.freePort(host);
    String name = "python-libtorrent@" + ip;
    ManagedProcess p = ManagedProcess.start(name, dir, List.of(PYTHON.toString(), script.toString(),
        content.torrentFile().toAbsolutePath().toString(), downloads.toAbsolutePath().toString(), ip,
        String.valueOf(port)));
    PythonLibtorrentPeer peer = new PythonLibtorrentPeer(name, p, new InetSocketAddress(host, port), downloads,
        p.logFile());
    Await.until(name + " reports status", Duration.ofSeconds(20), () -> p.alive() && peer.status() != null, p::logTail);
    return peer;
  }

  private JsonNode status() {
    try {
      List<String> lines = Files.readAllLines(log);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (lines.get(i).startsWith("{\"progress\"")) {
          return JSON.readTree(lines.get(i));
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public List<String> protocolDrops(Set<InetAddress> peers) {
    Set<String> ips = new HashSet<>();
    peers.forEach(p -> ips.add(p.getHostAddress()));
    List<String> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(log)) {
        if (line.startsWith("{\"disconnected\"")) {
          JsonNode d = JSON.readTree(line);
          if (ips.contains(d.path("disconnected").asText()) && LibtorrentPeer.protocolError(d.path("error").asText())) {
            out.add(name + " dropped " + line);
          }
        }
      }
    } catch (IOException e) {
      out.add(name + ": its log cannot be read: " + e);
    }
    return out;
  }

  @Override
  public double progress() {
    JsonNode s = status();
    return s == null ? Double.NaN : s.path("progress").asDouble(Double.NaN);
  }

}
