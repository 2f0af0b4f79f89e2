package org.altoredist.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The IRD a signing gateway publishes for its upstream's (alto-http.md §3.5): the upstream IRD's
 * meta and the entries of the resources the gateway signs (full network maps and cost maps, GET),
 * member for member, except that each {@code uri} becomes {@value #DIR} followed by the resource
 * ID. The entries of other resources (POST services, property maps, delegated IRDs) are left out:
 * the gateway serves and signs neither. {@link Stamp#directory} then adds the signature members,
 * as for an operator's IRD.
 *
 * <p>Paths follow resource IDs, not the upstream's URIs, so that what peers and caches see stays
 * put when the upstream moves a resource (or points it somewhere broken, and the last good version
 * is served meanwhile). A resource ID ({@code [0-9A-Za-z:@_-]}, RFC 7285 §10.2) is a valid path
 * segment, and behind the fixed first segment its ':' cannot read as a scheme.
 */
final class GatewayDirectory {

  /** The directory, under the service's base, that holds the resources. */
  static final String DIR = "maps/";

  private GatewayDirectory() {}

  /** Where the gateway serves a resource, relative to the service's base. */
  static String path(String resourceId) {
    return DIR + resourceId;
  }

  /**
   * @param upstreamIrd the upstream IRD's bytes (already validated)
   * @param kept the resource IDs to keep
   */
  static byte[] of(byte[] upstreamIrd, Set<String> kept) {
    try {
      ObjectNode root = (ObjectNode) MetaSplice.MAPPER.readTree(upstreamIrd);
      ObjectNode out = MetaSplice.MAPPER.createObjectNode();
      out.set("meta", root.get("meta"));
      ObjectNode resources = out.putObject("resources");
      for (Iterator<Map.Entry<String, JsonNode>> it = root.get("resources").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (kept.contains(e.getKey())) {
          ObjectNode entry = ((ObjectNode) e.getValue()).deepCopy();
          entry.put("uri", path(e.getKey()));
          resources.set(e.getKey(), entry);
        }
      }
      return MetaSplice.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(out);
    } catch (IOException e) {
      throw new UncheckedIOException("a validated IRD no longer parses", e);
    }
  }
}
