package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.altoredist.http.AltoClient;
import org.altoredist.http.AltoServer;
import org.altoredist.http.ServiceConfig;
import org.altoredist.testing.Await;
import org.altoredist.trust.Pem;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.WireConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's server fallback through the HTTP part's real client and server on loopback
 * (127.0.1.30): a node without peers gets the IRD, the network map and the cost map from the
 * signing ALTO server, one request each, and holds them as fetched from the server.
 */
class HttpFallbackTest {

  static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");

  @TempDir
  Path dir;

  @Test
  void aNodeWithoutPeersFetchesEachResourceOnceFromTheAltoServer() throws Exception {
    Path maps = Files.createDirectories(dir.resolve("maps"));
    for (String f : List.of("ird.json", "networkmap.json", "costmap.json")) {
      Files.write(maps.resolve(f), LoopbackSwarmTest.example(f));
    }
    ExecutorService http = Executors.newSingleThreadExecutor();
    try (AltoServer server = AltoServer.builder(ServiceConfig.of(maps, dir.resolve("state"), SERVICE))
        .bind(InetAddress.getByName("127.0.1.30")).pathPrefix("/alto/").start()) {
      TrustPolicy trust = TrustPolicy.forService(SERVICE.toString()).anchors(Pem.readCertificates(server.demoCa()))
          .build();
      AltoClient client = AltoClient.builder(trust).directoryLocation(server.httpDirectory()).build();
      RedistributionEngine e = RedistributionEngine.builder().use(trust)
          .transport(WireTransport.open(new InetSocketAddress("127.0.1.31", 0), WireConfig.defaults()))
          .serverFallback(ServerFallback.http(Map.of(SERVICE.toString(), client), http), Duration.ZERO, 0)
          .tick(Duration.ofMillis(50)).resourceRendezvous(false).build();
      e.start();
      Await.until("the IRD and both maps", () -> e.held().size() == 3);
      assertTrue(e.held().stream().allMatch(h -> h.source() == HeldResource.Source.SERVER), e.held().toString());
      assertEquals(3, e.stats().serverRequests());
      assertEquals(0, e.stats().serverFailures());
      PrometheusRegistry registry = new PrometheusRegistry();
      EngineMetrics.register(registry, e::stats, e::held);
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      PrometheusTextFormatWriter.create().write(text, registry.scrape());
      List<String> lines = text.toString(StandardCharsets.UTF_8).lines().toList();
      assertTrue(lines.contains("altoredist_engine_server_requests_total 3.0"), lines.toString());
      assertTrue(lines.contains("altoredist_engine_installed_total 3.0"), lines.toString());
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("altoredist_engine_held_sequence{resource=\"loopback-network-map\""
          + ",service=\"" + SERVICE + "\"} ")), lines.toString());
      e.close();
    } finally {
      http.shutdownNow();
    }
  }

  @Test
  void aRestartedNodeHoldingTheLastVersionGetsTheNextAsTheServersDelta() throws Exception {
    Path maps = Files.createDirectories(dir.resolve("maps"));
    for (String f : List.of("ird.json", "networkmap.json", "costmap.json")) {
      Files.write(maps.resolve(f), LoopbackSwarmTest.example(f));
    }
    String nm = "loopback-network-map";
    ExecutorService http = Executors.newSingleThreadExecutor();
    try (AltoServer server = AltoServer.builder(ServiceConfig.of(maps, dir.resolve("state"), SERVICE))
        .bind(InetAddress.getByName("127.0.1.32")).pathPrefix("/alto/").start()) {
      TrustPolicy trust = TrustPolicy.forService(SERVICE.toString()).anchors(Pem.readCertificates(server.demoCa()))
          .build();
      RedistributionEngine first = node(server, trust, http);
      first.start();
      Await.until("the IRD and both maps", () -> first.held().size() == 3);
      long v1 = sequenceOf(first, nm);
      first.close();
      Path f = maps.resolve("networkmap.json");
      Files.writeString(f, Files.readString(f).replace("\"pid-4\": { \"ipv4\": [ \"127.0.4.0/24\" ] },",
          "\"pid-4\": { \"ipv4\": [ \"127.0.4.0/24\" ] },\n    \"pid-5\": { \"ipv4\": [ \"127.0.5.0/24\" ] },"));
      server.rescan();
      // A new process: its ALTO client has verified nothing; the held version comes from the store.
      RedistributionEngine second = node(server, trust, http);
      second.start();
      Await.until("the stored versions", () -> second.held().size() == 3);
      second.refresh();
      Await.until("the new network map", () -> sequenceOf(second, nm) > v1);
      var st = server.stats().resource(nm);
      assertEquals(1, st.requests() - st.notModified(), "the body went whole once, to the first node: " + st);
      assertEquals(1, st.deltaRequests(), st.toString());
      second.close();
    } finally {
      http.shutdownNow();
    }
  }

  private RedistributionEngine node(AltoServer server, TrustPolicy trust, ExecutorService http) throws Exception {
    AltoClient client = AltoClient.builder(trust).directoryLocation(server.httpDirectory()).build();
    return RedistributionEngine.builder().use(trust).stateDir(dir.resolve("node"))
        .transport(WireTransport.open(new InetSocketAddress("127.0.1.33", 0), WireConfig.defaults()))
        .serverFallback(ServerFallback.http(Map.of(SERVICE.toString(), client), http), Duration.ZERO, 0)
        .tick(Duration.ofMillis(50)).resourceRendezvous(false).build();
  }

  private static long sequenceOf(RedistributionEngine e, String resourceId) {
    return e.held().stream().filter(h -> resourceId.equals(h.resourceId())).mapToLong(HeldResource::sequence).max()
        .orElse(-1);
  }
}
