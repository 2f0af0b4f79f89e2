package org.altoredist.trust;

import java.net.InetAddress;
import java.util.List;
import org.altoredist.alto.VersionTag;

/**
 * What the verifying client asked for and already holds, against which a verified descriptor is
 * checked (signed-resources.md §5 steps 8 to 12). Start from {@link #fromPeer} or
 * {@link #fromOrigin} and narrow with the {@code with...} methods; a null field is not checked.
 *
 * @param resourceId the resource ID asked for, or null for any (and for the root IRD, which has none)
 * @param mediaType the media type asked for, or null for any
 * @param request the GET URI asked for, or null for any
 * @param heldSequence the sequence of the version already held, or {@link #NO_SEQUENCE}
 * @param dependsOn the network-map version held, which the resource must depend on, or null
 * @param fromPeer whether the copy came from a peer rather than from the ALTO server itself
 * @param localAddresses this client's addresses, for a target-audience scope
 */
public record Expectation(String resourceId, String mediaType, String request, long heldSequence,
    VersionTag dependsOn, boolean fromPeer, List<InetAddress> localAddresses) {

  /** No version held yet: any sequence is new. */
  public static final long NO_SEQUENCE = -1;

  public Expectation {
    localAddresses = List.copyOf(localAddresses);
  }

  /** A copy received from a peer: the redistribution scope applies. */
  public static Expectation fromPeer(String resourceId) {
    return new Expectation(resourceId, null, null, NO_SEQUENCE, null, true, List.of());
  }

  /** A copy fetched from the ALTO server itself: a not-redistributable resource is still usable. */
  public static Expectation fromOrigin(String resourceId) {
    return new Expectation(resourceId, null, null, NO_SEQUENCE, null, false, List.of());
  }

  public Expectation withMediaType(String type) {
    return new Expectation(resourceId, type, request, heldSequence, dependsOn, fromPeer, localAddresses);
  }

  public Expectation withRequest(String uri) {
    return new Expectation(resourceId, mediaType, uri, heldSequence, dependsOn, fromPeer, localAddresses);
  }

  /** Refuse versions older than {@code sequence}. */
  public Expectation withHeldSequence(long sequence) {
    return new Expectation(resourceId, mediaType, request, sequence, dependsOn, fromPeer, localAddresses);
  }

  /** Refuse a resource that does not depend on this network-map version (a cost map's dependent vtag). */
  public Expectation dependingOn(VersionTag networkMapVtag) {
    return new Expectation(resourceId, mediaType, request, heldSequence, networkMapVtag, fromPeer, localAddresses);
  }

  /** This client's addresses; a target-audience resource is refused unless one lies in its audience. */
  public Expectation withLocalAddresses(List<InetAddress> addresses) {
    return new Expectation(resourceId, mediaType, request, heldSequence, dependsOn, fromPeer, addresses);
  }
}
