package org.altoredist.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.MapGenerator;
import org.altoredist.alto.NetworkMap;
import org.altoredist.http.AltoClientException.Failure;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against the built-in server over loopback: discovery, conditional GET, overload, refusals. */
class AltoClientTest {

  static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");

  @TempDir
  Path dir;

  private AltoServer.Builder server(RedistributionScope scope) throws Exception {
    return AltoServer.builder(ServiceConfig.of(Fixtures.copyExamples(dir), dir.resolve("state"), SERVICE)
        .withScope(scope)).bind(Fixtures.host(2, 10)).pathPrefix("/alto/");
  }

  /**
   * The server, serving a generated network map of about 8 MB: more than loopback's socket buffers
   * hold (tcp_wmem allows at most 4 MiB), so the answer to a client that asks for it and reads
   * nothing is never all written, and its request keeps its admission place until it goes away.
   */
  private AltoServer.Builder overloadable() throws Exception {
    return overloadable(dir);
  }

  static AltoServer.Builder overloadable(Path dir) throws Exception {
    Path maps = Files.createDirectories(dir.resolve("large-maps"));
    MapGenerator.writeService(maps, 460_000);
    return AltoServer.builder(ServiceConfig.of(maps, dir.resolve("state"), SERVICE)).bind(Fixtures.host(2, 10))
        .pathPrefix("/alto/");
  }

  private static AltoClient.Builder client(AltoServer s, List<Duration> waits) throws Exception {
    return AltoClient.builder(Fixtures.trust(s)).directoryLocation(s.httpDirectory()).random(new Random(7))
        .sleeper(waits::add);
  }

  @Test
  void defaultMapsAreDiscoveredVerifiedAndRevalidatedWith304() throws Exception {
    try (AltoServer s = server(RedistributionScope.SERVICE).start()) {
      AltoClient c = client(s, new ArrayList<>()).build();
      AltoClient.ServiceMaps m = c.maps();
      NetworkMap nm = (NetworkMap) m.networkMap().document();
      CostMap cm = (CostMap) m.costMaps().get(0).document();
      assertEquals(nm.vtag(), cm.dependentVtag());
      assertEquals("loopback-routingcost", m.costMaps().get(0).descriptor().resourceId());
      assertEquals(1, m.costMaps().size());
      assertEquals(new ServerStats.ResourceStats(1, 0, 1, s.stats().resource("loopback-network-map").bytes(), 0),
          s.stats().resource("loopback-network-map"));
      c.maps();
      ServerStats.ResourceStats after = s.stats().resource("loopback-network-map");
      assertEquals(2, after.requests(), after.toString());
      assertEquals(1, after.notModified(), after.toString());
      assertEquals(1, s.stats().resource("loopback-routingcost").notModified());
      assertEquals(Failure.NO_SUCH_RESOURCE, assertThrows(AltoClientException.class, () -> c.fetch("nope")).failure());
    }
  }

  @Test
  void withReuseEachMapVersionCostsTheServerOneRequest() throws Exception {
    try (AltoServer s = server(RedistributionScope.SERVICE).start()) {
      AltoClient c = client(s, new ArrayList<>()).reuse(Duration.ofMinutes(1)).build();
      c.directory();
      c.fetch("loopback-network-map");
      c.fetch("loopback-routingcost");
      assertEquals(1, s.stats().resource("loopback-network-map").requests(), s.stats().toString());
      assertEquals(1, s.stats().resource("loopback-routingcost").requests(), s.stats().toString());
      assertEquals(3, s.stats().resources().values().stream().mapToLong(r -> r.requests()).sum(), s.stats().toString());
    }
  }

  @Test
  void notRedistributableResourceIsNeverHandedOut() throws Exception {
    try (AltoServer s = server(RedistributionScope.NONE).start()) {
      AltoClientException e = assertThrows(AltoClientException.class,
          () -> client(s, new ArrayList<>()).build().fetch("loopback-network-map"));
      assertEquals(Failure.NOT_REDISTRIBUTABLE, e.failure());
    }
  }

  @Test
  void overloadedServerAnswers503AndTheClientWaitsItsRetryAfter() throws Exception {
    try (AltoServer s = overloadable().workers(1).queue(0).retryAfter(Duration.ofSeconds(1)).start()) {
      Socket slow = occupyTheWorker(s);
      List<Duration> waits = new ArrayList<>();
      AltoClient c = AltoClient.builder(Fixtures.trust(s)).directoryLocation(s.httpDirectory()).random(new Random(7))
          .sleeper(d -> {
            waits.add(d);
            try {
              slow.close();
            } catch (java.io.IOException e) {
              throw new AssertionError(e);
            }
            Fixtures.await("the slow request is gone", () -> s.stats().inFlight() == 0);
          }).build();
      c.directory();
      assertEquals(List.of(Duration.ofSeconds(1)), waits);
      assertEquals(1, s.stats().shed());
    }
  }

  @Test
  void retryAfterLongerThanTheClientWaitsFailsAtOnceCarryingTheDelay() throws Exception {
    try (AltoServer s = overloadable().workers(1).queue(0).retryAfter(Duration.ofSeconds(120)).start();
        Socket slow = occupyTheWorker(s)) {
      List<Duration> waits = new ArrayList<>();
      AltoClientException e = assertThrows(AltoClientException.class, () -> client(s, waits).build().directory());
      assertEquals(Failure.OVERLOADED, e.failure());
      assertEquals(Duration.ofSeconds(120), e.retryAfter());
      assertEquals(503, e.status());
      assertTrue(waits.isEmpty(), waits.toString());
    }
  }

