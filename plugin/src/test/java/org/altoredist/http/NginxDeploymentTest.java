package org.altoredist.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.altoredist.http.AltoClientException.Failure;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.trust.VerificationException;
import org.altoredist.trust.VerifiedResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The static deployment: {@code publish} writes the signed resources as files, a real nginx serves
 * them, and the same client gets the same maps from it as from the built-in server; a file
 * tampered with on the static server is refused with the trust part's reason.
 */
class NginxDeploymentTest {

  static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");

  @TempDir
  Path dir;

  @Test
  void clientGetsTheSameMapsFromNginxAsFromTheBuiltInServer() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    ServiceConfig config = ServiceConfig.of(maps, dir.resolve("state"), SERVICE);
    AltoClient.ServiceMaps fromServer;
    TrustPolicy trust;
    try (AltoServer s = AltoServer.builder(config).bind(Fixtures.host(3, 10)).pathPrefix("/alto/").start()) {
      trust = Fixtures.trust(s);
      fromServer = AltoClient.builder(trust).directoryLocation(s.httpDirectory()).build().maps();
    }
    StaticSite.Result site = StaticSite.publish(config, dir.resolve("www"), "/alto/");
    try (Nginx nginx = new Nginx(dir.resolve("nginx"), Fixtures.host(3, 11), site.nginxSnippet())) {
      URI ird = nginx.base.resolve("alto/directory");
      AltoClient c = AltoClient.builder(trust).directoryLocation(ird).build();
      AltoClient.ServiceMaps fromNginx = c.maps();
      sameBodies(fromServer.directory(), fromNginx.directory());
      sameBodies(fromServer.networkMap(), fromNginx.networkMap());
      sameBodies(fromServer.costMaps().get(0), fromNginx.costMaps().get(0));
      assertTrue(fromNginx.networkMap().descriptor().sequence() > fromServer.networkMap().descriptor().sequence());

      HttpResponse<byte[]> first = Fixtures.get(ird.resolve("networkmap"));
      assertEquals("application/alto-networkmap+json", first.headers().firstValue("Content-Type").orElseThrow());
      assertEquals("application/pkcs7-signature",
          Fixtures.get(ird.resolve("networkmap.p7s")).headers().firstValue("Content-Type").orElseThrow());
      String etag = first.headers().firstValue("ETag").orElseThrow();
      assertEquals(304, Fixtures.get(ird.resolve("networkmap"), "If-None-Match", etag).statusCode());
      assertEquals(fromNginx.networkMap().descriptor().sequence(), c.maps().networkMap().descriptor().sequence());
    }
  }

  @Test
  void fileTamperedWithOnTheStaticServerIsRefusedWithTheTrustReason() throws Exception {
    ServiceConfig config = ServiceConfig.of(Fixtures.copyExamples(dir), dir.resolve("state"), SERVICE);
    StaticSite.Result site = StaticSite.publish(config, dir.resolve("www"), "/alto/");
    TrustPolicy trust = TrustPolicy.forService(SERVICE.toString())
        .anchors(org.altoredist.trust.Pem.readCertificates(dir.resolve("state/pki/ca.pem"))).build();
    Path nm = dir.resolve("www/networkmap");
    Files.writeString(nm, Files.readString(nm).replace("127.0.1.0/24", "127.0.9.0/24"));
    try (Nginx nginx = new Nginx(dir.resolve("nginx"), Fixtures.host(3, 12), site.nginxSnippet())) {
      AltoClient c = AltoClient.builder(trust).directoryLocation(nginx.base.resolve("alto/directory")).build();
      c.directory();
      AltoClientException e = assertThrows(AltoClientException.class, () -> c.fetch("loopback-network-map"));
      assertEquals(Failure.REFUSED, e.failure());
      assertEquals(VerificationException.Reason.DIGEST_MISMATCH, e.verificationReason());
    }
  }

  @Test
  void clientHoldingTheLastVersionRebuildsTheNextFromNginxsDeltaWithoutReadingTheBody() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    ServiceConfig config = ServiceConfig.of(maps, dir.resolve("state"), SERVICE);
    Path www = dir.resolve("www");
    StaticSite.Result site = StaticSite.publish(config, www, "/alto/");
    // nginx's ETag is the modification second and the size: two publications within one second of
    // equal-length signatures would share it. A day apart, as in a real deployment, they do not.
    for (Path f : site.files()) {
      Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(86400)));
    }
    TrustPolicy trust = TrustPolicy.forService(SERVICE.toString())
        .anchors(org.altoredist.trust.Pem.readCertificates(dir.resolve("state/pki/ca.pem"))).build();
    try (Nginx nginx = new Nginx(dir.resolve("nginx"), Fixtures.host(3, 13), site.nginxSnippet())) {
      URI ird = nginx.base.resolve("alto/directory");
      AltoClient c = AltoClient.builder(trust).directoryLocation(ird).build();
      VerifiedResource r1 = c.fetch("loopback-network-map");
      org.altoredist.trust.SignedBundle v1 = r1.bundle();
      DeltaServeTest.addPid(maps, 5);
      StaticSite.publish(config, www, "/alto/");
      byte[] body = Files.readAllBytes(www.resolve("networkmap"));
      // A body the client would refuse if it read it: it must come from the delta.
      Files.writeString(www.resolve("networkmap"), "{}");
      VerifiedResource v2 = c.fetch("loopback-network-map");
      assertArrayEquals(body, v2.body());
      assertTrue(v2.descriptor().sequence() > r1.descriptor().sequence());
      assertArrayEquals(body, c.fetch("loopback-network-map").body(), "and again, with nothing new");
      HttpResponse<byte[]> d = Fixtures.get(ird.resolve("networkmap.delta/" + DeltaServeTest.hex(v1)));
      assertEquals(200, d.statusCode());
      assertEquals(DeltaHistory.MEDIA_TYPE, d.headers().firstValue("Content-Type").orElseThrow());
      assertEquals(304, Fixtures.get(ird.resolve("networkmap.delta/" + DeltaServeTest.hex(v1)), "If-None-Match",
          d.headers().firstValue("ETag").orElseThrow()).statusCode());
      assertEquals(404, Fixtures.get(ird.resolve("networkmap.delta/" + DeltaServeTest.hex(v2.bundle()))).statusCode());
    }
  }

  private static void sameBodies(VerifiedResource a, VerifiedResource b) {
    assertArrayEquals(a.body(), b.body());
    assertEquals(a.descriptor().vtag(), b.descriptor().vtag());
    assertEquals(a.descriptor().dependentVtags(), b.descriptor().dependentVtags());
    assertEquals(a.descriptor().request(), b.descriptor().request());
  }
}
