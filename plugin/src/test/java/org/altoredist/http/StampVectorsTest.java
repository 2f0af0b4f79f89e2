package org.altoredist.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bodies alto-http.md §3.3 prescribes for the example maps, checked against the spec's vectors
 * (vectors/http/), and their ETags (§4.2).
 */
class StampVectorsTest {

  static final Path VECTORS = Path.of(System.getProperty("altoredist.spec.dir", "../bep-extension-spec"), "vectors",
      "http");

  @Test
  void stampedExampleMapsAreTheSpecsBytes() throws Exception {
    CatalogBuilder b = new CatalogBuilder(new MapSource(null), Clock.systemUTC());
    Catalog c = b.build(new MapSource(null).read()).catalog();
    Map<String, String> etags = Map.of("directory.json", "\"001b76750e346804ed34d46571ebbbf0\"",
        "networkmap.json", "\"ba0e871512f9bf409fdf28e37e014a22\"", "costmap.json", "\"88cbaa2d2140dd887ae321f1a95cb358\"");
    check("directory.json", c.directory().bytes(), etags);
    check("networkmap.json", c.resources().get("loopback-network-map").bytes(), etags);
    check("costmap.json", c.resources().get("loopback-routingcost").bytes(), etags);
  }

  @Test
  void networkMapVtagIgnoresTheSourceTagAndFollowsTheContent() throws Exception {
    byte[] src = Files.readAllBytes(Fixtures.EXAMPLES.resolve("networkmap.json"));
    String other = new String(src, java.nio.charset.StandardCharsets.UTF_8)
        .replace("8b0f0f4ad7b1e2c0c3a4a1f6a0e6c5d2e9b7a310", "anything-else");
    assertEquals(MetaSplice.of(src).contentTag(), MetaSplice.of(other.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .contentTag());
    String moved = other.replace("127.0.4.0/24", "127.0.5.0/24");
    assertEquals(false, MetaSplice.of(src).contentTag()
        .equals(MetaSplice.of(moved.getBytes(java.nio.charset.StandardCharsets.UTF_8)).contentTag()));
  }

  private static void check(String file, byte[] actual, Map<String, String> etags) throws Exception {
    assertArrayEquals(Files.readAllBytes(VECTORS.resolve(file)), actual, file);
    assertEquals(etags.get(file), Snapshot.etag(actual), file);
  }
}
