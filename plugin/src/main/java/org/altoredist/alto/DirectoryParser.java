package org.altoredist.alto;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates an RFC 7285 §9 IRD. Directories are small, so it works on a JSON tree. */
final class DirectoryParser {

  private static final String ENDPOINT_COST = "application/alto-endpointcost+json";

  private final byte[] bytes;
  private final boolean root;
  private final ErrorSink errors = new ErrorSink();
  private final Map<String, CostType> costTypes = new LinkedHashMap<>();
  /** Cost types of a metric or mode registered after this model: named, never used. */
  private final Set<String> newerCostTypes = new HashSet<>();
  private final Map<String, InfoResourceDirectory.Entry> resources = new LinkedHashMap<>();

  DirectoryParser(byte[] bytes, boolean root) {
    this.bytes = bytes;
    this.root = root;
  }

  InfoResourceDirectory parse() throws AltoValidationException {
    JsonNode doc = Trees.read(bytes);
    JsonNode meta = doc.get("meta");
    String defaultMap = null;
    if (meta != null && !meta.isObject()) {
      errors.add(ErrorCode.E_INVALID_FIELD_TYPE, "meta", null, "ResponseMeta is a JSON object (RFC 7285 §8.4.1)");
      meta = null;
    }
    if (meta != null) {
      JsonNode ct = meta.get("cost-types");
      if (ct != null) {
        readCostTypes(ct);
      }
      defaultMap = Members.string(meta, "default-alto-network-map", "meta/default-alto-network-map", root, errors);
    } else if (root) {
      errors.add(ErrorCode.E_MISSING_FIELD, "meta", null, "a root IRD's meta names default-alto-network-map (RFC 7285 §9.1)");
    }
    JsonNode res = Members.object(doc, "resources", "resources", errors);
    if (res != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = res.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        readEntry(e.getKey(), e.getValue());
      }
      for (InfoResourceDirectory.Entry e : resources.values()) {
        checkReferences(e);
      }
    }
    if (defaultMap != null) {
      InfoResourceDirectory.Entry e = resources.get(defaultMap);
      if (e == null || e.documentType() != DocumentType.NETWORK_MAP || !e.isGet()) {
        errors.add(ErrorCode.E_INVALID_FIELD_VALUE, "meta/default-alto-network-map", defaultMap,
            "must name a network map (GET) resource of this IRD (RFC 7285 §9.1)");
      }
    }
    errors.throwIfAny();
    return new InfoResourceDirectory(bytes, meta, Collections.unmodifiableMap(costTypes),
        Collections.unmodifiableMap(resources), defaultMap);
  }

  private void readCostTypes(JsonNode ct) {
    if (!ct.isObject()) {
      errors.add(ErrorCode.E_INVALID_FIELD_TYPE, "meta/cost-types", null, "IRDMetaCostTypes is a JSON object (RFC 7285 §9.2.2)");
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = ct.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (Members.isNewerCostType(e.getValue())) {
        newerCostTypes.add(e.getKey());
        continue;
      }
      CostType t = Members.costType(e.getValue(), "meta/cost-types/" + e.getKey(), errors);
      if (t != null) {
        costTypes.put(e.getKey(), t);
      }
    }
  }

  private void readEntry(String id, JsonNode n) {
    String path = "resources/" + id;
    if (!Identifiers.isResourceId(id)) {
      errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path, id, "a resource ID is 1-64 of [0-9A-Za-z-:@_] (RFC 7285 §10.2)");
    }
    if (!n.isObject()) {
      errors.add(ErrorCode.E_INVALID_FIELD_TYPE, path, null, "IRDResourceEntry is a JSON object (RFC 7285 §9.2.2)");
      return;
    }
    String uri = Members.string(n, "uri", path + "/uri", true, errors);
    String mediaType = Members.string(n, "media-type", path + "/media-type", true, errors);
    String accepts = Members.string(n, "accepts", path + "/accepts", false, errors);
    if (uri != null) {
      try {
        new URI(uri);
      } catch (URISyntaxException e) {
        errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path + "/uri", uri, "not an RFC 3986 URI reference: " + e.getReason());
      }
    }
    if (mediaType != null && !mediaType.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+(\\s*;.*)?")) {
      errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path + "/media-type", mediaType, "not a media type (RFC 6838 §4.2)");
    }
    if (accepts != null && accepts.isEmpty()) {
      accepts = null; // RFC 7285 §9.2.2: an absent or empty accepts means GET
    }
    JsonNode caps = n.get("capabilities");
    if (caps == null) {
      caps = Json.MAPPER.createObjectNode();
    } else if (!caps.isObject()) {
      errors.add(ErrorCode.E_INVALID_FIELD_TYPE, path + "/capabilities", null, "capabilities is a JSON object (RFC 7285 §9.2.2)");
      caps = Json.MAPPER.createObjectNode();
    }
    List<String> uses = stringArray(n.get("uses"), path + "/uses", true);
    List<String> names = stringArray(caps.get("cost-type-names"), path + "/capabilities/cost-type-names", false);
    JsonNode constraints = caps.get("cost-constraints");
    if (constraints != null && !constraints.isBoolean()) {
      errors.add(ErrorCode.E_INVALID_FIELD_TYPE, path + "/capabilities/cost-constraints", null, "cost-constraints is a JSON boolean (RFC 7285 §11.3.2.4)");
    }
    if (uri != null && mediaType != null) {
      resources.put(id, new InfoResourceDirectory.Entry(id, uri, mediaType, accepts, caps, uses, names));
    }
  }

  private List<String> stringArray(JsonNode n, String path, boolean resourceIds) {
    if (n == null) {
      return List.of();
    }
    if (!n.isArray()) {
      errors.add(ErrorCode.E_INVALID_FIELD_TYPE, path, null, "must be a JSON array");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      if (!e.isTextual() || (resourceIds && !Identifiers.isResourceId(e.textValue()))) {
        errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path + "/" + i, e.isTextual() ? e.textValue() : null,
            resourceIds ? "a resource ID is 1-64 of [0-9A-Za-z-:@_] (RFC 7285 §10.2)" : "must be a JSON string");
      } else {
        out.add(e.textValue());
      }
    }
    return out;
  }

  private void checkReferences(InfoResourceDirectory.Entry e) {
    String path = "resources/" + e.id();
    for (int i = 0; i < e.uses().size(); i++) {
      if (!resources.containsKey(e.uses().get(i)) && root) {
        errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path + "/uses/" + i, e.uses().get(i),
            "uses names no resource of this IRD (RFC 7285 §9.2.2)");
      }
    }
    for (int i = 0; i < e.costTypeNames().size(); i++) {
      String name = e.costTypeNames().get(i);
      if (!costTypes.containsKey(name) && !newerCostTypes.contains(name)) {
        errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path + "/capabilities/cost-type-names/" + i, name,
            "names no cost type in meta/cost-types (RFC 7285 §9.2.2)");
      }
    }
    boolean costMap = e.documentType() == DocumentType.COST_MAP;
    if (costMap && e.isGet()) {
      if (e.costTypeNames().size() != 1) {
        errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path + "/capabilities/cost-type-names", null,
            "an unfiltered cost map has exactly one cost type (RFC 7285 §11.2.3.4)");
      }
      long maps = e.uses().stream().filter(u -> isNetworkMap(u)).count();
      if (root && (e.uses().size() != 1 || maps != 1)) {
        errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path + "/uses", null,
            "a cost map uses exactly the network map its PIDs come from (RFC 7285 §11.2.3.5)");
      }
    } else if ((costMap || DocumentType.sameMediaType(ENDPOINT_COST, e.mediaType())) && e.costTypeNames().isEmpty()) {
      errors.add(ErrorCode.E_MISSING_FIELD, path + "/capabilities/cost-type-names", null,
          "a filtered cost map or endpoint cost service lists one or more cost types (RFC 7285 §11.3.2.4, §11.5.1.4)");
    }
  }

  private boolean isNetworkMap(String id) {
    InfoResourceDirectory.Entry u = resources.get(id);
    return u != null && u.documentType() == DocumentType.NETWORK_MAP;
  }
}
