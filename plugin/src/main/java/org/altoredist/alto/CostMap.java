package org.altoredist.alto;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An RFC 7285 §11.2.3 cost map: the network-map version it depends on, its cost type, and its
 * costs as a {@link CostMatrix}. Only the scalar cost modes (numerical, ordinal) are accepted, since
 * those are the ones a peer can rank by; costs are JSON numbers, ordinal ones non-negative integers.
 */
public final class CostMap extends DocumentBytes implements AltoDocument {

  private final VersionTag dependentVtag;
  private final CostType costType;
  private final CostMatrix matrix;

  CostMap(byte[] bytes, JsonNode meta, VersionTag dependentVtag, CostType costType, CostMatrix matrix) {
    super(bytes, meta);
    this.dependentVtag = dependentVtag;
    this.costType = costType;
    this.matrix = matrix;
  }

  @Override
  public DocumentType type() {
    return DocumentType.COST_MAP;
  }

  /** The single element of meta/dependent-vtags: the network map version the PIDs refer to. */
  public VersionTag dependentVtag() {
    return dependentVtag;
  }

  public CostType costType() {
    return costType;
  }

  public CostMatrix matrix() {
    return matrix;
  }

  @Override
  public String summary() {
    return "costmap: " + matrix.size() + " PIDs, " + matrix.definedCount() + " costs, cost type "
        + costType + ", depends on " + dependentVtag;
  }
}
