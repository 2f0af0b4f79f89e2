package org.altoredist.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import org.altoredist.alto.VersionTag;

/**
 * Writes what the server states in each response's meta (alto-http.md §3.3): a network map's vtag
 * is the hash of its content, a cost map's dependent vtag is its network map's current vtag, and
 * the IRD names every resource's signature ({@value #CAPABILITY}).
 */
final class Stamp {

  /**
   * The IRD member naming a signature's URI: a capability of each resource entry, and a member of
   * the root IRD's meta for the IRD's own signature. RFC 7285 §8.3.7 has clients ignore unknown
   * fields, so plain ALTO clients are unaffected.
   */
  static final String CAPABILITY = "ar-signature";
  /** Where a resource's detached signature is, relative to the resource's own URI. */
  static final String SIGNATURE_SUFFIX = ".p7s";

  private Stamp() {}

  /** The network map with meta/vtag set to its content hash. */
  static byte[] networkMap(byte[] source, String resourceId) {
    MetaSplice s = MetaSplice.of(source);
    ObjectNode meta = s.meta();
    meta.set("vtag", vtag(new VersionTag(resourceId, s.contentTag())));
    return s.withMeta(meta);
  }

  /** The cost map with meta/dependent-vtags naming exactly the given network-map version. */
  static byte[] costMap(byte[] source, VersionTag networkMap) {
    MetaSplice s = MetaSplice.of(source);
    ObjectNode meta = s.meta();
    meta.putArray("dependent-vtags").add(vtag(networkMap));
    return s.withMeta(meta);
  }

  /**
   * The operator's IRD with every entry's signature URI added as a capability and the IRD's own in
   * its meta. URIs stay relative, so the IRD resolves wherever it is served (RFC 3986 §5).
   */
  static byte[] directory(byte[] source, String directoryPath) {
    try {
      ObjectNode root = (ObjectNode) MetaSplice.MAPPER.readTree(source);
      ((ObjectNode) root.get("meta")).put(CAPABILITY, directoryPath + SIGNATURE_SUFFIX);
      for (Iterator<Map.Entry<String, JsonNode>> it = root.get("resources").fields(); it.hasNext(); ) {
        ObjectNode entry = (ObjectNode) it.next().getValue();
        if (!entry.path("accepts").asText("").isEmpty()) {
          continue; // POST results are computed per request: never signed (alto-http.md §4.8)
        }
        JsonNode caps = entry.get("capabilities");
        ObjectNode c = caps instanceof ObjectNode o ? o : entry.putObject("capabilities");
        c.put(CAPABILITY, entry.get("uri").textValue() + SIGNATURE_SUFFIX);
      }
      return MetaSplice.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException("a validated IRD no longer parses", e);
    }
  }

  private static ObjectNode vtag(VersionTag v) {
    ObjectNode o = MetaSplice.MAPPER.createObjectNode();
    o.put("resource-id", v.resourceId());
    o.put("tag", v.tag());
    return o;
  }
}
