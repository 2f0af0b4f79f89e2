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

  private static void sameBodies(VerifiedResource a, VerifiedResource b) {
    assertArrayEquals(a.body(), b.body());
    assertEquals(a.descriptor().vtag(), b.descriptor().vtag());
    assertEquals(a.descriptor().dependentVtags(), b.descriptor().dependentVtags());
    assertEquals(a.descriptor().request(), b.descriptor().request());
  }
}
