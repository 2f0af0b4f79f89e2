package org.altoredist.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.AltoErrorDocument;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.ErrorCode;
import org.altoredist.alto.InfoResourceDirectory;
import org.altoredist.alto.NetworkMap;
import org.altoredist.trust.Expectation;
import org.altoredist.trust.ResourceVerifier;
import org.altoredist.trust.VerifiedResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in server over real loopback HTTP: media types, signatures, conditional GET, RFC 7285 errors. */
class AltoServerTest {

  static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");

  @TempDir
  Path dir;

  AltoServer server;
  URI ird;

  @BeforeEach
  void start() throws Exception {
    server = AltoServer.builder(ServiceConfig.of(Fixtures.copyExamples(dir), dir.resolve("state"), SERVICE))
        .bind(Fixtures.host(1, 10)).pathPrefix("/alto/").start();
    ird = server.httpDirectory();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void irdNamesEachSignatureAndItsRelativeUrisResolveUnderThePrefix() throws Exception {
    HttpResponse<byte[]> r = Fixtures.get(ird);
    assertEquals(200, r.statusCode());
    assertEquals("application/alto-directory+json", r.headers().firstValue("Content-Type").orElseThrow());
    InfoResourceDirectory d = AltoDocuments.parseDirectory(r.body());
    assertEquals("directory.p7s", d.meta().get("ar-signature").textValue());
    ResourceVerifier verifier = new ResourceVerifier(Fixtures.trust(server));
    HttpResponse<byte[]> sig = Fixtures.get(ird.resolve("directory.p7s"));
    assertEquals("application/pkcs7-signature", sig.headers().firstValue("Content-Type").orElseThrow());
    verifier.verifyDetached(r.body(), sig.body(), Expectation.fromOrigin(null).withRequest(SERVICE.toString()));
    for (InfoResourceDirectory.Entry e : d.resources().values()) {
      URI at = e.resolve(ird);
      assertTrue(at.getPath().startsWith("/alto/"), at.toString());
      HttpResponse<byte[]> body = Fixtures.get(at);
      assertEquals(e.mediaType(), body.headers().firstValue("Content-Type").orElseThrow());
      URI sigAt = ird.resolve(e.capabilities().get("ar-signature").textValue());
      VerifiedResource v = verifier.verifyDetached(body.body(), Fixtures.get(sigAt).body(),
          Expectation.fromOrigin(e.id()).withRequest(e.resolve(SERVICE).toString()));
      assertEquals(e.id(), v.descriptor().resourceId());
    }
  }

  @Test
  void networkMapVtagIsItsContentHashAndTheCostMapDependsOnIt() throws Exception {
    NetworkMap nm = AltoDocuments.parseNetworkMap(Fixtures.get(ird.resolve("networkmap")).body());
    CostMap cm = AltoDocuments.parseCostMap(Fixtures.get(ird.resolve("costmap/num/routingcost")).body());
    assertEquals("loopback-network-map", nm.vtag().resourceId());
    assertEquals(64, nm.vtag().tag().length());
    assertEquals(nm.vtag(), cm.dependentVtag());
    assertEquals("pid-1", nm.pidOf(Fixtures.host(1, 7)));
    assertEquals(10.0, cm.matrix().cost("pid-1", "pid-2"));
  }

  @Test
  void matchingIfNoneMatchIsAnswered304AndCounted() throws Exception {
    URI nm = ird.resolve("networkmap");
    HttpResponse<byte[]> full = Fixtures.get(nm);
    String etag = full.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> again = Fixtures.get(nm, "If-None-Match", "\"other\", " + etag);
    assertEquals(304, again.statusCode());
    assertEquals(0, again.body().length);
    assertEquals(etag, again.headers().firstValue("ETag").orElseThrow());
    assertEquals(200, Fixtures.get(nm, "If-None-Match", "\"stale\"").statusCode());
    ServerStats.ResourceStats c = server.stats().resource("loopback-network-map");
    assertEquals(3, c.requests());
    assertEquals(1, c.notModified());
    assertEquals(2L * full.body().length, c.bytes());
  }

  /** RFC 9110 §5.3: a field sent on several lines is one list; §13.1.1: a failing If-Match is 412. */
  @Test
  void repeatedHeaderLinesAreOneListAndAFailingIfMatchIs412() throws Exception {
    URI nm = ird.resolve("networkmap");
    String etag = Fixtures.get(nm).headers().firstValue("ETag").orElseThrow();
    assertEquals(200, Fixtures.get(nm, "Accept", "text/html", "Accept", "*/*").statusCode());
    assertEquals(304, Fixtures.get(nm, "If-None-Match", "\"other\"", "If-None-Match", etag).statusCode());

    HttpResponse<byte[]> r = Fixtures.get(nm, "If-Match", "\"other\"");
    assertEquals(412, r.statusCode());
    assertEquals("if-match", errorDocument(r).field());
    assertEquals(412, Fixtures.get(nm, "If-Match", "W/" + etag).statusCode(), "If-Match compares strongly");
    assertEquals(200, Fixtures.get(nm, "If-Match", "\"other\"", "If-Match", etag).statusCode());
    assertEquals(200, Fixtures.get(nm, "If-Match", "*").statusCode());
  }

  @Test
  void unknownPathIs404WithAnAltoErrorDocument() throws Exception {
    HttpResponse<byte[]> r = Fixtures.get(ird.resolve("no-such-map"));
    assertEquals(404, r.statusCode());
    AltoErrorDocument e = errorDocument(r);
    assertEquals(ErrorCode.E_INVALID_FIELD_VALUE, e.knownCode());
    assertEquals("uri", e.field());
    assertEquals("/alto/no-such-map", e.value());
    assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElseThrow(),
        "a 404 is cacheable by default (RFC 9111 §4.2.2), and the map may be published a minute later");
    assertEquals(404, Fixtures.get(ird.resolve("/directory")).statusCode());
  }

