package org.altoredist.alto;

/**
 * Checks that hold between documents: what a client verifies before using a cost map with a
 * network map, or a map with the IRD that announced it. Each throws one
 * {@link AltoValidationException} listing every mismatch, with paths into the checked document.
 */
public final class CrossChecks {

  private CrossChecks() {}

  /**
   * The cost map depends on exactly this network map version (RFC 7285 §11.2.3.6: its
   * dependent vtag, compared byte for byte, §10.3) and names only PIDs the network map defines.
   */
  public static void costMapAgainstNetworkMap(CostMap cm, NetworkMap nm) throws AltoValidationException {
    ErrorSink errors = new ErrorSink();
    if (!cm.dependentVtag().equals(nm.vtag())) {
      errors.add(ErrorCode.E_INVALID_FIELD_VALUE, "meta/dependent-vtags/0", cm.dependentVtag().toString(),
          "the network map checked against has vtag " + nm.vtag() + " (RFC 7285 §11.2.3.6, §10.3)");
    }
    CostMatrix m = cm.matrix();
    for (String pid : m.pids()) {
      if (!nm.hasPid(pid)) {
        errors.add(ErrorCode.E_INVALID_FIELD_VALUE, "cost-map/" + pid, pid,
            "PID not defined by network map " + nm.vtag().resourceId());
      }
    }
    errors.throwIfAny();
  }

  /**
   * The network map is the IRD's resource {@code resourceId}: its vtag names that resource
   * (RFC 7285 §10.3) and the entry is a GET network map.
   */
  public static void networkMapAgainstDirectory(NetworkMap nm, InfoResourceDirectory ird, String resourceId)
      throws AltoValidationException {
    ErrorSink errors = new ErrorSink();
    InfoResourceDirectory.Entry e = entry(ird, resourceId, DocumentType.NETWORK_MAP, errors);
    if (e != null && !nm.vtag().resourceId().equals(resourceId)) {
      errors.add(ErrorCode.E_INVALID_FIELD_VALUE, "meta/vtag/resource-id", nm.vtag().resourceId(),
          "the IRD resource fetched is " + resourceId);
    }
    errors.throwIfAny();
  }

  /**
   * The cost map is the IRD's resource {@code resourceId}: same cost type as the entry's single
   * cost-type name (RFC 7285 §11.2.3.4), and its dependent vtag names the network map in the entry's
   * uses (§11.2.3.5).
   */
  public static void costMapAgainstDirectory(CostMap cm, InfoResourceDirectory ird, String resourceId)
      throws AltoValidationException {
    ErrorSink errors = new ErrorSink();
    InfoResourceDirectory.Entry e = entry(ird, resourceId, DocumentType.COST_MAP, errors);
    if (e != null) {
      CostType announced = ird.costTypeOf(e);
      if (announced != null && !announced.equals(cm.costType())) {
        errors.add(ErrorCode.E_INVALID_FIELD_VALUE, "meta/cost-type", cm.costType().toString(),
            "the IRD announces " + resourceId + " with cost type " + announced);
      }
      if (!e.uses().contains(cm.dependentVtag().resourceId())) {
        errors.add(ErrorCode.E_INVALID_FIELD_VALUE, "meta/dependent-vtags/0/resource-id",
            cm.dependentVtag().resourceId(), "the IRD says " + resourceId + " uses " + e.uses());
      }
    }
    errors.throwIfAny();
  }

  private static InfoResourceDirectory.Entry entry(InfoResourceDirectory ird, String id, DocumentType type,
      ErrorSink errors) {
    InfoResourceDirectory.Entry e = ird.resource(id);
    if (e == null || e.documentType() != type || !e.isGet()) {
      errors.add(ErrorCode.E_INVALID_FIELD_VALUE, "", id, "the IRD has no GET " + type.shortName() + " resource " + id);
      return null;
    }
    return e;
  }
}
