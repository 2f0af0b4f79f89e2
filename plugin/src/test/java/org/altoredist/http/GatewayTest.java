package org.altoredist.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.altoredist.alto.NetworkMap;
import org.altoredist.http.UpstreamRefusal.Reason;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.trust.VerifiedResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The signing gateway (alto-http.md §3.5) in front of a real nginx serving unsigned RFC 7285
 * documents: it signs the upstream's bytes and vtags unchanged, asks conditionally, signs each new
 * version under a higher sequence, and never lets a broken upstream reach peers: each breakage is
 * refused with its reason while the last good version stays in service, and the status says how
 * stale it is.
 */
class GatewayTest {

  static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");
  static final String NM = "loopback-network-map";
  static final String CM = "loopback-routingcost";
  static final String OLD_TAG = "8b0f0f4ad7b1e2c0c3a4a1f6a0e6c5d2e9b7a310";
  /** Longer than nginx needs on a loaded 2-core machine, short enough for a test to wait out. */
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  @TempDir
  Path dir;

  private AltoServer gateway(UpstreamSite up) throws Exception {
    ServiceConfig c = ServiceConfig.of(null, dir.resolve("state"), SERVICE)
        .withUpstream(new Upstream(up.directory(), TIMEOUT, List.of()));
    // Polls are driven by the test (rescan), so the timer is set beyond the test's length.
    return AltoServer.builder(c).bind(Fixtures.host(6, 20)).pathPrefix("/alto/").refreshInterval(Duration.ofHours(1))
        .start();
  }

  private static AltoClient client(AltoServer s) throws Exception {
    TrustPolicy trust = Fixtures.trust(s);
    return AltoClient.builder(trust).directoryLocation(s.httpDirectory()).build();
  }

  @Test
  void signsTheUpstreamsBytesVtagsAndResourceIdsUnchanged() throws Exception {
    try (UpstreamSite up = new UpstreamSite(dir, Fixtures.host(6, 10)); AltoServer s = gateway(up)) {
      AltoClient.ServiceMaps m = client(s).maps();
      assertArrayEquals(up.read("networkmap"), m.networkMap().body());
      assertArrayEquals(up.read("costmap/num/routingcost"), m.costMaps().get(0).body());
      assertEquals(NM, m.networkMap().descriptor().resourceId());
      assertEquals(OLD_TAG, m.networkMap().descriptor().vtag().tag());
      assertEquals(OLD_TAG, m.costMaps().get(0).descriptor().dependentVtags().get(0).tag());
      assertEquals("http://127.0.0.1/alto/maps/loopback-network-map", m.networkMap().descriptor().request());
      assertTrue(s.stats().upstream().healthy());
      JsonNode status = MetaSplice.MAPPER.readTree(Fixtures.get(s.statusUri()).body());
      assertTrue(status.at("/upstream/healthy").asBoolean(), status.toString());
      assertEquals(up.directory().toString(), status.at("/upstream/directory").asText());
    }
  }

  @Test
  void publishWritesTheGatewaysSignedFilesForNginx() throws Exception {
    try (UpstreamSite up = new UpstreamSite(dir.resolve("up"), Fixtures.host(6, 11))) {
      ServiceConfig c = ServiceConfig.of(null, dir.resolve("state"), SERVICE).withUpstream(Upstream.of(up.directory()));
      StaticSite.Result site = StaticSite.publish(c, dir.resolve("www"), "/alto/");
      assertArrayEquals(up.read("networkmap"), Files.readAllBytes(dir.resolve("www/maps/" + NM)));
      try (Nginx nginx = new Nginx(dir.resolve("nginx"), Fixtures.host(6, 12), site.nginxSnippet())) {
        TrustPolicy trust = TrustPolicy.forService(SERVICE.toString())
            .anchors(org.altoredist.trust.Pem.readCertificates(dir.resolve("state/pki/ca.pem"))).build();
        AltoClient.ServiceMaps m = AltoClient.builder(trust).directoryLocation(nginx.base.resolve("alto/directory"))
            .build().maps();
        assertArrayEquals(up.read("costmap/num/routingcost"), m.costMaps().get(0).body());
      }
    }
  }

