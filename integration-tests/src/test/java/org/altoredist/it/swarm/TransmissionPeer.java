package org.altoredist.it.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Transmission 3.00 (Debian's transmission-daemon 3.00-2.1+deb12u1), driven over its RPC. It never
 * dials loopback peers (its isMartianAddr check), so in a loopback swarm it can only be the passive
 * side: the harness has other peers dial it.
 *
 * <p>It is the most lenient client about extension messages: it skips an extended message under
 * an id it never advertised ("skipping unknown ltep message (200)"), ignores an extension handshake
 * that is not a bencoded dictionary, and has no cap on an extended message's length (one of 2 MB
 * did not close the connection). What it drops a peer for is a message whose length does not fit its type: an extended
 * message too short to hold the extended id ({@code 00 00 00 01 14}) is logged as "bad packet - BT
 * message #20 with a length of 0 (peer-msgs.c:1543)" and the connection is closed. That line comes
 * only from its per-peer trace, which {@code --log-debug} does not enable: it is written to the
 * file descriptor named by {@code TR_DEBUG_FD}, here its standard error, which goes to the log.
 */
public final class TransmissionPeer extends ProcessPeer implements DisconnectLog {

  private static final Path BINARY = Path.of("/usr/bin/transmission-daemon");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Transmission writes its per-peer trace, where it says why it drops a peer, to this descriptor. */
  private static final String TRACE_FD = "TR_DEBUG_FD";

  private final URI rpc;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String sessionId = "";

  private TransmissionPeer(String name, ManagedProcess process, InetSocketAddress listen, Path downloadDir, URI rpc) {
    super(name, process, listen, downloadDir);
    this.rpc = rpc;
  }

  /** Starts the daemon on {@code host} and adds the torrent; as a seeder it points at the content. */
  public static TransmissionPeer start(InetAddress host, Path dir, SwarmContent content, boolean seeder)
      throws IOException {
    String ip = host.getHostAddress();
    Path config = Files.createDirectories(dir.resolve("config"));
    Path downloads = seeder ? content.seedDir() : Files.createDirectories(dir.resolve("downloads"));
    int peerPort = Loopback.freePort(host);
    int rpcPort = Loopback.freePort(host);
    ObjectNode s = JSON.createObjectNode()
        .put("bind-address-ipv4", ip).put("bind-address-ipv6", "::1").put("peer-port", peerPort)
        .put("peer-port-random-on-start", false)
        .put("rpc-bind-address", ip).put("rpc-port", rpcPort).put("rpc-authentication-required", false)
        .put("rpc-whitelist-enabled", false).put("rpc-host-whitelist-enabled", false)
        .put("dht-enabled", false).put("lpd-enabled", false).put("pex-enabled", false)
        .put("utp-enabled", false).put("port-forwarding-enabled", false)
        .put("download-dir", downloads.toAbsolutePath().toString()).put("incomplete-dir-enabled", false)
        .put("download-queue-enabled", false).put("seed-queue-enabled", false)
        .put("ratio-limit-enabled", false).put("idle-seeding-limit-enabled", false)
        .put("message-level", 2);
    Files.writeString(config.resolve("settings.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
    String name = "transmission@" + ip;
    ManagedProcess p = ManagedProcess.start(name, dir, List.of(BINARY.toString(), "--foreground",
        "--config-dir", config.toAbsolutePath().toString(), "--log-info"), Map.of(TRACE_FD, "2"));
    TransmissionPeer t = new TransmissionPeer(name, p, new InetSocketAddress(host, peerPort), downloads,
        URI.create("http://" + ip + ":" + rpcPort + "/transmission/rpc"));
    Await.until(name + " answers RPC", Duration.ofSeconds(20), () -> p.alive() && t.call("session-get", null) != null,
        p::logTail);
    ObjectNode add = JSON.createObjectNode().put("metainfo",
        Base64.getEncoder().encodeToString(Files.readAllBytes(content.torrentFile())));
    add.put("download-dir", downloads.toAbsolutePath().toString());
    JsonNode added = t.call("torrent-add", add);
    if (added == null || !"success".equals(added.path("result").asText())) {
      throw new IllegalStateException(name + " refused the torrent: " + added + "\n" + p.logTail());
    }
    return t;
  }

  /** One RPC call, following Transmission's 409 session-id handshake; null when it does not answer. */
  private JsonNode call(String method, ObjectNode arguments) {
    ObjectNode body = JSON.createObjectNode().put("method", method);
    if (arguments != null) {
      body.set("arguments", arguments);
    }
    try {
      for (int attempt = 0; attempt < 2; attempt++) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(rpc).timeout(Duration.ofSeconds(5))
            .header("X-Transmission-Session-Id", sessionId)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 409) {
          sessionId = r.headers().firstValue("X-Transmission-Session-Id").orElse("");
          continue;
        }
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
      }
      return null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private JsonNode torrent() {
    ObjectNode args = JSON.createObjectNode();
    args.putArray("fields").add("percentDone").add("status").add("errorString").add("peersConnected").add("haveValid");
    JsonNode r = call("torrent-get", args);
    JsonNode list = r == null ? null : r.path("arguments").path("torrents");
    return list == null || list.size() == 0 ? null : list.get(0);
  }

  @Override
  public double progress() {
    JsonNode t = torrent();
    return t == null ? Double.NaN : t.path("percentDone").asDouble(Double.NaN);
  }

  @Override
  public boolean passiveOnly() {
    return true;
  }

  /**
   * Transmission's trace names the peer as {@code [127.0.5.11]:50737} in each line about it; "bad
   * packet" is its one line for a message it closes the connection over. A peer that merely hangs
   * up shows as "libevent got an error" and is no fault of the peer.
   */
  @Override
  public List<String> protocolDrops(Set<InetAddress> peers) {
    List<String> out = new ArrayList<>();
    try (Stream<String> lines = Files.lines(process.logFile(), StandardCharsets.ISO_8859_1)) {
      lines.filter(l -> l.contains("bad packet")).forEach(l -> {
        if (peers.stream().anyMatch(a -> l.contains("[" + a.getHostAddress() + "]:"))) {
          out.add(name + ": " + l);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      out.add(name + ": its log cannot be read: " + e);
    }
    return out;
  }

  @Override
  public String diagnostics() {
    return "--- " + name + ": " + torrent() + "\n" + process.logTail();
  }

}
