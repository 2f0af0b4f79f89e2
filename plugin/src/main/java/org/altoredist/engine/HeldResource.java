package org.altoredist.engine;

import java.time.Instant;
import org.altoredist.trust.VerifiedResource;
import org.altoredist.wire.BundleHash;

/**
 * One verified version a node holds.
 *
 * @param service the ALTO service
 * @param resourceId the resource id, or null for the root IRD
 * @param sequence the publisher's version number
 * @param hash the SHA-256 of the bundle, its handle on the wire
 * @param size the bundle's size in bytes
 * @param source where this node got it
 * @param resource the verified resource: descriptor, parsed body, signer
 * @param receivedAt when this node installed it
 */
public record HeldResource(String service, String resourceId, long sequence, BundleHash hash, int size,
    Source source, VerifiedResource resource, Instant receivedAt) {

  /** Where a held version came from. */
  public enum Source {
    /** Fetched from the ALTO server by this node. */
    SERVER,
    /** Delivered by peers and verified. */
    PEER,
    /** Read back from the state directory at start, and verified again. */
    STORE,
    /** Handed to the engine by its owner (a seeder loading signed files). */
    PUBLISHED
  }

  /** When the publisher says this version stops being usable. */
  public Instant expires() {
    return resource.descriptor().expires();
  }

  @Override
  public String toString() {
    return service + (resourceId == null ? " (root IRD)" : " " + resourceId) + " #" + sequence + " (" + size
        + " bytes, " + source.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
