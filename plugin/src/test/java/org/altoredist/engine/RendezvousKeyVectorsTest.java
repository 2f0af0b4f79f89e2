package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.altoredist.wire.InfoHash;
import org.junit.jupiter.api.Test;

/**
 * The rendezvous key derivations against bep-extension-spec/vectors/wire/rendezvous.json, which
 * vectors/wire/generate.py computed with Python's hashlib, sharing no code with this one.
 */
class RendezvousKeyVectorsTest {

  static List<JsonNode> cases() throws Exception {
    Path file = Path.of(System.getProperty("altoredist.spec.dir"), "vectors", "wire", "rendezvous.json");
    List<JsonNode> out = new ArrayList<>();
    new ObjectMapper().readTree(file.toFile()).get("cases").forEach(out::add);
    return out;
  }

  @Test
  void everyVectorDerivesItsKey() throws Exception {
    List<JsonNode> all = cases();
    assertEquals(5, all.size());
    for (JsonNode c : all) {
      RendezvousKey k = c.get("kind").asText().equals("torrent")
          ? RendezvousKey.forTorrent(InfoHash.ofHex(c.get("info_hash").asText()))
          : RendezvousKey.forResource(c.get("service").asText(), c.has("rid") ? c.get("rid").asText() : null);
      assertEquals(c.get("hex").asText(), k.hex(), c.get("name").asText());
    }
  }

  @Test
  void torrentKeyIsNotTheInfoHashSoVanillaPeersNeverMeetTheEndpoint() {
    InfoHash ih = InfoHash.ofHex("cd0291a84c098f90aa0dd6590f0f843978b679ec");
    assertNotEquals(ih, RendezvousKey.forTorrent(ih).asInfoHash());
  }

  @Test
  void rootIrdKeyDiffersFromEveryNamedResource() {
    String service = "https://alto.example.net/directory";
    assertNotEquals(RendezvousKey.forResource(service, null), RendezvousKey.forResource(service, "x"));
  }

  @Test
  void nonAsciiServiceIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> RendezvousKey.forResource("https://alto.example/ü", null));
  }
}
