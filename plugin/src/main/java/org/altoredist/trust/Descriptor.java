package org.altoredist.trust;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.altoredist.alto.CostType;
import org.altoredist.alto.VersionTag;

/**
 * What an ALTO server states about one body it signed (signed-resources.md §2): which service and
 * resource it is ("is this what I requested?"), its version and freshness, and who may receive it
 * from peers. It travels as canonical JSON inside the signature; {@link #encode()} gives those
 * bytes and {@link #decode} reads them strictly.
 *
 * @param service the ALTO service identity: the URI of its root IRD (absolute http or https)
 * @param resourceId the resource ID in the IRD; null only for the root IRD itself
 * @param mediaType the response's media type, e.g. {@code application/alto-networkmap+json}
 * @param request the absolute URI the body is the GET response of
 * @param vtag the resource's own version tag (required for a network map), or null
 * @param dependentVtags the versions it depends on (exactly one for a cost map), or empty
 * @param costType the cost type of a cost map, or null for every other resource
 * @param sequence grows with every new version of the same (service, resource); 0 .. 2^53-1
 * @param notBefore first instant the resource may be used (whole seconds)
 * @param expires first instant it may no longer be used (whole seconds, after notBefore)
 * @param scope who may receive it from peers
 */
public record Descriptor(String service, String resourceId, String mediaType, String request,
    VersionTag vtag, List<VersionTag> dependentVtags, CostType costType, long sequence,
    Instant notBefore, Instant expires, RedistributionScope scope) {

  /** The descriptor format this code reads and writes. */
  public static final int FORMAT_VERSION = 1;

  /** Largest sequence: 2^53 - 1, the largest integer every JSON implementation reads exactly (RFC 8785 §3.2.2.3). */
  public static final long MAX_SEQUENCE = (1L << 53) - 1;

  static final String NETWORK_MAP = "application/alto-networkmap+json";
  static final String COST_MAP = "application/alto-costmap+json";
  static final String DIRECTORY = "application/alto-directory+json";

  /** Checks every rule of signed-resources.md §2; a violation is an IllegalArgumentException. */
  public Descriptor {
    DescriptorSyntax.requireHttpUri(service, "service");
    DescriptorSyntax.requireHttpUri(request, "request");
    DescriptorSyntax.requireMediaType(mediaType);
    dependentVtags = List.copyOf(dependentVtags);
    if (costType != null) {
      DescriptorSyntax.requireCostIdentifier(costType.metric(), "cost-metric");
      DescriptorSyntax.requireCostIdentifier(costType.mode(), "cost-mode");
      // The description is for people and is not signed (RFC 7285 §10.7).
      costType = new CostType(costType.metric(), costType.mode());
    }
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(notBefore, "not-before");
    Objects.requireNonNull(expires, "expires");
    boolean rootDirectory = mediaType.equals(DIRECTORY) && request.equals(service);
    if (resourceId == null) {
      if (!rootDirectory) {
        throw new IllegalArgumentException("resource-id may be absent only for the root IRD");
      }
    } else {
      DescriptorSyntax.requireResourceId(resourceId, "resource-id");
    }
    if (sequence < 0 || sequence > MAX_SEQUENCE) {
      throw new IllegalArgumentException("sequence " + sequence + " outside 0 .. 2^53-1");
    }
    if (notBefore.getNano() != 0 || expires.getNano() != 0) {
      throw new IllegalArgumentException("not-before and expires are whole seconds");
    }
    if (!expires.isAfter(notBefore)) {
      throw new IllegalArgumentException("expires " + expires + " is not after not-before " + notBefore);
    }
    if (dependentVtags.size() > Limits.MAX_DEPENDENT_VTAGS) {
      throw new IllegalArgumentException(dependentVtags.size() + " dependent vtags; at most " + Limits.MAX_DEPENDENT_VTAGS);
    }
    switch (mediaType) {
      case NETWORK_MAP -> {
        if (vtag == null || !vtag.resourceId().equals(resourceId)) {
          throw new IllegalArgumentException("a network map carries its own vtag (RFC 7285 §11.2.1.6)");
        }
        if (!dependentVtags.isEmpty() || costType != null) {
          throw new IllegalArgumentException("a network map has no dependent vtags and no cost type");
        }
      }
      case COST_MAP -> {
        if (dependentVtags.size() != 1 || costType == null) {
          throw new IllegalArgumentException(
              "a cost map carries one dependent vtag and its cost type (RFC 7285 §11.2.3.6)");
        }
        if (vtag != null) {
          throw new IllegalArgumentException("a cost map has no vtag of its own (RFC 7285 §11.2.3.6)");
        }
      }
      default -> {
        if (costType != null) {
          throw new IllegalArgumentException("only a cost map has a cost type");
        }
        if (mediaType.equals(DIRECTORY) && (vtag != null || !dependentVtags.isEmpty())) {
          throw new IllegalArgumentException("an IRD has no vtags");
        }
      }
    }
  }

  /** Whether this resource is the one {@code other} describes: same service and resource ID. */
  public boolean sameResource(Descriptor other) {
    return service.equals(other.service) && Objects.equals(resourceId, other.resourceId);
  }

  /** The canonical JSON bytes this descriptor is signed as. */
  public byte[] encode() {
    return DescriptorJson.encode(this);
  }

  /** Reads canonical descriptor JSON; anything else is refused as {@code MALFORMED}. */
  public static Descriptor decode(byte[] json) throws VerificationException {
    return DescriptorJson.decode(json);
  }
}
