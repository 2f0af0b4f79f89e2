package org.altoredist.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.altoredist.alto.IpPrefix;
import org.altoredist.alto.NetworkMap;

/**
 * The filtered network map of RFC 7285 §11.3.1: the PIDs and address types a client asks for, cut
 * from the full map, under the full map's vtag (§11.3.1.6). Unknown PIDs and address types are
 * ignored and an empty list means all, as §11.3.1.3 says. Computed for one requester, so it is
 * neither signed nor redistributable.
 */
final class NetworkMapFilter {

  /**
   * Largest request body: a thousand PID names of the maximum 64 characters, quoted, fit in 67 KiB;
   * a request for more PIDs than that can ask for the full map.
   */
  static final int MAX_REQUEST_BYTES = 128 * 1024;

  private static final List<String> ADDRESS_TYPES = List.of("ipv4", "ipv6");
  /** One JSON text (RFC 8259 §2): no duplicate members, nothing after the value. */
  private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build()).build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** A request the filter refuses, with the RFC 7285 error document to answer (status 400). */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final transient byte[] errorDocument;

    Refused(byte[] errorDocument) {
      super(null, null, false, false);
      this.errorDocument = errorDocument;
    }
  }

  private NetworkMapFilter() {}

  static byte[] answer(NetworkMap full, byte[] request) throws Refused {
    JsonNode req;
    try {
      req = STRICT.readTree(request);
    } catch (JsonProcessingException e) {
      throw new Refused(ErrorBodies.syntax(e.getOriginalMessage()));
    } catch (java.io.IOException e) {
      throw new Refused(ErrorBodies.syntax("unreadable request body"));
    }
    if (req == null || !req.isObject()) {
      throw new Refused(ErrorBodies.syntax("a ReqFilteredNetworkMap is a JSON object (RFC 7285 §11.3.1.3)"));
    }
    Set<String> pids = strings(req, "pids", true);
    Set<String> types = strings(req, "address-types", false);
    ObjectNode out = MetaSplice.MAPPER.createObjectNode();
    ObjectNode vtag = out.putObject("meta").putObject("vtag");
    vtag.put("resource-id", full.vtag().resourceId());
    vtag.put("tag", full.vtag().tag());
    ObjectNode map = out.putObject("network-map");
    for (String pid : full.pids()) {
      if (!pids.isEmpty() && !pids.contains(pid)) {
        continue;
      }
      ObjectNode group = map.putObject(pid);
      for (IpPrefix p : full.prefixes(pid)) {
        String type = p.ipv6() ? "ipv6" : "ipv4";
        if (types.isEmpty() || types.contains(type)) {
          (group.has(type) ? (ArrayNode) group.get(type) : group.putArray(type)).add(p.toString());
        }
      }
    }
    try {
      return MetaSplice.MAPPER.writeValueAsBytes(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an in-memory JSON tree always serialises", e);
    }
  }

  /**
   * An array of strings; an element of another type is an invalid value (RFC 7285 §8.5.2). Unknown
   * address types are dropped, so a list of only unknown ones means all (§11.3.1.3, §11.3.1.6).
   */
  private static Set<String> strings(JsonNode req, String field, boolean required) throws Refused {
    JsonNode n = req.get(field);
    if (n == null) {
      if (required) {
        throw new Refused(ErrorBodies.missing(field));
      }
      return Set.of();
    }
    if (!n.isArray()) {
      throw new Refused(ErrorBodies.invalidType(field));
    }
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw new Refused(ErrorBodies.invalidValue(field, e.toString()));
      }
      if (!field.equals("address-types") || ADDRESS_TYPES.contains(e.textValue())) {
        out.add(e.textValue());
      }
    }
    return out;
  }
}
