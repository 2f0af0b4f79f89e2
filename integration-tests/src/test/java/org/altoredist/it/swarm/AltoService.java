package org.altoredist.it.swarm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.altoredist.binding.AltoPlugin;
import org.altoredist.binding.bt.AltoBt;
import org.altoredist.http.AltoClient;
import org.altoredist.http.AltoServer;
import org.altoredist.http.ServerStats;
import org.altoredist.http.ServiceConfig;
import org.altoredist.trust.Pem;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.trust.VerifiedResource;

/**
 * An ISP's signing ALTO service for a test swarm: the project's {@link AltoServer} serving a copy
 * of the example maps (plugin/examples) with its own demo PKI, and what a client needs to trust it.
 * Editing its map files publishes new versions, as an operator does.
 */
public final class AltoService implements AutoCloseable {

  public static final String NETWORK_MAP = "loopback-network-map";
  public static final String COST_MAP = "loopback-routingcost";
  /** How many resources a client ranks with: the root IRD, the network map and the cost map. */
  public static final int RESOURCES = 3;

  private static final List<String> FILES = List.of("ird.json", "networkmap.json", "costmap.json");

  private final AltoServer server;
  private final Path maps;
  private final TrustPolicy trust;
  private final String service;
  /** Every sequence each resource was published under ("" for the root IRD), oldest first. */
  private final Map<String, Set<Long>> published = new TreeMap<>();
  private boolean stopped;

  private AltoService(AltoServer server, Path maps, TrustPolicy trust, String service) {
    this.server = server;
    this.maps = maps;
    this.trust = trust;
    this.service = service;
  }

  /** Starts a service named {@code service} on {@code bind}, with its files and state under {@code dir}. */
  public static AltoService start(Path dir, URI service, InetAddress bind) throws IOException {
    Path examples = Path.of(System.getProperty("altoredist.examples.dir", "../plugin/examples"));
    Path maps = Files.createDirectories(dir.resolve("maps"));
    for (String f : FILES) {
      Files.copy(examples.resolve(f), maps.resolve(f));
    }
    AltoServer s = AltoServer.builder(ServiceConfig.of(maps, dir.resolve("state"), service)).bind(bind)
        .pathPrefix("/alto/").start();
    TrustPolicy trust = TrustPolicy.forService(service.toString()).anchors(Pem.readCertificates(s.demoCa())).build();
    AltoService a = new AltoService(s, maps, trust, service.toString());
    try {
      a.recordPublished();
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return a;
  }

  public String service() {
    return service;
  }

  public TrustPolicy trust() {
    return trust;
  }

  /**
   * A plugin configured for this service as the swarm tests use it: its maps kept in
   * {@code stateDir}, the server asked only after five minutes without peers (so in these tests
   * only a peer told to refresh asks it), steering every second.
   */
  public AltoPlugin.Builder plugin(Path stateDir) {
    return AltoPlugin.builder().trust(trust).serverLocation(service, server.httpDirectory()).stateDir(stateDir)
        .fallbackDelay(Duration.ofMinutes(5)).steering(8, Duration.ofSeconds(1));
  }

  /** The same for a Bt client with ar_alto in-wire ({@link BtAltoPeer}). */
  public AltoBt.Builder bt(Path stateDir) {
    return AltoBt.builder().trust(trust).serverLocation(service, server.httpDirectory()).stateDir(stateDir)
        .fallbackDelay(Duration.ofMinutes(5));
  }

  /**
   * The versions in service now, fetched and verified as any client does (an attacker who records
   * them to replay later included). Costs the server one request per resource.
   */
  public List<VerifiedResource> fetch() throws IOException {
    try {
      AltoClient.ServiceMaps m = AltoClient.builder(trust).directoryLocation(server.httpDirectory()).build().maps();
      List<VerifiedResource> all = new ArrayList<>(List.of(m.directory(), m.networkMap()));
      all.addAll(m.costMaps());
      return all;
    } catch (org.altoredist.http.AltoClientException e) {
      throw new IOException("fetching the maps of " + service + ": " + e.getMessage(), e);
    }
  }

  /**
   * Publishes a new network map, as an operator editing the file does: PID {@code pid} gets
   * 127.0.pid.0/24. The file is replaced atomically and the server rescans before this returns, so
   * the new network map (with a new vtag) and the cost map re-signed over it are in service.
   */
  public void publishNetworkMapWithPid(int pid) throws IOException {
    Path nm = maps.resolve("networkmap.json");
    String anchor = "\"pid-4\": { \"ipv4\": [ \"127.0.4.0/24\" ] },";
    String text = Files.readString(nm);
    if (!text.contains(anchor)) {
      throw new IllegalStateException("the example network map no longer has the line " + anchor);
    }
    Path edited = maps.resolveSibling("networkmap.json.edited");
    Files.writeString(edited, text.replace(anchor,
        anchor + "\n    \"pid-" + pid + "\": { \"ipv4\": [ \"127.0." + pid + ".0/24\" ] },"));
    Files.move(edited, nm, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    server.rescan();
    if (!server.stats().rejected().isEmpty()) {
      throw new IllegalStateException("the server refused the edit: " + server.stats().rejected());
    }
    recordPublished();
  }

  /**
   * The sequences each resource ("" for the root IRD) has been published under since the start,
   * as the server's status resource (which is no ALTO resource and counts as no request) said
   * after each publication.
   */
  public Map<String, Set<Long>> published() {
    Map<String, Set<Long>> copy = new TreeMap<>();
    published.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
    return copy;
  }

  private void recordPublished() throws IOException {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.statusUri()).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode resources = new ObjectMapper().readTree(r.body()).path("resources");
      for (Map.Entry<String, JsonNode> e : resources.properties()) {
        published.computeIfAbsent(e.getKey().equals("(root IRD)") ? "" : e.getKey(), k -> new TreeSet<>())
            .add(e.getValue().path("sequence").asLong());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted reading the status of " + service, e);
    }
  }

  /** Where clients find the root IRD, as a client is configured with it. */
  public URI httpDirectory() {
    return server.httpDirectory();
  }

  /** The demo CA's certificate file, the trust anchor a client is given. */
  public Path demoCa() {
    return server.demoCa();
  }

  /** Requests answered per resource since the start. */
  public ServerStats stats() {
    return server.stats();
  }

  /** Stops serving: from now on, connections to the server are refused. */
  public void stop() {
    if (!stopped) {
      stopped = true;
      server.close();
    }
  }

  /** Whether anything accepts connections where the server was (false once stopped). */
  public boolean accepting() {
    URI d = server.httpDirectory();
    try (Socket s = new Socket(d.getHost(), d.getPort())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public String diagnostics() {
    return "--- ALTO service " + service + (stopped ? " (stopped)" : "") + ": " + server.stats();
  }

  @Override
  public void close() {
    stop();
  }
}
