package org.altoredist.wire;

import java.util.regex.Pattern;

/**
 * One inventory entry: what a peer says about a bundle it holds. Every field is a claim the
 * receiver cannot trust until it has the bytes, their SHA-256 matches {@link #hash}, and the
 * bundle's signature and descriptor confirm service, resource id and sequence.
 *
 * @param service the ALTO service: the IRD URI, printable ASCII
 * @param resourceId the RFC 7285 ResourceID of the resource in that IRD, or {@code null} for the
 *     service's root IRD itself, which has none (signed-resources.md §2.2, {@code resource-id})
 * @param sequence the publisher's version number for (service, resource id); larger supersedes
 * @param size total bundle size in bytes
 * @param hash the SHA-256 of the whole bundle
 */
public record BundleClaim(String service, String resourceId, long sequence, int size, BundleHash hash) {

  /** RFC 7285 §10.2 (ResourceID, same syntax as PIDName), without the reserved '.'. */
  private static final Pattern RESOURCE_ID = Pattern.compile("[0-9A-Za-z\\-:@_]{1,64}");
  /** Printable ASCII, as a URI is (RFC 3986); bounded so an entry fits an inventory message. */
  private static final Pattern SERVICE = Pattern.compile("[\\x21-\\x7e]{1," + WireLimits.MAX_SERVICE_LENGTH + "}");

  public BundleClaim {
    if (!SERVICE.matcher(service).matches()) {
      throw new IllegalArgumentException("service must be 1-" + WireLimits.MAX_SERVICE_LENGTH
          + " printable ASCII characters: " + abbreviate(service));
    }
    if (resourceId != null && !RESOURCE_ID.matcher(resourceId).matches()) {
      throw new IllegalArgumentException("resource id is not an RFC 7285 ResourceID: " + abbreviate(resourceId));
    }
    if (sequence < 0 || sequence > WireLimits.MAX_SEQUENCE) {
      throw new IllegalArgumentException("sequence outside 0.." + WireLimits.MAX_SEQUENCE + ": " + sequence);
    }
    if (size < 1 || size > WireLimits.MAX_BUNDLE_SIZE) {
      throw new IllegalArgumentException("size outside 1.." + WireLimits.MAX_BUNDLE_SIZE + ": " + size);
    }
    if (hash == null) {
      throw new IllegalArgumentException("hash is missing");
    }
  }

  /** True for a claim about the service's root IRD, which has no resource id. */
  public boolean isRootDirectory() {
    return resourceId == null;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? '"' + s + '"' : '"' + s.substring(0, 80) + "…\" (" + s.length() + " chars)";
  }
}
