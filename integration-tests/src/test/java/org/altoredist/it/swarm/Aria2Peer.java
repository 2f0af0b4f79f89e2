package org.altoredist.it.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * aria2 1.36 (Debian's aria2c 1.36.0-1), bound to its own 127.0.p.h with {@code --interface},
 * watched over its JSON-RPC. It seeds forever ({@code --seed-ratio=0.0}) so it keeps serving the
 * swarm.
 *
 * <p>It is as strict as rtorrent about extension messages. Each of these closed the connection, and
 * its debug log ({@code --log-level=debug}) says why in three lines, "CUID#14 - Download aborted.",
 * "Exception: [file.cc:line] errorCode=1 what", "CUID#14 - Peer 127.0.5.31:38635 banned.", with
 * these reasons: an extended id it never advertised ("No extension registered for extended message
 * ID 200"), an extended message with no id ("Too small payload size for extended, size=1."), any
 * message over its cap ("Max payload length exceeded or invalid. length = 100002"), and an
 * extension handshake that is not bencoding ("Bencode decoding failed: error=-4"). A peer that
 * hangs up is "banned" the same way, with a socket error as the reason.
 */
public final class Aria2Peer extends ProcessPeer implements DisconnectLog {

  private static final Path BINARY = Path.of("/usr/bin/aria2c");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** "CUID#14 - Download aborted.": the first of the lines in which aria2 drops a peer. */
  private static final Pattern ABORTED = Pattern.compile("CUID#(\\d+) - Download aborted\\.");
  /** "CUID#14 - Peer 127.0.5.31:38635 banned.": the last, naming the peer. */
  private static final Pattern BANNED = Pattern.compile("CUID#(\\d+) - Peer (\\S+):\\d+ banned\\.");
  /**
   * Words in the reasons aria2 gives for what a peer sent (above, and its "Invalid ..." for other
   * malformed messages), and in none of its socket errors.
   */
  private static final Pattern PROTOCOL_REASON =
      Pattern.compile("extension|extended|payload|bencode|invalid", Pattern.CASE_INSENSITIVE);

  private final URI rpc;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Aria2Peer(String name, ManagedProcess process, InetSocketAddress listen, Path downloadDir, URI rpc,
      Path log) {
    super(name, process, listen, downloadDir);
    this.rpc = rpc;
    this.log = log;
  }

  public static Aria2Peer start(InetAddress host, Path dir, SwarmContent content, boolean seeder) throws IOException {
    String ip = host.getHostAddress();
    Files.createDirectories(dir);
    Path downloads = seeder ? content.seedDir() : Files.createDirectories(dir.resolve("downloads"));
    int port = Loopback.freePort(host);
    int rpcPort = Loopback.freePort(Loopback.host(0, 1));
    String name = "aria2@" + ip;
    Path log = dir.resolve("aria2-debug.log");
    ManagedProcess p = ManagedProcess.start(name, dir, List.of(BINARY.toString(),
        "--interface=" + ip, "--listen-port=" + port, "--dir=" + downloads.toAbsolutePath(),
        "--enable-rpc=true", "--rpc-listen-port=" + rpcPort, "--rpc-listen-all=false",
        "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
        "--seed-ratio=0.0", "--check-integrity=true", "--bt-hash-check-seed=true", "--file-allocation=none",
        "--bt-tracker-interval=5", "--console-log-level=notice", "--summary-interval=0",
        "--log=" + log.toAbsolutePath(), "--log-level=debug",
        "--daemon=false", content.torrentFile().toAbsolutePath().toString()));
    Aria2Peer a = new Aria2Peer(name, p, new InetSocketAddress(host, port), downloads,
        URI.create("http://127.0.0.1:" + rpcPort + "/jsonrpc"), log);
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

  /**
   * Pairs each "Download aborted." with the exception lines under it and the "banned" line that
   * names the peer: aria2's event loop is one thread, so the three come together.
   */
  @Override
  public List<String> protocolDrops(Set<InetAddress> peers) {
    Set<String> ips = new HashSet<>();
    peers.forEach(p -> ips.add(p.getHostAddress()));
    List<String> out = new ArrayList<>();
    String cuid = null;
    StringBuilder reason = new StringBuilder();
    try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
      for (String line; (line = in.readLine()) != null; ) {
        Matcher aborted = ABORTED.matcher(line);
        Matcher banned = BANNED.matcher(line);
        if (aborted.find()) {
          cuid = aborted.group(1);
          reason.setLength(0);
        } else if (banned.find()) {
          if (banned.group(1).equals(cuid) && ips.contains(banned.group(2))
              && PROTOCOL_REASON.matcher(reason).find()) {
            out.add(name + " dropped " + banned.group(2) + ": " + reason.toString().strip());
          }
          cuid = null;
        } else if (cuid != null) {
          reason.append(line).append(' ');
        }
      }
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      out.add(name + ": its log cannot be read: " + e);
    }
    return out;
  }

  @Override
  public String diagnostics() {
    return "--- " + name + ": " + download() + "\n" + process.logTail();
  }

}
