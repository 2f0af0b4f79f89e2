package org.altoredist.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's Prometheus endpoint (alto-http.md §4.9), scraped as Prometheus would: the text
 * format, requests, 304s and 503s per resource, versions published, and the requests
 * redistribution saved as far as the server can tell from which client addresses asked for which
 * version.
 */
class MetricsTest {

  static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");

  @TempDir
  Path dir;

  @Test
  void requestsNotModifiedAndShedRequestsAreCountedPerResource() throws Exception {
    try (AltoServer s = AltoClientTest.overloadable(dir).bind(Fixtures.host(6, 60)).workers(1).queue(0).start()) {
      URI nm = s.httpDirectory().resolve("networkmap");
      String etag = Fixtures.get(nm).headers().firstValue("ETag").orElseThrow();
      assertEquals(304, Fixtures.get(nm, "If-None-Match", etag).statusCode());
      Fixtures.get(s.httpDirectory().resolve("networkmap.p7s"));
      try (Socket held = AltoClientTest.occupyTheWorker(s)) {
        assertEquals(503, Fixtures.get(nm).statusCode());
      }
      Fixtures.await("the held request is over", () -> s.stats().inFlight() == 0);
      HttpResponse<byte[]> r = Fixtures.get(s.metricsUri());
      assertEquals(200, r.statusCode());
      assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
      String m = new String(r.body(), StandardCharsets.UTF_8);
      has(m, "altoredist_requests_total{representation=\"body\",resource=\"loopback-network-map\"} 2.0");
      has(m, "altoredist_requests_total{representation=\"signature\",resource=\"loopback-network-map\"} 1.0");
      has(m, "altoredist_not_modified_total{resource=\"loopback-network-map\"} 1.0");
      has(m, "altoredist_http_errors_total{status=\"503\"} 1.0");
      has(m, "altoredist_versions_published_total{resource=\"loopback-network-map\"} 1.0");
      has(m, "altoredist_versions_published_total{resource=\"(root IRD)\"} 1.0");
      assertTrue(m.contains("# TYPE altoredist_sequence gauge"), m);
      assertTrue(!m.contains("altoredist_upstream_"), "a server of map files has no upstream");
    }
  }

  @Test
  void clientsThatDoNotAskForANewVersionCountAsSavedRequests() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    try (AltoServer s = AltoServer.builder(ServiceConfig.of(maps, dir.resolve("state"), SERVICE))
        .bind(Fixtures.host(6, 61)).pathPrefix("/alto/").watch(false).refreshInterval(Duration.ofHours(1)).start()) {
      for (int h = 1; h <= 3; h++) {
        get(s, Fixtures.host(6, 70 + h));
      }
      MapUpdateTest.replaceInFile(maps.resolve("networkmap.json"), "127.0.4.0/24", "127.0.4.0/25");
      s.rescan();
      get(s, Fixtures.host(6, 71));
      String m = new String(Fixtures.get(s.metricsUri()).body(), StandardCharsets.UTF_8);
      has(m, "altoredist_clients_known{resource=\"loopback-network-map\"} 3.0");
      has(m, "altoredist_redistribution_saved_requests{resource=\"loopback-network-map\"} 2.0");
      has(m, "altoredist_versions_published_total{resource=\"loopback-network-map\"} 2.0");
      MapUpdateTest.replaceInFile(maps.resolve("networkmap.json"), "127.0.4.0/25", "127.0.4.0/26");
      s.rescan();
      get(s, Fixtures.host(6, 74));
      m = new String(Fixtures.get(s.metricsUri()).body(), StandardCharsets.UTF_8);
      has(m, "altoredist_redistribution_saved_requests_settled_total{resource=\"loopback-network-map\"} 2.0");
      has(m, "altoredist_redistribution_saved_requests{resource=\"loopback-network-map\"} 3.0");
      has(m, "altoredist_clients_known{resource=\"loopback-network-map\"} 4.0");
    }
  }

  /** GET of the network map from a given client address (the JDK client cannot choose its own). */
  private static void get(AltoServer s, InetAddress from) throws IOException {
    URI u = s.httpDirectory().resolve("networkmap");
    try (Socket c = new Socket()) {
      c.bind(new InetSocketAddress(from, 0));
      c.connect(new InetSocketAddress(u.getHost(), u.getPort()));
      c.getOutputStream().write(("GET " + u.getRawPath() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      try (InputStream in = c.getInputStream()) {
        String head = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
      }
    }
  }

  private static void has(String metrics, String line) {
    assertTrue(metrics.lines().anyMatch(line::equals), "no line " + line + " in\n" + metrics);
  }
}
