package org.altoredist.engine;

import java.util.Objects;
import org.altoredist.trust.Descriptor;

/**
 * One resource of one ALTO service, the unit of which a node holds one current version.
 *
 * @param service the service's identity, the URI of its root IRD
 * @param resourceId the RFC 7285 resource id, or null for the root IRD, which has none
 */
record ResourceKey(String service, String resourceId) {

  ResourceKey {
    Objects.requireNonNull(service, "service");
  }

  static ResourceKey rootDirectory(String service) {
    return new ResourceKey(service, null);
  }

  static ResourceKey of(Descriptor d) {
    return new ResourceKey(d.service(), d.resourceId());
  }

  @Override
  public String toString() {
    return service + (resourceId == null ? " (root IRD)" : " " + resourceId);
  }
}
