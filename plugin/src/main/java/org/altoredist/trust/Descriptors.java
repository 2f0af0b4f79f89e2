package org.altoredist.trust;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.AltoValidationException;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.CostType;
import org.altoredist.alto.InfoResourceDirectory;
import org.altoredist.alto.VersionTag;

/**
 * Fills a descriptor from the IRD that names a resource and from the body itself, so an operator
 * states only freshness and scope (signed-resources.md §2.3). The IRD gives the request URI
 * (the entry's URI resolved against the IRD's, RFC 3986 §5), the media type and the cost type;
 * the body gives the version tags, which must agree with the IRD's {@code uses}.
 */
public final class Descriptors {

  private Descriptors() {}

  /**
   * @param service the URI the root IRD was fetched from
   * @param ird that IRD
   * @param resourceId the resource to describe, or null for the root IRD itself (then the body is the IRD)
   * @param body the exact bytes to be signed
   * @throws IllegalArgumentException naming what does not fit: an unknown or POST resource, or a
   *     body that is not what the IRD says it is
   */
  public static Descriptor fromDirectory(String service, InfoResourceDirectory ird, String resourceId, byte[] body,
      long sequence, Instant notBefore, Instant expires, RedistributionScope scope) {
    URI base = DescriptorSyntax.requireHttpUri(service, "service");
    if (resourceId == null) {
      try {
        AltoDocuments.parseDirectory(body);
      } catch (AltoValidationException x) {
        throw new IllegalArgumentException("the body is not a valid root IRD: " + x.first(), x);
      }
      return new Descriptor(service, null, Descriptor.DIRECTORY, service, null, List.of(), null, sequence,
          notBefore, expires, scope);
    }
    InfoResourceDirectory.Entry e = ird.resource(resourceId);
    if (e == null) {
      throw new IllegalArgumentException("the IRD has no resource " + resourceId);
    }
    if (!e.isGet()) {
      throw new IllegalArgumentException(resourceId + " accepts " + e.accepts()
          + ": results computed from a client's input are never redistributable");
    }
    String request = e.resolve(base).toString();
    VersionTag vtag = null;
    List<VersionTag> dependent = List.of();
    CostType costType = null;
    try {
      switch (e.mediaType()) {
        case Descriptor.NETWORK_MAP -> vtag = AltoDocuments.parseNetworkMap(body).vtag();
        case Descriptor.COST_MAP -> {
          CostMap cm = AltoDocuments.parseCostMap(body);
          if (!e.uses().contains(cm.dependentVtag().resourceId())) {
            throw new IllegalArgumentException("the cost map depends on " + cm.dependentVtag().resourceId()
                + ", which the IRD entry's uses " + e.uses() + " does not list");
          }
          costType = ird.costTypeOf(e);
          if (costType == null || !costType.equals(cm.costType())) {
            throw new IllegalArgumentException("the cost map's cost type " + cm.costType()
                + " is not the IRD's cost-type-names of " + resourceId);
          }
          dependent = List.of(cm.dependentVtag());
        }
        case Descriptor.DIRECTORY -> AltoDocuments.parseDelegatedDirectory(body);
        default -> { }
      }
    } catch (AltoValidationException x) {
      throw new IllegalArgumentException("the body is not a valid " + e.mediaType() + ": " + x.first(), x);
    }
    if (vtag != null && !vtag.resourceId().equals(resourceId)) {
      throw new IllegalArgumentException("the network map's vtag names " + vtag.resourceId() + ", not " + resourceId);
    }
    return new Descriptor(service, resourceId, e.mediaType(), request, vtag, dependent, costType, sequence,
        notBefore, expires, scope);
  }
}