  @Test
  void httpsUpstreamUnderAPrivateCaIsTrustedOnlyWithThatCa() throws Exception {
    // The upstream: an RFC 7285 server over HTTPS whose certificate a private CA issued.
    URI upstreamService = URI.create("https://127.0.6.40/up/directory");
    try (AltoServer upstream = AltoServer.builder(ServiceConfig.of(Fixtures.copyExamples(dir), dir.resolve("up-state"),
        upstreamService)).bind(Fixtures.host(6, 40)).httpPort(-1).httpsPort(0).pathPrefix("/up/").start()) {
      ServiceConfig trusting = ServiceConfig.of(null, dir.resolve("state"), SERVICE).withUpstream(
          new Upstream(upstream.httpsDirectory(), TIMEOUT, Fixtures.anchors(upstream)));
      try (AltoServer s = AltoServer.builder(trusting).bind(Fixtures.host(6, 41)).pathPrefix("/alto/").start()) {
        AltoClient.ServiceMaps m = client(s).maps();
        assertEquals(1, upstream.stats().resource(NM).requests(), "the gateway read the map over TLS");
        byte[] served = AltoClient.builder(Fixtures.trust(upstream)).directoryLocation(upstream.httpsDirectory())
            .tlsAnchors(Fixtures.anchors(upstream)).build().fetch(NM).body();
        assertArrayEquals(served, m.networkMap().body());
      }
      ServiceConfig untrusting = ServiceConfig.of(null, dir.resolve("state2"), SERVICE)
          .withUpstream(new Upstream(upstream.httpsDirectory(), TIMEOUT, List.of()));
      NothingToServeException e = org.junit.jupiter.api.Assertions.assertThrows(NothingToServeException.class,
          () -> AltoServer.builder(untrusting).bind(Fixtures.host(6, 42)).start());
      assertTrue(e.rejected().get(0).reason().startsWith("UNREACHABLE"), e.rejected().toString());
    }
  }

  @Test
  void unchangedUpstreamIsAskedConditionallyAndNothingIsResigned() throws Exception {
    try (UpstreamSite up = new UpstreamSite(dir, Fixtures.host(6, 13)); AltoServer s = gateway(up)) {
      long seq = client(s).fetch(NM).descriptor().sequence();
      long before = up.answered(304);
      s.rescan();
      // nginx logs a request just after answering it.
      Fixtures.await("the IRD and both maps revalidated with 304", () -> answered(up, 304) == before + 3);
      assertEquals(seq, client(s).fetch(NM).descriptor().sequence());
    }
  }

  @Test
  void newUpstreamVersionIsSignedUnderAHigherSequence() throws Exception {
    try (UpstreamSite up = new UpstreamSite(dir, Fixtures.host(6, 14)); AltoServer s = gateway(up)) {
      AltoClient c = client(s);
      VerifiedResource nm1 = c.fetch(NM);
      newVersion(up, "v2tag");
      s.rescan();
      VerifiedResource nm2 = c.fetch(NM);
      assertTrue(nm2.descriptor().sequence() > nm1.descriptor().sequence());
      assertArrayEquals(up.read("networkmap"), nm2.body());
      assertEquals(1, s.stats().resource(NM).deltaRequests(), "the gateway's delta from the version held (§4.10)");
      assertEquals("v2tag", nm2.descriptor().vtag().tag());
      assertEquals("pid-5", ((NetworkMap) nm2.document()).pidOf(Fixtures.host(5, 1)));
      assertArrayEquals(up.read("costmap/num/routingcost"), c.fetch(CM).body());
      assertTrue(s.stats().upstream().healthy());
    }
  }

