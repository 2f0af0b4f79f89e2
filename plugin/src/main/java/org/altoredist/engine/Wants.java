package org.altoredist.engine;

import java.util.LinkedHashSet;
import java.util.Set;
import org.altoredist.alto.CostType;
import org.altoredist.alto.DocumentType;
import org.altoredist.alto.InfoResourceDirectory;

/**
 * What a node wants of a service it uses (issue: "identify the desired ALTO information"): the
 * service's root IRD, and once that is held, the IRD's default network map and the GET cost maps
 * over it whose cost type the node ranks by (every scalar one when none is configured).
 */
final class Wants {

  private Wants() {}

  /** Whether the service's root IRD is held, so that the rest of what it wants is known. */
  static boolean holdsDirectory(Service service, Holdings holdings) {
    return holdings.newest(ResourceKey.rootDirectory(service.uri())) != null;
  }

  static Set<ResourceKey> of(Service service, Holdings holdings) {
    Set<ResourceKey> wanted = new LinkedHashSet<>();
    ResourceKey root = ResourceKey.rootDirectory(service.uri());
    wanted.add(root);
    HeldBundle ird = holdings.newest(root);
    if (ird == null || !(ird.info().resource().document() instanceof InfoResourceDirectory dir)) {
      return wanted;
    }
    String nm = dir.defaultNetworkMap();
    InfoResourceDirectory.Entry nmEntry = nm == null ? null : dir.resource(nm);
    if (nmEntry == null || !nmEntry.isGet() || nmEntry.documentType() != DocumentType.NETWORK_MAP) {
      return wanted;
    }
    wanted.add(new ResourceKey(service.uri(), nm));
    for (InfoResourceDirectory.Entry e : dir.resources().values()) {
      CostType t = dir.costTypeOf(e);
      if (e.isGet() && e.documentType() == DocumentType.COST_MAP && e.uses().contains(nm) && t != null && t.isScalar()
          && (service.costTypes().isEmpty() || service.costTypes().contains(t))) {
        wanted.add(new ResourceKey(service.uri(), e.id()));
      }
    }
    return wanted;
  }
}
