package org.altoredist.it.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Transmission 3.00 (Debian's transmission-daemon), driven over its RPC. It never dials loopback
 * peers (its isMartianAddr check), so in a loopback swarm it can only be the passive side: the
 * harness has other peers dial it.
 */
public final class TransmissionPeer extends ProcessPeer {

  private static final Path BINARY = Path.of("/usr/bin/transmission-daemon");
  private static final ObjectMapper JSON = new ObjectMapper();

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
        "--config-dir", config.toAbsolutePath().toString(), "--log-info"));
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

  @Override
  public String diagnostics() {
    return "--- " + name + ": " + torrent() + "\n" + process.logTail();
  }

}