  @Test
  void networkMapAheadOfItsCostMapWaitsUntilTheTwoAgree() throws Exception {
    try (UpstreamSite up = new UpstreamSite(dir, Fixtures.host(6, 15)); AltoServer s = gateway(up)) {
      AltoClient c = client(s);
      long seq = c.fetch(NM).descriptor().sequence();
      up.edit("networkmap", OLD_TAG, "v2tag");
      s.rescan();
      assertProblem(s, NM, Reason.DEPENDENT_VTAG_MISMATCH);
      assertEquals(OLD_TAG, c.fetch(NM).descriptor().vtag().tag());
      assertEquals(seq, c.fetch(NM).descriptor().sequence());
      up.edit("costmap/num/routingcost", OLD_TAG, "v2tag");
      s.rescan();
      assertEquals("v2tag", c.fetch(NM).descriptor().vtag().tag());
      assertEquals("v2tag", c.fetch(CM).descriptor().dependentVtags().get(0).tag());
      assertTrue(s.stats().upstream().healthy());
    }
  }

  /** One way an upstream breaks, made by editing what nginx serves. */
  enum Breakage {
    INVALID_DOCUMENT(Reason.INVALID_DOCUMENT, NM, up -> up.edit("networkmap", "127.0.1.0/24", "127.0.1.0/8")),
    GARBAGE(Reason.GARBAGE, CM, up -> up.write("costmap/num/routingcost", new byte[] {(byte) 0xff, 0, '<', 'p', '>'})),
    DEPENDENT_VTAG_MISMATCH(Reason.DEPENDENT_VTAG_MISMATCH, CM,
        up -> up.edit("costmap/num/routingcost", OLD_TAG, "some-other-version")),
    SERVER_ERROR(Reason.SERVER_ERROR, CM, up -> moveTo(up, "costmap/num/routingcost", "fails")),
    WRONG_CONTENT_TYPE(Reason.WRONG_CONTENT_TYPE, NM, up -> moveTo(up, "networkmap", "wrong-type")),
    NOT_FOUND(Reason.HTTP_ERROR, NM, up -> moveTo(up, "networkmap", "no-such-map")),
    TIMEOUT(Reason.TIMEOUT, CM, up -> moveTo(up, "costmap/num/routingcost", "hangs")),
    GARBLED_IRD(Reason.GARBAGE, null, up -> up.write("directory", "{\"meta\": ")),
    WRONG_RESOURCE(Reason.NOT_AS_ANNOUNCED, NM,
        up -> up.edit("networkmap", "\"resource-id\": \"loopback-network-map\"", "\"resource-id\": \"another-map\"")),
    VTAG_REUSED(Reason.VTAG_REUSED, NM, up -> up.edit("networkmap", "127.0.4.0/24", "127.0.9.0/24"));

    final Reason reason;
    final String resource;
    final Edit edit;

    Breakage(Reason reason, String resource, Edit edit) {
      this.reason = reason;
      this.resource = resource;
      this.edit = edit;
    }
  }

  /** A change to what the upstream serves. */
  interface Edit {
    void apply(UpstreamSite up) throws Exception;
  }

  /** The upstream IRD points a resource at another of its locations. */
  static void moveTo(UpstreamSite up, String from, String to) throws Exception {
    up.edit("directory", "\"uri\": \"" + from + "\"", "\"uri\": \"" + to + "\"");
  }

  @ParameterizedTest
  @EnumSource(Breakage.class)
  void brokenUpstreamIsRefusedWithItsReasonAndTheLastGoodVersionStays(Breakage b) throws Exception {
    try (UpstreamSite up = new UpstreamSite(dir, Fixtures.host(6, 30 + b.ordinal())); AltoServer s = gateway(up)) {
      AltoClient c = client(s);
      VerifiedResource nm = c.fetch(NM);
      VerifiedResource cm = c.fetch(CM);
      byte[] ird = Fixtures.get(s.httpDirectory()).body();
      java.time.Instant confirmed = s.stats().upstream().confirmed();
      b.edit.apply(up);
      s.rescan();
      assertProblem(s, b.resource, b.reason);
      UpstreamStatus u = s.stats().upstream();
      assertFalse(u.healthy());
      assertEquals(confirmed, u.confirmed(), "the served version was last confirmed before the breakage");
      assertEquals(1, u.consecutiveFailures());
      assertSame(nm, c.fetch(NM));
      assertSame(cm, c.fetch(CM));
      assertArrayEquals(ird, Fixtures.get(s.httpDirectory()).body());
      String status = new String(Fixtures.get(s.statusUri()).body(), StandardCharsets.UTF_8);
      assertTrue(status.contains("\"reason\" : \"" + b.reason + "\""), status);
      assertTrue(status.contains("\"stale-seconds\""), status);
    }
  }

