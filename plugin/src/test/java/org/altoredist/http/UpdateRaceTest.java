package org.altoredist.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.altoredist.alto.NetworkMap;
import org.altoredist.alto.VersionTag;
import org.altoredist.http.AltoClientException.Failure;
import org.altoredist.trust.Pem;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.trust.VerificationException;
import org.altoredist.trust.VerifiedResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Body and signature are two GETs (alto-http.md §2.3): an update published between them must cost
 * one retry, not a refusal; and a static host that goes back to an older version is refused as
 * STALE_SEQUENCE. Two published versions are served by a plain file server whose root the test
 * switches at the chosen moment.
 */
class UpdateRaceTest {

  static final URI SERVICE = URI.create("http://127.0.0.1/directory");

  @TempDir
  Path dir;

  final AtomicReference<Path> root = new AtomicReference<>();
  final AtomicInteger signatureGets = new AtomicInteger();
  volatile Runnable afterSignature = () -> { };
  HttpServer files;
  Path v1;
  Path v2;
  TrustPolicy trust;

  @BeforeEach
  void publishTwoVersions() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    ServiceConfig c = ServiceConfig.of(maps, dir.resolve("state"), SERVICE);
    v1 = dir.resolve("v1");
    StaticSite.publish(c, v1, "/");
    MapUpdateTest.replaceInFile(maps.resolve("networkmap.json"), "127.0.4.0/24", "127.0.4.0/23");
    v2 = dir.resolve("v2");
    StaticSite.publish(c, v2, "/");
    trust = TrustPolicy.forService(SERVICE.toString()).anchors(Pem.readCertificates(dir.resolve("state/pki/ca.pem")))
        .build();
    files = HttpServer.create(new InetSocketAddress(Fixtures.host(2, 20), 0), 0);
    files.createContext("/", ex -> {
      try (ex) {
        String path = ex.getRequestURI().getPath().substring(1);
        Path f = root.get().resolve(path);
        if (!Files.isRegularFile(f)) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        byte[] b = Files.readAllBytes(f);
        ex.getResponseHeaders().set("Content-Type", path.endsWith(".p7s") ? "application/pkcs7-signature"
            : path.equals("directory") ? "application/alto-directory+json"
            : path.startsWith("costmap") ? "application/alto-costmap+json" : "application/alto-networkmap+json");
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(b);
        }
        if (path.equals("networkmap.p7s")) {
          signatureGets.incrementAndGet();
          afterSignature.run();
        }
      }
    });
    files.start();
  }

  @AfterEach
  void stop() {
    files.stop(0);
  }

  private AltoClient client() {
    return AltoClient.builder(trust).directoryLocation(URI.create("http://127.0.2.20:" + files.getAddress().getPort()
        + "/directory")).build();
  }

  @Test
  void updateBetweenSignatureAndBodyCostsOneRetryNotARefusal() throws Exception {
    root.set(v1);
    AltoClient c = client();
    c.directory();
    afterSignature = () -> {
      root.set(v2);
      afterSignature = () -> { };
    };
    VerifiedResource nm = c.fetch("loopback-network-map");
    assertEquals(2, signatureGets.get());
    assertEquals("pid-4", ((NetworkMap) nm.document()).pidOf(Fixtures.host(5, 1)));
  }

  @Test
  void costMapFetchedAfterItsNetworkMapChangedIsCheckedAgainstTheNewNetworkMap() throws Exception {
    root.set(v1);
    AltoClient c = AltoClient.builder(trust).directoryLocation(URI.create("http://127.0.2.20:"
        + files.getAddress().getPort() + "/directory")).reuse(java.time.Duration.ofMinutes(1)).build();
    VerifiedResource nm1 = c.fetch("loopback-network-map");
    root.set(v2);
    VerifiedResource cm = c.fetch("loopback-routingcost");
    VersionTag nm2 = ((NetworkMap) c.fetch("loopback-network-map").document()).vtag();
    assertNotEquals(((NetworkMap) nm1.document()).vtag(), nm2);
    assertEquals(List.of(nm2), cm.descriptor().dependentVtags());
  }

  @Test
  void hostServingAnOlderVersionAgainIsRefusedAsStale() throws Exception {
    root.set(v2);
    AltoClient c = client();
    long held = c.fetch("loopback-network-map").descriptor().sequence();
    root.set(v1);
    AltoClientException e = assertThrows(AltoClientException.class, () -> c.fetch("loopback-network-map"));
    assertEquals(Failure.REFUSED, e.failure());
    assertEquals(VerificationException.Reason.STALE_SEQUENCE, e.verificationReason());
    assertTrue(held > 0);
  }
}