  @Test
  void unreachableServerIsRetriedWithGrowingBackoffThenReported() throws Exception {
    List<Duration> waits = new ArrayList<>();
    URI nowhere;
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, Fixtures.host(2, 11))) {
      nowhere = URI.create("http://127.0.2.11:" + taken.getLocalPort() + "/directory");
    }
    RetryPolicy p = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(5));
    AltoClient c = AltoClient.builder(org.altoredist.trust.TrustPolicy.forService(SERVICE.toString())
        .pin(new byte[32]).build()).directoryLocation(nowhere).retry(p).random(new Random(7)).sleeper(waits::add).build();
    AltoClientException e = assertThrows(AltoClientException.class, c::directory);
    assertEquals(Failure.UNREACHABLE, e.failure());
    assertEquals(3, waits.size());
    assertTrue(between(waits.get(0), 50, 100) && between(waits.get(1), 100, 200) && between(waits.get(2), 150, 300),
        waits.toString());
  }

  @Test
  void backoffDoublesToItsCapWithJitterInTheUpperHalf() {
    RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1));
    Random r = new Random(1);
    for (int i = 0; i < 100; i++) {
      assertTrue(between(p.backoff(0, r), 100, 200));
      assertTrue(between(p.backoff(1, r), 200, 400));
      assertTrue(between(p.backoff(5, r), 500, 1000));
      assertTrue(between(p.backoff(80, r), 500, 1000));
    }
  }

  @Test
  void retryAfterIsReadAsSecondsOrAnHttpDate() {
    Fixtures.MutableClock clock = new Fixtures.MutableClock(java.time.Instant.parse("2025-06-01T12:00:00Z"));
    HttpFetcher f = new HttpFetcher(null, RetryPolicy.DEFAULT, new Random(), d -> { }, clock, Duration.ofSeconds(1));
    assertEquals(Duration.ofSeconds(7), f.retryAfter("7"));
    assertEquals(Duration.ofSeconds(90), f.retryAfter("Sun, 01 Jun 2025 12:01:30 GMT"));
    assertEquals(Duration.ZERO, f.retryAfter("Sun, 01 Jun 2025 11:00:00 GMT"));
    assertEquals(null, f.retryAfter("soon"));
  }

  @Test
  void responseWithAnotherContentTypeIsRefused() throws Exception {
    try (AltoServer s = server(RedistributionScope.SERVICE).start()) {
      HttpServer relabel = HttpServer.create(new InetSocketAddress(Fixtures.host(2, 12), 0), 0);
      relabel.createContext("/", ex -> {
        try (ex) {
          HttpResponse<byte[]> r = Fixtures.get(s.httpDirectory().resolve(ex.getRequestURI().getPath().substring(1)));
          String type = ex.getRequestURI().getPath().endsWith("/networkmap") ? "application/json"
              : r.headers().firstValue("Content-Type").orElseThrow();
          ex.getResponseHeaders().set("Content-Type", type);
          ex.sendResponseHeaders(r.statusCode(), r.body().length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(r.body());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      relabel.start();
      try {
        URI location = URI.create("http://127.0.2.12:" + relabel.getAddress().getPort() + "/directory");
        AltoClient c = AltoClient.builder(Fixtures.trust(s)).directoryLocation(location).build();
        c.directory();
        AltoClientException e = assertThrows(AltoClientException.class, () -> c.fetch("loopback-network-map"));
        assertEquals(Failure.WRONG_CONTENT_TYPE, e.failure());
      } finally {
        relabel.stop(0);
      }
    }
  }

  @Test
  void signatureFromAnotherServiceIsRefusedWithTheTrustReason() throws Exception {
    try (AltoServer s = server(RedistributionScope.SERVICE).start()) {
      AltoClient c = AltoClient.builder(org.altoredist.trust.TrustPolicy.forService("http://127.0.0.1/other/directory")
          .anchors(Fixtures.anchors(s)).build()).directoryLocation(s.httpDirectory()).build();
      AltoClientException e = assertThrows(AltoClientException.class, c::directory);
      assertEquals(Failure.REFUSED, e.failure());
      assertEquals(VerificationException.Reason.DESCRIPTOR_MISMATCH, e.verificationReason());
    }
  }

  /**
   * A client that asks for the large network map and reads nothing holds the server's only place
   * until it goes away: its answer cannot all be written. (Neither a head nor a filter body still
   * arriving holds one: the server reads both without a worker, see SlowClientTest, SlowBodyTest.)
   * An earlier exchange leaves its place only after its client has its whole answer, so the place
   * is first waited for; and the slow request's own 200 shows that it, not a late one, holds it.
   */
  static Socket occupyTheWorker(AltoServer s) throws Exception {
    Fixtures.await("earlier requests have left their places", () -> s.stats().inFlight() == 0);
    URI at = s.httpDirectory();
    Socket slow = new Socket();
    slow.setReceiveBufferSize(4096); // before connecting, so that the window stays this small
    slow.connect(new InetSocketAddress(at.getHost(), at.getPort()));
    slow.getOutputStream().write(("GET " + at.resolve("networkmap").getRawPath() + " HTTP/1.1\r\nHost: x\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    slow.getOutputStream().flush();
    Fixtures.await("the slow reader holds the worker", () -> s.stats().inFlight() == 1);
    String status = new String(slow.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
    assertEquals("HTTP/1.1 200", status, "the slow reader's own request was not admitted");
    return slow;
  }

  private static boolean between(Duration d, long lo, long hi) {
    return d.toMillis() >= lo && d.toMillis() <= hi;
  }
}
