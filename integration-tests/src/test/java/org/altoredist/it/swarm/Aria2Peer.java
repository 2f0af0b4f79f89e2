package org.altoredist.it.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;

/**
 * aria2 1.36 (Debian's aria2c), bound to its own 127.0.p.h with {@code --interface}, watched over
 * its JSON-RPC. It seeds forever ({@code --seed-ratio=0.0}) so it keeps serving the swarm.
 */
public final class Aria2Peer extends ProcessPeer {

  private static final Path BINARY = Path.of("/usr/bin/aria2c");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI rpc;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Aria2Peer(String name, ManagedProcess process, InetSocketAddress listen, Path downloadDir, URI rpc) {
    super(name, process, listen, downloadDir);
    this.rpc = rpc;
  }

  public static Aria2Peer start(InetAddress host, Path dir, SwarmContent content, boolean seeder) throws IOException {
    String ip = host.getHostAddress();
    Files.createDirectories(dir);
    Path downloads = seeder ? content.seedDir() : Files.createDirectories(dir.resolve("downloads"));
    int port = Loopback.freePort(host);
    int rpcPort = Loopback.freePort(Loopback.host(0, 1));
    String name = "aria2@" + ip;
    ManagedProcess p = ManagedProcess.start(name, dir, List.of(BINARY.toString(),
        "--interface=" + ip, "--listen-port=" + port, "--dir=" + downloads.toAbsolutePath(),
        "--enable-rpc=true", "--rpc-listen-port=" + rpcPort, "--rpc-listen-all=false",
        "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
        "--seed-ratio=0.0", "--check-integrity=true", "--bt-hash-check-seed=true", "--file-allocation=none",
        "--bt-tracker-interval=5", "--console-log-level=notice", "--summary-interval=0",
        "--daemon=false", content.torrentFile().toAbsolutePath().toString()));
    Aria2Peer a = new Aria2Peer(name, p, new InetSocketAddress(host, port), downloads,
        URI.create("http://127.0.0.1:" + rpcPort + "/jsonrpc"));
    Await.until(name + " answers RPC", Duration.ofSeconds(20), () -> p.alive() && a.download() != null, p::logTail);
    return a;
  }

  /** The single download's status, or null when aria2 does not answer. */
  private JsonNode download() {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":\"t\",\"method\":\"aria2.tellActive\","
        + "\"params\":[[\"completedLength\",\"totalLength\",\"status\",\"connections\",\"errorMessage\"]]}";
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(rpc).timeout(Duration.ofSeconds(5))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode list = r.statusCode() == 200 ? JSON.readTree(r.body()).path("result") : null;
      return list == null || list.size() == 0 ? null : list.get(0);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public double progress() {
    JsonNode d = download();
    if (d == null) {
      return Double.NaN;
    }
    double total = d.path("totalLength").asDouble(0);
    return total == 0 ? Double.NaN : d.path("completedLength").asDouble() / total;
  }

  @Override
  public String diagnostics() {
    return "--- " + name + ": " + download() + "\n" + process.logTail();
  }

}
