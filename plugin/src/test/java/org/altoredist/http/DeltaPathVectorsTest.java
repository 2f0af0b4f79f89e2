package org.altoredist.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.altoredist.trust.DeltaBundle;
import org.altoredist.trust.SignedBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vectors/http/delta-paths.json (alto-http.md §4.10): the server's delta production, fed the delta
 * vectors' two versions in order, offers exactly the committed delta at the named path, with the
 * named ETag, and nothing from the current version.
 */
class DeltaPathVectorsTest {

  static final Path FILE = StampVectorsTest.VECTORS.resolve("delta-paths.json");

  @TempDir
  Path state;

  @Test
  void theServerOffersTheCommittedDeltaAtThePathOfItsBaseHandle() throws Exception {
    JsonNode index = new ObjectMapper().readTree(FILE.toFile());
    for (JsonNode v : index.get("vectors")) {
      String name = v.get("name").textValue();
      SignedBundle base = bundle(v.get("base").textValue());
      SignedBundle target = bundle(v.get("target").textValue());
      String hex = HexFormat.of().formatHex(DeltaBundle.handleOf(base));
      assertEquals(v.get("base-sha256-hex").textValue(), hex, name);
      assertEquals(v.get("resource-uri").textValue() + DeltaHistory.PATH_SUFFIX + hex, v.get("delta-uri").textValue(), name);
      DeltaHistory history = new DeltaHistory(state.resolve(name), "https://alto.example.com/directory");
      if (!java.util.Arrays.equals(base.encoded(), target.encoded())) {
        history.publish("my-default-network-map", 7, base);
      }
      Map<String, byte[]> offered = history.publish("my-default-network-map", 8, target);
      if (v.get("status").intValue() == 200) {
        byte[] body = Files.readAllBytes(FILE.resolveSibling(v.get("body").textValue()));
        assertArrayEquals(body, offered.get(hex), name);
        assertEquals(v.get("media-type").textValue(), DeltaHistory.MEDIA_TYPE, name);
        assertEquals(v.get("etag").textValue(), Snapshot.etag(body), name);
      } else {
        assertEquals(404, v.get("status").intValue(), name);
        assertFalse(offered.containsKey(hex), name);
      }
    }
  }

  private static SignedBundle bundle(String relative) throws Exception {
    return SignedBundle.parse(Files.readAllBytes(FILE.resolveSibling(relative)));
  }
}
