package org.altoredist.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.AltoErrorDocument;
import org.altoredist.alto.ErrorCode;
import org.altoredist.alto.InfoResourceDirectory;
import org.altoredist.http.AltoClientException.Failure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filtered network map (RFC 7285 §11.3.1), a POST resource: answered from the full map under its
 * vtag, refused with the RFC 7285 error code and field for a bad request, and never signed, so the
 * client never hands it to the engine.
 */
class FilteredNetworkMapTest {

  static final String FILTER_TYPE = "application/alto-networkmapfilter+json";

  @TempDir
  Path dir;

  AltoServer server;
  URI filtered;

  @BeforeEach
  void start() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    MapUpdateTest.replaceInFile(maps.resolve("ird.json"), "\"resources\": {", "\"resources\": {\n"
        + "    \"loopback-filtered\": { \"uri\": \"networkmap/filtered\", \"media-type\": \"application/alto-networkmap+json\","
        + " \"accepts\": \"" + FILTER_TYPE + "\", \"uses\": [ \"loopback-network-map\" ] },");
    server = AltoServer.builder(ServiceConfig.of(maps, dir.resolve("state"), URI.create("http://127.0.0.1/directory")))
        .bind(Fixtures.host(2, 30)).start();
    filtered = server.httpDirectory().resolve("networkmap/filtered");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void filterKeepsTheAskedPidsAndTypesUnderTheFullMapsVtag() throws Exception {
    JsonNode full = MetaSplice.MAPPER.readTree(Fixtures.get(server.httpDirectory().resolve("networkmap")).body());
    HttpResponse<byte[]> r = post("{\"pids\": [\"pid-1\", \"pid-default\", \"pid-9\", \"pid-1\"], \"address-types\": [\"ipv6\", \"x\"]}",
        FILTER_TYPE);
    assertEquals(200, r.statusCode());
    assertEquals("application/alto-networkmap+json", r.headers().firstValue("Content-Type").orElseThrow());
    JsonNode m = MetaSplice.MAPPER.readTree(r.body());
    assertEquals(full.get("meta").get("vtag"), m.get("meta").get("vtag"));
    assertEquals(List.of("pid-1", "pid-default"), names(m.get("network-map")));
    assertTrue(m.get("network-map").get("pid-1").isEmpty());
    assertEquals("::/0", m.get("network-map").get("pid-default").get("ipv6").get(0).textValue());
    assertFalse(m.get("network-map").get("pid-default").has("ipv4"));
    JsonNode all = MetaSplice.MAPPER.readTree(post("{\"pids\": []}", FILTER_TYPE).body());
    assertEquals(names(full.get("network-map")), names(all.get("network-map")));
    assertEquals(2, server.stats().resource("loopback-filtered").requests());
  }

  @Test
  void badRequestsGetTheRfc7285CodeAndField() throws Exception {
    assertError(post("{\"address-types\": [\"ipv4\"]}", FILTER_TYPE), 400, ErrorCode.E_MISSING_FIELD, "pids");
    assertError(post("{\"pids\": \"pid-1\"}", FILTER_TYPE), 400, ErrorCode.E_INVALID_FIELD_TYPE, "pids");
    assertError(post("{\"pids\": [\"pid-1\", 7]}", FILTER_TYPE), 400, ErrorCode.E_INVALID_FIELD_VALUE, "pids");
    assertError(post("{\"pids\": [], \"address-types\": {}}", FILTER_TYPE), 400, ErrorCode.E_INVALID_FIELD_TYPE,
        "address-types");
    assertError(post("{\"pids\": [", FILTER_TYPE), 400, ErrorCode.E_SYNTAX, null);
    assertError(post("{\"pids\": [], \"pids\": []}", FILTER_TYPE), 400, ErrorCode.E_SYNTAX, null);
    assertError(post("{\"pids\": []} x", FILTER_TYPE), 400, ErrorCode.E_SYNTAX, null);
    assertError(post("{\"pids\": []}{}", FILTER_TYPE), 400, ErrorCode.E_SYNTAX, null);
    assertError(post("{\"pids\": []}", "application/json"), 415, ErrorCode.E_INVALID_FIELD_VALUE, "content-type");
    HttpResponse<byte[]> get = Fixtures.get(filtered);
    assertEquals("POST", get.headers().firstValue("Allow").orElseThrow());
    assertError(get, 405, ErrorCode.E_INVALID_FIELD_VALUE, "method");
  }

  @Test
  void filteredMapIsUnsignedAndNeverHandedOutByTheClient() throws Exception {
    InfoResourceDirectory ird = AltoDocuments.parseDirectory(Fixtures.get(server.httpDirectory()).body());
    assertFalse(ird.resource("loopback-filtered").capabilities().has("ar-signature"));
    AltoClient c = AltoClient.builder(Fixtures.trust(server)).directoryLocation(server.httpDirectory()).build();
    assertEquals(Failure.NO_SUCH_RESOURCE,
        assertThrows(AltoClientException.class, () -> c.fetch("loopback-filtered")).failure());
    assertEquals(1, c.maps().costMaps().size());
  }

  private HttpResponse<byte[]> post(String body, String type) throws Exception {
    return Fixtures.send(HttpRequest.newBuilder(filtered).POST(HttpRequest.BodyPublishers.ofString(body)),
        "Content-Type", type);
  }

  private static void assertError(HttpResponse<byte[]> r, int status, ErrorCode code, String field) throws Exception {
    assertEquals(status, r.statusCode());
    assertEquals("application/alto-error+json", r.headers().firstValue("Content-Type").orElseThrow());
    AltoErrorDocument e = AltoDocuments.parseError(r.body());
    assertEquals(code, e.knownCode(), e.summary());
    assertEquals(field, e.field(), e.summary());
  }

  private static List<String> names(JsonNode o) {
    List<String> out = new java.util.ArrayList<>();
    o.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