  @Test
  void upstreamGoingAwayLeavesTheLastGoodVersionInServiceAndSaysHowStale() throws Exception {
    try (UpstreamSite up = new UpstreamSite(dir, Fixtures.host(6, 16)); AltoServer s = gateway(up)) {
      AltoClient c = client(s);
      VerifiedResource nm = c.fetch(NM);
      up.stop();
      s.rescan();
      s.rescan();
      assertProblem(s, null, Reason.UNREACHABLE);
      assertEquals(2, s.stats().upstream().consecutiveFailures());
      assertSame(nm, c.fetch(NM));
      JsonNode status = MetaSplice.MAPPER.readTree(Fixtures.get(s.statusUri()).body());
      assertFalse(status.at("/upstream/healthy").asBoolean());
      assertTrue(status.at("/upstream/stale-seconds").canConvertToLong(), status.toString());
      List<String> metrics = new String(Fixtures.get(s.metricsUri()).body(), StandardCharsets.UTF_8).lines().toList();
      assertTrue(metrics.contains("altoredist_upstream_healthy 0.0"), metrics.toString());
      assertTrue(metrics.contains("altoredist_upstream_refusals_total{reason=\"UNREACHABLE\"} 2.0"), metrics.toString());
      assertTrue(metrics.contains("altoredist_upstream_failed_polls_total 2.0"), metrics.toString());
      assertTrue(metrics.stream().anyMatch(l -> l.startsWith("altoredist_upstream_stale_seconds ")), metrics.toString());
    }
  }

  @Test
  void firstStartWithoutAGoodUpstreamServesNothing() throws Exception {
    try (UpstreamSite up = new UpstreamSite(dir, Fixtures.host(6, 17))) {
      up.edit("costmap/num/routingcost", OLD_TAG, "some-other-version");
      NothingToServeException e = org.junit.jupiter.api.Assertions.assertThrows(NothingToServeException.class,
          () -> gateway(up));
      assertTrue(e.rejected().stream().anyMatch(r -> r.reason().startsWith("DEPENDENT_VTAG_MISMATCH")),
          e.rejected().toString());
    }
  }

  /** A new consistent upstream version: a fifth PID, a new vtag, the cost map following. */
  static void newVersion(UpstreamSite up, String tag) throws Exception {
    up.edit("networkmap", "\"pid-4\": { \"ipv4\": [ \"127.0.4.0/24\" ] },",
        "\"pid-4\": { \"ipv4\": [ \"127.0.4.0/24\" ] },\n    \"pid-5\": { \"ipv4\": [ \"127.0.5.0/24\" ] },");
    up.edit("networkmap", OLD_TAG, tag);
    up.edit("costmap/num/routingcost", OLD_TAG, tag);
  }

  private static long answered(UpstreamSite up, int status) {
    try {
      return up.answered(status);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void assertProblem(AltoServer s, String resource, Reason reason) {
    List<UpstreamStatus.Problem> p = s.stats().upstream().problems();
    assertTrue(p.stream().anyMatch(x -> x.reason() == reason && java.util.Objects.equals(x.resource(), resource)),
        "expected " + reason + " for " + resource + ", got " + p);
  }

  /** The same signed version: same sequence and bytes. */
  private static void assertSame(VerifiedResource expected, VerifiedResource actual) {
    assertNotNull(actual);
    assertEquals(expected.descriptor().sequence(), actual.descriptor().sequence());
    assertArrayEquals(expected.body(), actual.body());
  }
}