  /**
   * What the HTTP stack refuses before the ALTO handler (an empty path segment, as a client that
   * joins a base ending in '/' with "/directory" sends; a broken header line) is an ALTO error too.
   */
  @Test
  void theStacksOwnRefusalsAreAltoErrorDocuments() throws Exception {
    for (String head : new String[] {"GET /" + ird.getPath() + " HTTP/1.1\r\nHost: x\r\n",
        "GET " + ird.getPath() + " HTTP/1.1\r\nHost: x\r\nno colon here\r\n"}) {
      String answer = raw(head + "Connection: close\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
      assertTrue(answer.contains("Content-Type: application/alto-error+json"), answer);
      AltoErrorDocument e = AltoDocuments.parseError(
          answer.substring(answer.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8));
      assertEquals(ErrorCode.E_SYNTAX, e.knownCode());
      assertNotNull(e.syntaxError());
    }
  }

  /** Sends {@code request} as it is, over a socket of its own, and reads the answer to the end. */
  private String raw(String request) throws Exception {
    try (Socket s = new Socket(ird.getHost(), ird.getPort())) {
      s.setSoTimeout((int) Fixtures.DEADLINE.toMillis());
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void wrongMethodIs405WithAllow() throws Exception {
    HttpResponse<byte[]> r = Fixtures.send(HttpRequest.newBuilder(ird.resolve("networkmap"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")), "Content-Type", "application/alto-networkmapfilter+json");
    assertEquals(405, r.statusCode());
    assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElseThrow());
    assertEquals("method", errorDocument(r).field());
    HttpResponse<byte[]> unknown = Fixtures.send(HttpRequest.newBuilder(ird.resolve("networkmap"))
        .method("FROB", HttpRequest.BodyPublishers.noBody()));
    assertEquals(501, unknown.statusCode(), "a method no HTTP specification defines is not implemented (RFC 9110 §9.1)");
    assertEquals("method", errorDocument(unknown).field());
  }

  @Test
  void queryOnAGetResourceIs400ESyntax() throws Exception {
    HttpResponse<byte[]> r = Fixtures.get(URI.create(ird + "?pids=pid-1"));
    assertEquals(400, r.statusCode());
    AltoErrorDocument e = errorDocument(r);
    assertEquals(ErrorCode.E_SYNTAX, e.knownCode());
    assertNotNull(e.syntaxError());
  }

  @Test
  void acceptWithoutTheResourcesMediaTypeIs406() throws Exception {
    URI nm = ird.resolve("networkmap");
    assertEquals(406, Fixtures.get(nm, "Accept", "application/alto-costmap+json").statusCode());
    assertEquals(406, Fixtures.get(nm, "Accept", "application/alto-networkmap+json;q=0, */*;q=0").statusCode());
    assertEquals(200, Fixtures.get(nm, "Accept", "application/alto-networkmap+json,application/alto-error+json")
        .statusCode());
    assertEquals(200, Fixtures.get(nm, "Accept", "application/*;q=0.5").statusCode());
    // RFC 9110 §12.5.1: the most specific range that matches decides.
    assertEquals(406, Fixtures.get(nm, "Accept", "application/alto-networkmap+json;q=0, */*").statusCode());
    assertEquals(406, Fixtures.get(nm, "Accept", "application/*;q=0, */*").statusCode());
    assertEquals(200, Fixtures.get(nm, "Accept", "application/*;q=0, application/alto-networkmap+json").statusCode());
  }

  @Test
  void headGivesTheLengthWithoutTheBody() throws Exception {
    URI nm = ird.resolve("networkmap");
    int length = Fixtures.get(nm).body().length;
    HttpResponse<byte[]> r = Fixtures.send(HttpRequest.newBuilder(nm).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, r.statusCode());
    assertEquals(Integer.toString(length), r.headers().firstValue("Content-Length").orElseThrow());
    assertEquals(0, r.body().length);
  }

  @Test
  void statusResourceReportsVersionsAndCounts() throws Exception {
    Fixtures.get(ird);
    HttpResponse<byte[]> r = Fixtures.get(server.statusUri());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
    JsonNode s = MetaSplice.MAPPER.readTree(r.body());
    assertEquals(SERVICE.toString(), s.get("service").textValue());
    assertEquals(1, s.get("resources").get("(root IRD)").get("requests").asLong());
    assertTrue(s.get("resources").get("loopback-network-map").get("sequence").asLong() > 0);
  }

  @Test
  void httpsServesTheSameBytesUnderTheDemoCa() throws Exception {
    try (AltoServer tls = AltoServer.builder(ServiceConfig.of(null, dir.resolve("tls-state"),
        URI.create("https://127.0.0.1/directory"))).httpPort(-1).httpsPort(0).start()) {
      java.net.http.HttpClient c = java.net.http.HttpClient.newBuilder()
          .sslContext(Credentials.trusting(Fixtures.anchors(tls))).build();
      HttpResponse<byte[]> r = c.send(HttpRequest.newBuilder(tls.httpsDirectory().resolve("networkmap")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, r.statusCode());
      assertArrayEquals(Fixtures.get(ird.resolve("networkmap")).body(), r.body());
    }
  }

  private static AltoErrorDocument errorDocument(HttpResponse<byte[]> r) throws Exception {
    assertEquals("application/alto-error+json", r.headers().firstValue("Content-Type").orElseThrow());
    return AltoDocuments.parseError(r.body());
  }
}
