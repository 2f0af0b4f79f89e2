package org.altoredist.alto;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * An RFC 7285 §9 information resource directory: the cost types it defines, its resources, and
 * (for a root IRD) the default network map. Every {@code uses} entry and every cost-type name has
 * been checked to resolve.
 */
public final class InfoResourceDirectory extends DocumentBytes implements AltoDocument {

  /**
   * One IRD entry (RFC 7285 §9.2.2). {@code accepts} is null for a GET resource; capabilities are
   * kept as JSON (unknown ones included); {@code costTypeNames} is the capability of that name.
   * {@code mediaType} is the one this model names when it knows the type: a media type's name
   * ignores case and parameters (RFC 6838 §4.2), and what is compared with it downstream (a
   * response's Content-Type, a signed descriptor's lower-case media-type) must see one name.
   */
  public record Entry(String id, String uri, String mediaType, String accepts, JsonNode capabilities,
      List<String> uses, List<String> costTypeNames) {

    public Entry {
      DocumentType known = DocumentType.ofMediaType(mediaType);
      mediaType = known == null ? mediaType : known.mediaType();
      uses = List.copyOf(uses);
      costTypeNames = List.copyOf(costTypeNames);
    }

    /** GET with no client input: the only kind of resource that may be redistributed. */
    public boolean isGet() {
      return accepts == null;
    }

    /** The document type this entry serves, or null for a media type this model does not parse. */
    public DocumentType documentType() {
      return DocumentType.ofMediaType(mediaType);
    }

    /** The entry's URI resolved against the URI the IRD was fetched from (RFC 3986 §5). */
    public URI resolve(URI directoryUri) {
      return directoryUri.resolve(uri);
    }

    @Override
    public JsonNode capabilities() {
      return capabilities.deepCopy();
    }
  }

  private final Map<String, CostType> costTypes;
  private final Map<String, Entry> resources;
  private final String defaultNetworkMap;

  InfoResourceDirectory(byte[] bytes, JsonNode meta, Map<String, CostType> costTypes,
      Map<String, Entry> resources, String defaultNetworkMap) {
    super(bytes, meta);
    this.costTypes = costTypes;
    this.resources = resources;
    this.defaultNetworkMap = defaultNetworkMap;
  }

  @Override
  public DocumentType type() {
    return DocumentType.DIRECTORY;
  }

  /** meta/cost-types by name, in document order; those of a metric or mode newer than this model left out. */
  public Map<String, CostType> costTypes() {
    return costTypes;
  }

  /** The resources by ID, in document order. */
  public Map<String, Entry> resources() {
    return resources;
  }

  public Entry resource(String id) {
    return resources.get(id);
  }

  /** meta/default-alto-network-map; null only for a non-root IRD that does not name one. */
  public String defaultNetworkMap() {
    return defaultNetworkMap;
  }

  /**
   * The single cost type of an unfiltered cost-map entry, or null when the entry has none or its
   * type's metric or mode is newer than this model (the IRD names it; this client does not use it).
   */
  public CostType costTypeOf(Entry entry) {
    return entry.costTypeNames().size() == 1 ? costTypes.get(entry.costTypeNames().get(0)) : null;
  }

  @Override
  public String summary() {
    return "ird: " + resources.size() + " resources, " + costTypes.size() + " cost types"
        + (defaultNetworkMap == null ? "" : ", default network map " + defaultNetworkMap);
  }
}
