package org.altoredist.http;

import java.util.List;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.CostType;
import org.altoredist.alto.DocumentType;
import org.altoredist.alto.InfoResourceDirectory;

/**
 * Which IRD resource an operator's map file provides, read from its content (alto-http.md §3.1): a
 * network map names its resource in meta/vtag/resource-id; a cost map names its network map in
 * meta/dependent-vtags and has a cost type, and RFC 7285 §11.2.3.5 forbids two cost maps with the
 * same (cost type, network map). File names therefore carry no meaning.
 *
 * @param resourceId the resource, or null when the file provides none
 * @param problem why it provides none
 */
record Identity(String resourceId, String problem) {

  static Identity of(SourceDoc d, InfoResourceDirectory ird) {
    if (d.networkMap() != null) {
      String id = d.networkMap().vtag().resourceId();
      InfoResourceDirectory.Entry e = ird.resource(id);
      if (e == null || e.documentType() != DocumentType.NETWORK_MAP || !e.isGet()) {
        return new Identity(null, "its meta/vtag/resource-id " + id + " is no network map resource of the IRD");
      }
      return new Identity(id, null);
    }
    if (d.costMap() != null) {
      CostMap cm = d.costMap();
      String nm = cm.dependentVtag().resourceId();
      List<InfoResourceDirectory.Entry> fits = ird.resources().values().stream()
          .filter(e -> e.documentType() == DocumentType.COST_MAP && e.isGet() && e.uses().contains(nm)
              && cm.costType().equals(ird.costTypeOf(e)))
          .toList();
      if (fits.size() != 1) {
        return new Identity(null, "the IRD has " + (fits.isEmpty() ? "no" : fits.size()) + " cost map resources of cost type "
            + describe(cm.costType()) + " using network map " + nm + " (RFC 7285 §11.2.3.5 allows one)");
      }
      return new Identity(fits.get(0).id(), null);
    }
    return new Identity(null, "a " + d.doc().type().shortName() + " is not a map the IRD can name");
  }

  private static String describe(CostType t) {
    return t.mode() + "/" + t.metric();
  }
}
